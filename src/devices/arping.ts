import type { ArpingCommand } from '../topology/command.js';
import { ArpOp, type ArpPacket } from '../wire/arp.js';
import type { EthernetHeader } from '../wire/ethernet.js';
import { buildArpFrame } from '../wire/frames.js';
import { formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import { BROADCAST_MAC, formatMac, isBroadcastMac, type Mac } from '../wire/mac.js';
import type { AppContext, ArpReceiver, PacketSocket } from './app-context.js';
import type { NetInterface } from './net-interface.js';

const INTERVAL_NS = 1e9;

/**
 * iputils arping (20221126), in virtual time: an ARP request every second
 * from a packet socket, a line per matching answer, counts at the end. It
 * goes around the neighbour cache: it builds its own requests and reads the
 * answers itself. As the real one, it broadcasts until the first reply and
 * then asks the replier by unicast (unless -b, which hoplab does not take),
 * and with -c N it sends N probes and ends one interval after the last.
 */
export class ArpingApp implements ArpReceiver {
  private iface!: Readonly<NetInterface>;
  private socket: PacketSocket | undefined;
  private source: Ipv4 = 0;
  /** Where the next request goes, and the target MAC it carries (arping's `he`). */
  private he: Mac = BROADCAST_MAC;
  private sent = 0;
  private broadcastsSent = 0;
  private received = 0;
  private broadcastsReceived = 0;
  private requestsReceived = 0;
  private lastSentAt = 0;
  private startedAt = 0;
  private ticks = 1;
  /** Ended by its count or interrupted: the timer's next tick does nothing. */
  private ended = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly command: ArpingCommand,
    private readonly commandSeq: number,
    /** Told arping's exit status when it ends: 0 with a reply, 1 without, 2 when it could not start (the shell front end waits for it). */
    private readonly onExit?: (status: number) => void,
  ) {}

  start(): void {
    const { ctx, command } = this;
    const dst = command.destination;
    let iface: Readonly<NetInterface> | undefined;
    if (command.iface !== undefined) {
      iface = ctx.link(command.iface);
      if (!iface) return this.failed(`arping: Device ${command.iface} not available.`);
    } else {
      // guess_device(): the interface the kernel would route the target through (RTM_GETROUTE).
      const route = ctx.fibLookup(dst);
      iface = route && ctx.link(route.device);
      if (!iface) return this.failed('arping: NETLINK_ROUTE unexpected iov element');
    }
    if (!iface.up) return this.failed(`Interface "${iface.name}" is down`);
    // The source is what a UDP socket bound to the device and connected with
    // SO_DONTROUTE gets: the on-link route's source, else the device's address.
    const route = ctx.fibLookup(dst);
    const source = route && route.gateway === undefined && route.device === iface.name ? route.source : undefined;
    this.source = source ?? iface.addresses[0]?.address ?? 0;
    this.iface = iface;
    ctx.print(`ARPING ${formatIpv4(dst)} from ${formatIpv4(this.source)} ${iface.name}`, this.commandSeq);
    if (this.source === 0) return this.failed('arping: no source address in not-DAD mode');
    this.socket = ctx.openArp(iface, this);
    this.startedAt = ctx.now;
    this.send();
    ctx.schedule(this.startedAt + INTERVAL_NS, tick, this);
  }

  /** arping prints why it cannot start and exits with status 2. */
  private failed(message: string): void {
    this.ctx.print(message, this.commandSeq);
    this.onExit?.(2);
  }

  /**
   * SIGINT (Ctrl-C, or a script line's interrupt): arping's handler ends it
   * as its count would, with the same two lines and status (finish()). Before
   * it has started (a refusal) there is nothing to end.
   */
  interrupt(): void {
    if (this.ended || this.socket === undefined) return;
    this.finish();
  }

  /** The interval timer (a timerfd): send the next probe, or end after the count. */
  onTick(): void {
    if (this.ended) return;
    this.ticks++;
    const count = this.command.count;
    if (count !== undefined && count < this.ticks) return this.finish();
    this.send();
    this.ctx.schedule(this.startedAt + this.ticks * INTERVAL_NS, tick, this);
  }

  private send(): void {
    const packet: ArpPacket = {
      op: ArpOp.Request,
      senderMac: this.iface.mac,
      senderIp: this.source,
      targetMac: this.he,
      targetIp: this.command.destination,
    };
    // A packet socket cannot send on a device that is down (ENETDOWN): the probe is not counted.
    if (!this.socket!.send(buildArpFrame(this.he, packet), this.commandSeq)) return;
    this.lastSentAt = this.ctx.now;
    this.sent++;
    if (isBroadcastMac(this.he)) this.broadcastsSent++;
  }

  /** recv_pack(): only the answer from the target, to our source address and MAC, counts. */
  onArp(arp: ArpPacket, eth: EthernetHeader, rxSeq: number): void {
    const { iface } = this;
    if (arp.op !== ArpOp.Request && arp.op !== ArpOp.Reply) return;
    if (arp.senderIp !== this.command.destination || arp.targetIp !== this.source || arp.targetMac !== iface.mac) return;
    const unicast = eth.dst === iface.mac;
    const what = `${unicast ? 'Unicast' : 'Broadcast'} ${arp.op === ArpOp.Reply ? 'reply' : 'request'}`;
    const mac = formatMac(arp.senderMac).toUpperCase();
    this.ctx.print(
      `${what} from ${formatIpv4(arp.senderIp)} [${mac}]  ${this.sent > 0 ? arpingTime(this.ctx.now - this.lastSentAt) : 'UNSOLICITED?'}`,
      rxSeq,
    );
    this.received++;
    if (!unicast) this.broadcastsReceived++;
    if (arp.op === ArpOp.Request) this.requestsReceived++;
    this.he = arp.senderMac;
  }

  private finish(): void {
    this.ended = true;
    this.socket?.close();
    const cause = this.commandSeq;
    this.ctx.print(`Sent ${this.sent} probes (${this.broadcastsSent} broadcast(s))`, cause);
    const extra: string[] = [];
    if (this.requestsReceived) extra.push(`${this.requestsReceived} request(s)`);
    if (this.broadcastsReceived) extra.push(`${this.broadcastsReceived} broadcast(s)`);
    this.ctx.print(`Received ${this.received} response(s)${extra.length ? ` (${extra.join(', ')})` : ''}`, cause);
    // finish(): without DAD or unsolicited mode, the status says whether anything answered.
    this.onExit?.(this.received > 0 ? 0 : 1);
  }
}

function tick(app: ArpingApp): void {
  app.onTick();
}

/**
 * The reply time exactly as iputils computes it: microseconds rounded, then
 * `msecs = (usecs + 500) / 1000; usecs -= msecs * 1000 - 500`, which prints
 * the time plus half a millisecond (a 5 us answer shows as 0.505ms).
 */
export function arpingTime(elapsedNs: number): string {
  let usecs = Math.floor((elapsedNs + 500) / 1000);
  const msecs = Math.floor((usecs + 500) / 1000);
  usecs -= msecs * 1000 - 500;
  return `${msecs}.${String(usecs).padStart(3, '0')}ms`;
}
