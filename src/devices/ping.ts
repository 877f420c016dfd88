import { IcmpType, UnreachableCode, emitIcmpEcho, nextHopMtu } from '../wire/icmp.js';
import type { Ipv4Header } from '../wire/ipv4.js';
import { formatIpv4, tryParseIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import type { PingCommand } from '../topology/command.js';
import type { AppContext, DatagramOptions, PingReceiver, PingSocket, SocketError } from './app-context.js';
import type { NetInterface } from './net-interface.js';
import { formatTripTime, RttSums, statisticsLines } from './ping-format.js';
import { timerWheelExpiry } from '../tables/timer-wheel.js';

const ICMP_HEADER = 8;
const IP_HEADER = 20;
/** iputils puts a struct timeval (16 bytes on x86-64) at the start of the data when it fits. */
const TIMEVAL_BYTES = 16;
/**
 * A process a timer wakes runs once the kernel's work at that tick is done: the other
 * timers of the tick (a neighbour's that gives up or retransmits), and what their frames
 * cause across veths, all in softirq, come first. In oracle S5, ping's next request left
 * 486 µs after the ICMP errors of the tick that woke it; hoplab runs ping 0.5 ms after.
 */
const PROCESS_RUNS_AFTER_NS = 500_000;
/** MIN_INTERVAL_MS: with an interval under it (SCHINT), main_loop() waits in poll(), to the nanosecond, never on the wheel. */
const MIN_INTERVAL_NS = 10e6;

/**
 * iputils ping, in virtual time: one echo request per interval, a line per
 * reply or error, statistics at the end. It ends when every request is
 * answered or has failed, `-W` (10 s by default) after the last request, at
 * its `-w` deadline, or when interrupted (SIGINT: `interrupt()`), the exit
 * conditions of ping_common.c main_loop(). It reaches the stack through its
 * AppContext and a ping socket only.
 */
export class PingApp implements PingReceiver {
  private destination: Ipv4 = 0;
  private identifier = 0;
  private socket: PingSocket | undefined;
  private readonly options: DatagramOptions;
  private nextSeq = 1;
  private transmitted = 0;
  private received = 0;
  private errors = 0;
  private pipe = 0;
  private startedAt = 0;
  private lastSentAt = 0;
  private readonly sentAt = new Map<number, number>();
  private readonly rtts = new RttSums();
  private finished = false;
  private lastCause: number;
  /** iputils' `timing`: the payload holds a timeval, so round trips can be timed (ping4_run: datalen >= sizeof(struct timeval)). */
  private readonly timing: boolean;
  /** -w: when SIGALRM ends ping; undefined without a deadline (-w 0 is none, as iputils has it). */
  private deadlineAt: number | undefined;
  /** When the next request is due while ping waits out its interval; undefined when it waits for nothing more to send. */
  private nextSendAt: number | undefined;
  /** Bumped when the wait is re-armed, so that a stale wake is ignored. */
  private waitGeneration = 0;
  /** An exit check waits for the end of what was read at this instant. */
  private exitCheckPending = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly command: PingCommand,
    private readonly commandSeq: number,
    /** Told ping's exit status when it ends: 0 with a reply, 1 without, 2 when it could not start (the shell front end waits for it). */
    private readonly onExit?: (status: number) => void,
  ) {
    this.lastCause = commandSeq;
    // iputils leaves the socket at IP_PMTUDISC_WANT: DF on a request that fits the path MTU (the oracle's
    // requests carry it), clear on one that does not, which the kernel then fragments.
    this.options = { ttl: command.ttl, pmtuDiscovery: command.pmtuDiscovery ?? 'want' };
    this.timing = command.size >= TIMEVAL_BYTES;
  }

  /** SIGINT (Ctrl-C): main_loop() ends and finish() prints the statistics, as when ping ends by itself. */
  interrupt(): void {
    this.finish(this.lastCause);
  }

  start(): void {
    const c = this.command;
    const name = c.destination === 'localhost' ? '127.0.0.1' : c.destination;
    const dst = tryParseIpv4(name);
    if (dst === undefined) {
      this.ctx.printError(`ping: ${c.destination}: Name or service not known`, this.commandSeq);
      return this.onExit?.(2);
    }
    this.destination = dst;
    const path = this.ctx.routeGet(dst);
    if (!path) {
      this.ctx.printError('ping: connect: Network is unreachable', this.commandSeq);
      return this.onExit?.(2);
    }
    // ping4_run(): connect() of its probe socket refuses a broadcast with EACCES until SO_BROADCAST is set.
    if (path.device !== undefined && isBroadcastOf(this.ctx.link(path.device), dst)) {
      if (!c.broadcast) {
        this.ctx.printError('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules', this.commandSeq);
        return this.onExit?.(2);
      }
      this.ctx.printError('WARNING: pinging broadcast address', this.commandSeq);
    }
    // ping4_run(): setsockopt(IP_TTL) refuses 0 (EINVAL), after the probe socket found a route.
    if (c.ttl === 0) {
      this.ctx.printError('ping: cannot set unicast time-to-live: Invalid argument', this.commandSeq);
      return this.onExit?.(2);
    }
    this.identifier = this.ctx.randomInt(1, 0xffff);
    this.socket = this.ctx.openPing(this.identifier, this);
    this.startedAt = this.ctx.now;
    if (c.deadlineS) {
      // setup(): an ITIMER_REAL of the deadline; its SIGALRM ends main_loop() as SIGINT does.
      this.deadlineAt = this.startedAt + c.deadlineS * 1e9;
      this.ctx.schedule(this.deadlineAt, (app: PingApp) => app.finish(app.lastCause), this);
    }
    this.ctx.print(
      `PING ${c.destination} (${formatIpv4(dst)}) ${c.size}(${c.size + ICMP_HEADER + IP_HEADER}) bytes of data.`,
      this.commandSeq,
    );
    this.sendNext();
  }

  private sendNext(): void {
    if (this.finished) return;
    const { ctx } = this;
    // The sequence is the ICMP header's 16 bits: after 65535 comes 0, as iputils prints it. Its entry
    // in sentAt is made anew at each send, so a reply after the wrap is not a duplicate (rcvd_clear).
    const seq = this.nextSeq++ & 0xffff;
    const echo = emitIcmpEcho(IcmpType.EchoRequest, this.identifier, seq, this.payload(ctx.now));
    const result = this.socket!.send(this.destination, echo, this.options, this.commandSeq, (cause) => {
      this.onIcmpError(seq, {
        from: this.sourceAddress(),
        type: IcmpType.DestinationUnreachable,
        code: UnreachableCode.Host,
        rest: 0,
        cause,
      });
    });
    if (result === 'no-route') {
      this.ctx.printError('ping: sendmsg: Network is unreachable', this.commandSeq);
    }
    this.transmitted++;
    this.sentAt.set(seq, ctx.now);
    this.lastSentAt = ctx.now;
    if (typeof result === 'object') return this.localError(seq, result.messageTooLong);
    const count = this.command.count;
    // pinger() stops at the count, unless a deadline lets it go on until enough replies came (-w).
    if (count !== undefined && this.transmitted >= count && this.deadlineAt === undefined) {
      this.nextSendAt = undefined;
      ctx.schedule(ctx.now + this.command.waitNs, (app: PingApp) => app.finish(app.lastCause), this);
    } else {
      this.waitUntil(this.receiveTimeout(ctx.now));
    }
  }

  /**
   * main_loop() after pinger() sent: recvmsg() blocks for at most SO_RCVTIMEO, which
   * setup() sets to the interval. That timeout is a timer on the kernel's wheel, so
   * a ping that reads nothing sends 1.004 to 1.032 s after the last request.
   */
  private receiveTimeout(from: number): number {
    if (this.command.intervalNs < MIN_INTERVAL_NS) return from + this.command.intervalNs;
    return timerWheelExpiry(from, from + this.command.intervalNs) + PROCESS_RUNS_AFTER_NS;
  }

  /**
   * A reply or an error was read at `now`: pinger() counts the whole milliseconds since
   * the last request. A full interval sends now; some part of one leaves poll() to wait
   * out the rest, to the millisecond; none (an answer within the same millisecond, as
   * across veths) blocks in recvmsg() again, on the wheel. Same-time wakes keep their turn.
   */
  private readAt(now: number): void {
    if (this.nextSendAt === undefined || this.finished || this.command.intervalNs < MIN_INTERVAL_NS) return;
    const intervalMs = this.command.intervalNs / 1e6;
    const elapsedMs = wholeMilliseconds(this.lastSentAt, now);
    let due: number;
    if (elapsedMs >= intervalMs) due = now + PROCESS_RUNS_AFTER_NS;
    else if (elapsedMs > 0) due = now + (intervalMs - elapsedMs) * 1e6;
    else due = this.receiveTimeout(now);
    if (due !== this.nextSendAt) this.waitUntil(due);
  }

  private waitUntil(at: number): void {
    this.nextSendAt = at;
    const generation = ++this.waitGeneration;
    this.ctx.schedule(
      at,
      (a: { app: PingApp; g: number }) => {
        if (a.g === a.app.waitGeneration) a.app.sendNext();
      },
      { app: this, g: generation },
    );
  }

  /**
   * A request the kernel refused (-M do, larger than the path MTU): ping4_receive_error_msg()
   * reads the local error, says so on stderr and counts it in nerrors, not acknowledged, so
   * `pipe` stays. pinger()'s hard_local_error counts it sent and waits an interval, after which
   * main_loop() checks its exit conditions again.
   */
  private localError(seq: number, mtu: number): void {
    this.sentAt.delete(seq);
    this.errors++;
    if (!this.command.quiet) this.ctx.printError(`ping: local error: message too long, mtu=${mtu}`, this.commandSeq);
    this.nextSendAt = undefined;
    this.ctx.schedule(this.receiveTimeout(this.ctx.now), (app: PingApp) => app.afterLocalError(), this);
  }

  private afterLocalError(): void {
    const count = this.command.count;
    if (this.exitDue()) this.finish(this.lastCause);
    else if (count !== undefined && this.transmitted >= count && this.deadlineAt === undefined) {
      this.ctx.schedule(this.lastSentAt + this.command.waitNs, (app: PingApp) => app.finish(app.lastCause), this);
    } else this.sendNext();
  }

  private sourceAddress(): Ipv4 {
    return this.ctx.routeGet(this.destination)?.source ?? 0;
  }

  /** iputils' payload: a timeval of the send time, then bytes counting up from 0x10. */
  private payload(now: number): Uint8Array {
    const data = new Uint8Array(this.command.size);
    for (let i = 0; i < data.length; i++) data[i] = i & 0xff;
    if (data.length >= TIMEVAL_BYTES) {
      const view = new DataView(data.buffer);
      const sec = Math.floor(now / 1e9);
      view.setBigUint64(0, BigInt(sec), true);
      view.setBigUint64(8, BigInt(Math.floor((now - sec * 1e9) / 1e3)), true);
    }
    return data;
  }

  onEchoReply(seq: number, header: Ipv4Header, cause: number): void {
    if (this.finished) return;
    this.lastCause = cause;
    const sent = this.sentAt.get(seq);
    const bytes = header.totalLength - header.headerLength;
    const line = `${bytes} bytes from ${this.named(header.src)}: icmp_seq=${seq} ttl=${header.ttl}`;
    if (sent === undefined) {
      if (!this.command.quiet) this.ctx.print(`${line} (DUP!)`, cause);
      return;
    }
    this.sentAt.delete(seq);
    this.acknowledge(seq);
    this.readAt(this.ctx.now);
    const us = Math.floor((this.ctx.now - sent) / 1000);
    this.rtts.add(us);
    this.received++;
    // gather_statistics(): -q prints nothing per reply; without timing, no time.
    if (!this.command.quiet) this.ctx.print(this.timing ? `${line} time=${formatTripTime(us)} ms` : line, cause);
    if (this.exitDue()) this.finish(cause);
  }

  onIcmpError(seq: number, error: SocketError): void {
    if (this.finished) return;
    const { cause } = error;
    this.lastCause = cause;
    this.sentAt.delete(seq);
    this.acknowledge(seq);
    this.errors++;
    if (!this.command.quiet) {
      this.ctx.print(`From ${this.named(error.from)} icmp_seq=${seq} ${describeIcmpError(error.type, error.code, error.rest)}`, cause);
    }
    this.checkExitAfterReading();
    this.readAt(this.ctx.now);
    // ping's raw socket also receives the ICMP error itself, besides the copy in its error queue
    // (IP_RECVERR). ping4_parse_reply() acknowledges it again, after whatever pinger() sent once the
    // error queue was read: a request due at this very tick goes first, and `pipe` counts it.
    this.ctx.schedule(this.ctx.now + PROCESS_RUNS_AFTER_NS, (a: { app: PingApp; seq: number }) => a.app.acknowledgeRawCopy(a.seq), {
      app: this,
      seq,
    });
  }

  private acknowledgeRawCopy(seq: number): void {
    if (!this.finished) this.acknowledge(seq);
  }

  /** iputils' acknowledge(): `pipe` grows only when a reply or an error comes back, by how many were out then. */
  private acknowledge(seq: number): void {
    const diff = (this.transmitted - seq) & 0xffff;
    if (diff <= 0x7fff) this.pipe = Math.max(this.pipe, diff + 1);
  }

  /**
   * main_loop() reads on while anything is in flight, and checks its exit conditions only
   * when the socket has nothing more: the errors of one failed ARP resolution, queued
   * together, are all counted before -c's or -w's end (oracle P5W-deadline-race: +2 errors).
   * Replies come one to an instant, so a reply that completes the count ends ping at once.
   */
  private checkExitAfterReading(): void {
    if (this.exitCheckPending) return;
    this.exitCheckPending = true;
    this.ctx.schedule(
      this.ctx.now,
      (app: PingApp) => {
        app.exitCheckPending = false;
        if (!app.finished && app.exitDue()) app.finish(app.lastCause);
      },
      this,
    );
  }

  /** main_loop()'s exit conditions besides a signal: enough answers for the count, or an error under a deadline. */
  private exitDue(): boolean {
    const count = this.command.count;
    return (count !== undefined && this.received + this.errors >= count) || (this.deadlineAt !== undefined && this.errors > 0);
  }

  private finish(cause: number): void {
    if (this.finished) return;
    this.finished = true;
    this.socket!.close();
    const lines = statisticsLines({
      destination: this.command.destination === 'localhost' ? 'localhost' : formatIpv4(this.destination),
      transmitted: this.transmitted,
      received: this.received,
      errors: this.errors,
      elapsedMs: Math.round((this.lastSentAt - this.startedAt) / 1e6),
      rtts: this.rtts,
      timing: this.timing,
      pipe: this.pipe,
    });
    for (const line of lines) this.ctx.print(line, cause);
    // finish(): 1 without a reply, or under a deadline with fewer replies than the count.
    const short = this.deadlineAt !== undefined && this.command.count !== undefined && this.received < this.command.count;
    this.onExit?.(this.received === 0 || short ? 1 : 0);
  }

  /**
   * An address as ping shows it: bare with -n or when the destination was given
   * as one (iputils sets F_NUMERIC), else `name (address)` after a reverse lookup,
   * which knows localhost (/etc/hosts) and falls back to the address itself.
   */
  private named(a: Ipv4): string {
    if (this.command.numeric || tryParseIpv4(this.command.destination) !== undefined) return formatIpv4(a);
    return `${a === LOCALHOST ? 'localhost' : formatIpv4(a)} (${formatIpv4(a)})`;
  }
}

