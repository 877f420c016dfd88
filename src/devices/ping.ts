import { IcmpType, UnreachableCode, emitIcmpEcho, nextHopMtu } from '../wire/icmp.js';
import type { Ipv4Header } from '../wire/ipv4.js';
import { formatIpv4, tryParseIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import type { PingCommand } from '../topology/command.js';
import type { AppContext, DatagramOptions, PingReceiver, PingSocket, SocketError } from './app-context.js';
import type { NetInterface } from './net-interface.js';
import { formatTripTime, RttSums, statisticsLines } from './ping-format.js';

const ICMP_HEADER = 8;
const IP_HEADER = 20;
/** iputils puts a struct timeval (16 bytes on x86-64) at the start of the data when it fits. */
const TIMEVAL_BYTES = 16;

/**
 * iputils ping, in virtual time: one echo request per interval, a line per
 * reply or error, statistics at the end. It ends when every request is
 * answered or has failed, or `-W` (10 s by default) after the last request.
 * It reaches the stack through its AppContext and a ping socket only.
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
    this.options = { ttl: command.ttl, pmtuDiscovery: 'want' };
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
    if (!c.broadcast && path.device !== undefined && isBroadcastOf(this.ctx.link(path.device), dst)) {
      this.ctx.printError('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules', this.commandSeq);
      return this.onExit?.(2);
    }
    this.identifier = this.ctx.randomInt(1, 0xffff);
    this.socket = this.ctx.openPing(this.identifier, this);
    this.startedAt = this.ctx.now;
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
    const count = this.command.count;
    if (count !== undefined && this.transmitted >= count) {
      ctx.schedule(ctx.now + this.command.waitNs, (app: PingApp) => app.finish(app.lastCause), this);
    } else {
      ctx.schedule(ctx.now + this.command.intervalNs, (app: PingApp) => app.sendNext(), this);
    }
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
    if (sent === undefined) {
      this.ctx.print(`${bytes} bytes from ${this.named(header.src)}: icmp_seq=${seq} ttl=${header.ttl} (DUP!)`, cause);
      return;
    }
    this.sentAt.delete(seq);
    this.acknowledge(seq);
    const us = Math.floor((this.ctx.now - sent) / 1000);
    this.rtts.add(us);
    this.received++;
    this.ctx.print(`${bytes} bytes from ${this.named(header.src)}: icmp_seq=${seq} ttl=${header.ttl} time=${formatTripTime(us)} ms`, cause);
    this.maybeFinish(cause);
  }

  onIcmpError(seq: number, error: SocketError): void {
    if (this.finished) return;
    const { cause } = error;
    this.lastCause = cause;
    this.sentAt.delete(seq);
    this.acknowledge(seq);
    this.errors++;
    this.ctx.print(`From ${this.named(error.from)} icmp_seq=${seq} ${describeIcmpError(error.type, error.code, error.rest)}`, cause);
    this.maybeFinish(cause);
  }

  /** iputils' acknowledge(): `pipe` grows only when a reply or an error comes back, by how many were out then. */
  private acknowledge(seq: number): void {
    const diff = (this.transmitted - seq) & 0xffff;
    if (diff <= 0x7fff) this.pipe = Math.max(this.pipe, diff + 1);
  }

  private maybeFinish(cause: number): void {
    const count = this.command.count;
    if (count !== undefined && this.received + this.errors >= count) this.finish(cause);
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
      pipe: this.pipe,
    });
    for (const line of lines) this.ctx.print(line, cause);
    this.onExit?.(this.received > 0 ? 0 : 1);
  }

  /**
   * An address as ping shows it: bare when the destination was given as one
   * (iputils sets F_NUMERIC), else `name (address)` after a reverse lookup,
   * which knows localhost (/etc/hosts) and falls back to the address itself.
   */
  private named(a: Ipv4): string {
    if (tryParseIpv4(this.command.destination) !== undefined) return formatIpv4(a);
    return `${a === LOCALHOST ? 'localhost' : formatIpv4(a)} (${formatIpv4(a)})`;
  }
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
