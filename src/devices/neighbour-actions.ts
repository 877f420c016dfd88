/**
 * Carries out what the neighbour table decides (tables/neighbour-table.ts
 * decides, pure): a `neigh` event for each NUD state change, the ARP
 * requests of INCOMPLETE and PROBE (arp_solicit), the packets released when
 * a MAC is learned, the drops when resolution fails or the queue overflows
 * (unres_qlen), and the entry's timers.
 */
import { LINUX_NEIGHBOUR_DEFAULTS, type NeighbourAction, type NeighbourEntry } from '../tables/neighbour-table.js';
import { ArpOp, type ArpPacket } from '../wire/arp.js';
import { buildArpFrame } from '../wire/frames.js';
import { formatIpv4 } from '../wire/ipv4-address.js';
import { BROADCAST_MAC, formatMac, type Mac, ZERO_MAC } from '../wire/mac.js';
import type { HostStack, PendingPacket } from './host-stack.js';
import { icmpErrorLength } from './icmp-errors.js';
import { describeNeighbourChange, describeNeighbourSet } from './neighbour-why.js';

type Entry = NeighbourEntry<PendingPacket>;

export class NeighbourActions {
  /** The event that last changed each entry's state: what its timers, and the requests and drops they bring, follow from. */
  private readonly causes = new WeakMap<Entry, number>();

  constructor(private readonly stack: HostStack) {}

  /**
   * Carries out one batch of the table's decisions. Within a batch, what
   * follows a state change is caused by it: the ARP request by INCOMPLETE,
   * the released packet by REACHABLE.
   */
  perform(actions: NeighbourAction<PendingPacket>[], cause: number): void {
    const { stack } = this;
    const batchCause = new Map<Entry, number>();
    for (const a of actions) {
      const entryCause = batchCause.get(a.entry) ?? cause;
      switch (a.kind) {
        case 'state': {
          const seq = stack.ctx.emit({
            kind: 'neigh',
            node: stack.name,
            port: a.entry.dev,
            cause: entryCause,
            ip: formatIpv4(a.entry.ip),
            ...(a.entry.mac !== undefined && { mac: formatMac(a.entry.mac) }),
            state: a.entry.state,
            why: a.byHand ? describeNeighbourSet(stack.name, a.entry) : describeNeighbourChange(stack.name, a.entry, a.previous),
          });
          this.causes.set(a.entry, seq || cause);
          batchCause.set(a.entry, seq || cause);
          break;
        }
        case 'solicit':
          this.sendArpRequest(a.entry, a.unicastTo, entryCause);
          break;
        case 'release': {
          const iface = stack.interfaces.get(a.packet.dev);
          if (iface?.up && a.entry.mac !== undefined) stack.transmitIp(iface, a.entry.mac, a.packet.datagram, entryCause);
          break;
        }
        case 'fail':
        case 'overflow': {
          // ipv4_link_failure's ICMP error goes to the packet's source: when that is this host, it goes through
          // lo, and with lo down it never reaches the sending socket (a forwarded packet's goes out on a wire).
          const d = a.packet.datagram;
          const fromHere = stack.isLocalAddress(((d[12]! << 24) | (d[13]! << 16) | (d[14]! << 8) | d[15]!) >>> 0);
          const told = a.packet.onFail !== undefined && (stack.loUp || !fromHere);
          const lost = a.packet.onFail !== undefined && !told;
          stack.ctx.emit({
            kind: 'drop',
            node: stack.name,
            port: a.entry.dev,
            cause: entryCause,
            reason: 'arp-failed',
            why:
              a.kind === 'fail'
                ? `${stack.name} got no answer to its ARP requests for ${formatIpv4(a.entry.ip)}, so the waiting packet is dropped${told ? ' and the sender is told: Destination Host Unreachable' : ''}${lost ? '; the Destination Host Unreachable it sends itself is lost, as lo is down' : ''}`
                : `${stack.name} already holds ${LINUX_NEIGHBOUR_DEFAULTS.unresQlen} packets waiting for ${formatIpv4(a.entry.ip)}: the oldest is dropped (unres_qlen)`,
          });
          if (a.kind === 'fail' && told) {
            // The error to this host itself is an IP datagram through lo, which counts it.
            if (fromHere) countLoopedError(stack, d);
            a.packet.onFail?.(entryCause);
          }
          break;
        }
        case 'timer':
          stack.ctx.schedule(a.at, (t: { entry: Entry; generation: number }) => this.timer(t.entry, t.generation), {
            entry: a.entry,
            generation: a.generation,
          });
          break;
      }
    }
  }

  private timer(entry: Entry, generation: number): void {
    const actions: NeighbourAction<PendingPacket>[] = [];
    this.stack.neighbours.timer(entry, generation, this.stack.ctx.now, actions);
    this.perform(actions, this.causes.get(entry) ?? 0);
  }

  /** arp_solicit: from the address the route to the target prefers, else the interface's first. */
  private sendArpRequest(entry: Entry, unicastTo: Mac | undefined, cause: number): void {
    const { stack } = this;
    const iface = stack.interfaces.get(entry.dev);
    if (!iface?.up) return;
    const route = stack.routes.lookup(entry.ip);
    const senderIp = route?.source ?? iface.addresses[0]?.address ?? 0;
    const packet: ArpPacket = { op: ArpOp.Request, senderMac: iface.mac, senderIp, targetMac: ZERO_MAC, targetIp: entry.ip };
    stack.ctx.send(iface.name, stack.ctx.newFrame(buildArpFrame(unicastTo ?? BROADCAST_MAC, packet)), cause);
  }
}

/** lo counts the ICMP error a host sends itself (icmp_send), quoting the datagram ARP could not deliver. */
function countLoopedError(stack: HostStack, datagram: Uint8Array): void {
  stack.loopbackCount.packets++;
  stack.loopbackCount.bytes += icmpErrorLength((datagram[2]! << 8) | datagram[3]!);
}
