/**
 * traceroute (Dmitry Butskoy's "modern traceroute for Linux", 2.1, the one
 * Debian ships), default UDP method, in virtual time: probes of 60 bytes to
 * ports 33434, 33435, ... with TTL 1, 1, 1, 2, 2, 2, ..., up to 16 in flight
 * at once, each from a fresh socket (so a fresh ephemeral source port). A
 * router on the way answers ICMP time exceeded; the destination answers
 * ICMP port unreachable, which ends the trace. One line per hop, in order.
 *
 * Its main loop (do_it) sends every probe the window allows, then polls; a
 * reply that arrives while it is still sending waits in its socket for that
 * poll. Each send is several system calls (socket, bind, setsockopt, connect,
 * sendto), so the loop takes time: across two veths a reply is back before the
 * next probe leaves, and the first poll finds every hop the burst reached
 * already answered, which is why Linux sends 16 probes to a destination two
 * hops away, not 16 plus one per early answer.
 */
import { IcmpType, TimeExceededCode, UnreachableCode } from '../wire/icmp.js';
import { formatIpv4, tryParseIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import type { TracerouteCommand } from '../topology/command.js';
import type { AppContext, DatagramOptions, SocketError, UdpSocket } from './app-context.js';

const MAX_HOPS = 30;
const PROBES_PER_HOP = 3;
const SIM_PROBES = 16;
const FIRST_PORT = 33434;
/** 40 bytes "all but IP header" minus the UDP header. */
const DATA_LEN = 32;
const PACKET_LEN = 20 + 8 + DATA_LEN;
/** -w MAX,HERE,NEAR defaults: 5 s at most, 3x a reply from the same hop, 10x one from a later hop. */
const WAIT_NS = 5e9;
const HERE_FACTOR = 3;
const NEAR_FACTOR = 10;
const WAIT_PREC_NS = 1e6;
/**
 * What one probe costs the send loop: 26 µs between probes with no reply to
 * handle in between, in oracle T9-tools (kernel 6.18, traceroute 2.1.2).
 */
const SEND_COST_NS = 26_000;

interface Probe {
  ttl: number;
  /** The probe's own socket, from when it is sent until it is answered or given up. */
  socket: UdpSocket | undefined;
  sentAt: number | undefined;
  recvAt: number | undefined;
  done: boolean;
  final: boolean;
  from: Ipv4 | undefined;
  /** "!H", "!N"...: how traceroute marks an unreachable. */
  mark: string;
  /** The event that answered it, which its hop's line is printed on. */
  replyCause: number | undefined;
}

export class TracerouteApp {
  private destination: Ipv4 = 0;
  private readonly probes: Probe[] = [];
  private first = 0;
  private end = MAX_HOPS * PROBES_PER_HOP;
  private line = '';
  private finished = false;
  private timerGeneration = 0;
  private lastCause: number;
  /** Inside the send loop: replies wait for its poll. */
  private sending = false;
  /** A reply arrived while the loop was sending. */
  private heard = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly command: TracerouteCommand,
    private readonly commandSeq: number,
    /** Told traceroute's exit status when it ends: 0 after its last hop, 1 on a send error, 2 on a bad host (the shell waits for it). */
    private readonly onExit?: (status: number) => void,
  ) {
    this.lastCause = commandSeq;
    for (let n = 0; n < this.end; n++) {
      this.probes.push({
        ttl: Math.floor(n / PROBES_PER_HOP) + 1,
        socket: undefined,
        sentAt: undefined,
        recvAt: undefined,
        done: false,
        final: false,
        from: undefined,
        mark: '',
        replyCause: undefined,
      });
    }
  }

  start(): void {
    const dst = tryParseIpv4(this.command.destination);
    if (dst === undefined) {
      this.ctx.print(`${this.command.destination}: Name or service not known`, this.commandSeq);
      this.ctx.print(`Cannot handle "host" cmdline arg \`${this.command.destination}' on position 1 (argc 1)`, this.commandSeq);
      this.onExit?.(2);
      return;
    }
    this.destination = dst;
    this.ctx.print(
      `traceroute to ${this.command.destination} (${formatIpv4(dst)}), ${MAX_HOPS} hops max, ${PACKET_LEN} byte packets`,
      this.commandSeq,
    );
    this.pump(this.commandSeq);
  }

  /**
   * One pass of traceroute's main loop (do_it): expire, print in order, keep
   * SIM_PROBES in flight, then poll. What the pass decides, it decides on what
   * it knew when it began, as do_it reads the clock and the replies once.
   */
  private pump(cause: number): void {
    if (this.finished) return;
    this.lastCause = cause;
    this.timerGeneration++;
    const now = this.ctx.now;
    const toSend: number[] = [];
    let nextTime: number | undefined;
    let inFlight = 0;
    for (let n = this.first; n < this.end; n++) {
      const pb = this.probes[n]!;
      if (n === this.first && !pb.done && pb.sentAt !== undefined) {
        const expireAt = pb.sentAt + this.timeout(n);
        if (expireAt > now) nextTime = expireAt;
        else this.close(pb);
      }
      if (pb.done) {
        if (n === this.first) {
          this.printProbe(n, cause);
          this.first++;
        }
        if (pb.final) this.end = (Math.floor(n / PROBES_PER_HOP) + 1) * PROBES_PER_HOP;
        continue;
      }
      if (pb.sentAt === undefined) {
        pb.sentAt = now + toSend.length * SEND_COST_NS;
        toSend.push(n);
      }
      nextTime ??= pb.sentAt + this.timeout(n);
      if (++inFlight >= SIM_PROBES) break;
    }
    if (this.first >= this.end) {
      this.stop(0);
      return;
    }
    this.sendAll(toSend, cause, nextTime);
  }

  /** The loop's sends, one SEND_COST_NS apart, then its poll: at once if a reply came meanwhile, else until one comes or nextTime. */
  private sendAll(toSend: readonly number[], cause: number, nextTime: number | undefined): void {
    if (toSend.length === 0) {
      this.poll(nextTime);
      return;
    }
    this.sending = true;
    if (!this.send(toSend[0]!, cause)) return;
    for (let k = 1; k < toSend.length; k++) {
      this.ctx.schedule(
        this.probes[toSend[k]!]!.sentAt!,
        (a: { app: TracerouteApp; n: number; cause: number }) => {
          if (!a.app.finished) a.app.send(a.n, a.cause);
        },
        { app: this, n: toSend[k]!, cause },
      );
    }
    this.ctx.schedule(
      this.ctx.now + toSend.length * SEND_COST_NS,
      (a: { app: TracerouteApp; nextTime: number | undefined }) => a.app.endSending(a.nextTime),
      { app: this, nextTime },
    );
  }

  private endSending(nextTime: number | undefined): void {
    this.sending = false;
    if (this.finished) return;
    if (!this.heard) {
      this.poll(nextTime);
      return;
    }
    this.heard = false;
    this.pump(this.lastCause);
  }

  /** do_poll: wait for a reply (onError pumps) or, at the latest, until nextTime. */
  private poll(nextTime: number | undefined): void {
    if (nextTime === undefined) return;
    const generation = ++this.timerGeneration;
    this.ctx.schedule(
      Math.max(nextTime, this.ctx.now),
      (a: { app: TracerouteApp; g: number }) => {
        if (a.g === a.app.timerGeneration) a.app.pump(a.app.lastCause);
      },
      { app: this, g: generation },
    );
  }

  /** get_timeout: wait less for a probe when its hop, or a later one, has already answered quickly. */
  private timeout(n: number): number {
    const hopStart = n - (n % PROBES_PER_HOP);
    for (let i = hopStart; i < hopStart + PROBES_PER_HOP; i++) {
      const p = this.probes[i]!;
      if (p.done && p.recvAt !== undefined && p.recvAt - p.sentAt! > 0)
        return Math.min((p.recvAt - p.sentAt! + WAIT_PREC_NS) * HERE_FACTOR, WAIT_NS);
    }
    for (let i = n + 1; i < this.probes.length && this.probes[i]!.sentAt !== undefined; i++) {
      const p = this.probes[i]!;
      if (p.done && p.recvAt !== undefined && p.recvAt - p.sentAt! > 0)
        return Math.min((p.recvAt - p.sentAt! + WAIT_PREC_NS) * NEAR_FACTOR, WAIT_NS);
    }
    return WAIT_NS;
  }

  /** udp_send_probe: a new socket on a fresh ephemeral port, connected to the next port number, TTL set, DF clear (IP_PMTUDISC_DONT). */
  private send(n: number, cause: number): boolean {
    const { ctx } = this;
    const path = ctx.routeGet(this.destination);
    if (!path) {
      ctx.print('connect: Network is unreachable', cause);
      this.stop(1);
      return false;
    }
    const pb = this.probes[n]!;
    const socket = ctx.openUdp((e) => this.onError(n, e));
    pb.socket = socket;
    const src = path.source;
    const data = new Uint8Array(DATA_LEN).map((_, i) => 0x40 + (i & 0x3f));
    const options: DatagramOptions = { ttl: pb.ttl, pmtuDiscovery: 'dont' };
    // A next hop that never answers ARP comes back as host unreachable from this host itself (Linux loops that ICMP error through lo).
    socket.send(this.destination, FIRST_PORT + n, data, options, cause, (failCause) => {
      this.onError(n, { from: src, type: IcmpType.DestinationUnreachable, code: UnreachableCode.Host, rest: 0, cause: failCause });
    });
    return true;
  }

  private onError(n: number, e: SocketError): void {
    const pb = this.probes[n]!;
    if (this.finished || pb.done) return;
    // The reply's own arrival time (SO_TIMESTAMP), not when the loop gets to it.
    pb.recvAt = this.ctx.now;
    pb.from = e.from;
    pb.replyCause = e.cause;
    this.close(pb);
    if (e.type !== IcmpType.TimeExceeded || e.code !== TimeExceededCode.InTransit) {
      pb.final = true;
      pb.mark = unreachableMark(e);
    }
    if (!this.sending) {
      this.pump(e.cause);
      return;
    }
    this.heard = true;
    this.lastCause = e.cause;
  }

  private close(pb: Probe): void {
    pb.done = true;
    pb.socket?.close();
  }

  /** print_probe: the hop number first, an address whenever it differs from the last one printed on the line, then the time. */
  private printProbe(n: number, cause: number): void {
    const pb = this.probes[n]!;
    const np = n % PROBES_PER_HOP;
    if (np === 0) this.line = `${String(pb.ttl).padStart(2)} `;
    if (pb.from === undefined) this.line += ' *';
    else {
      let previous: Probe | undefined;
      for (let i = n - 1; i >= n - np; i--) {
        if (this.probes[i]!.from !== undefined) {
          previous = this.probes[i];
          break;
        }
      }
      // Without -n, traceroute prints `name (address)`; no address has a name here, so the name is the address.
      const at = formatIpv4(pb.from);
      if (previous?.from !== pb.from) this.line += this.command.numeric ? ` ${at}` : ` ${at} (${at})`;
    }
    if (pb.recvAt !== undefined) this.line += `  ${((pb.recvAt - pb.sentAt!) / 1e6).toFixed(3)} ms`;
    if (pb.mark) this.line += ` ${pb.mark}`;
    if (np === PROBES_PER_HOP - 1) this.ctx.print(this.line, this.lineCause(n - np, cause));
  }

  /** A hop's line is printed on the latest reply among its probes; a hop nobody answered, on what woke the loop. */
  private lineCause(hopStart: number, woke: number): number {
    let latest: number | undefined;
    for (let i = hopStart; i < hopStart + PROBES_PER_HOP; i++) {
      const c = this.probes[i]!.replyCause;
      if (c !== undefined && (latest === undefined || c > latest)) latest = c;
    }
    return latest ?? woke;
  }

  /** Ends the trace with traceroute's exit status: 0 when done, 1 after error("connect"). */
  private stop(status: number): void {
    this.finished = true;
    this.timerGeneration++;
    for (const pb of this.probes) if (pb.sentAt !== undefined && !pb.done) pb.socket?.close();
    this.onExit?.(status);
  }
}

/** parse_icmp_res's marks by Destination Unreachable code (RFC 792, RFC 1122 3.2.2.1, RFC 1812 5.2.7.1). */
const UNREACHABLE_MARKS: Readonly<Record<number, string>> = {
  [UnreachableCode.Net]: '!N',
  6: '!N',
  8: '!N',
  11: '!N',
  [UnreachableCode.Host]: '!H',
  7: '!H',
  12: '!H',
  9: '!X',
  10: '!X',
  13: '!X',
  [UnreachableCode.Protocol]: '!P',
  5: '!S',
  14: '!V',
  15: '!C',
};

/** The mark traceroute prints after the time; empty for port unreachable, which means the destination was reached. */
function unreachableMark(e: SocketError): string {
  if (e.type !== IcmpType.DestinationUnreachable) return `!<${e.type}-${e.code}>`;
  if (e.code === UnreachableCode.Port) return '';
  if (e.code === UnreachableCode.FragmentationNeeded) return `!F-${e.rest & 0xffff}`;
  return UNREACHABLE_MARKS[e.code] ?? `!<${e.code}>`;
}