/** pinger()'s token count: whole milliseconds from `from` to `to`, seconds and nanoseconds apart, as C divides them. */
function wholeMilliseconds(from: number, to: number): number {
  const seconds = Math.floor(to / 1e9) - Math.floor(from / 1e9);
  return seconds * 1000 + Math.trunc(((to % 1e9) - (from % 1e9)) / 1e6);
}

/** 127.0.0.1, what /etc/hosts calls localhost. */
const LOCALHOST = 0x7f000001;

function isBroadcastOf(iface: Readonly<NetInterface> | undefined, dst: Ipv4): boolean {
  if (dst === 0xffffffff) return true;
  return !!iface?.addresses.some(
    (c) => c.prefixLength < 31 && (c.address | ~(c.prefixLength === 0 ? 0 : ~0 << (32 - c.prefixLength))) >>> 0 === dst,
  );
}

/** ping's words for ICMP errors (iputils pr_icmph). */
function describeIcmpError(type: number, code: number, info: number): string {
  if (type === IcmpType.TimeExceeded) return code === 0 ? 'Time to live exceeded' : 'Frag reassembly time exceeded';
  if (type === IcmpType.DestinationUnreachable) {
    const words: Record<number, string> = {
      0: 'Destination Net Unreachable',
      1: 'Destination Host Unreachable',
      2: 'Destination Protocol Unreachable',
      3: 'Destination Port Unreachable',
      4: `Frag needed and DF set (mtu = ${nextHopMtu(info)})`,
      13: 'Packet filtered',
    };
    return words[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  }
  return `Bad ICMP type: ${type}`;
}
