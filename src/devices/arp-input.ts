/**
 * ARP arriving at a host's interface (RFC 826 "Packet Reception"; Linux's
 * arp_rcv and arp_process): packet sockets read it first, a request for one
 * of the namespace's addresses is answered, and whatever the frame teaches
 * about its sender goes to the neighbour table.
 */
import type { NeighbourAction } from '../tables/neighbour-table.js';
import { ArpOp, type ArpPacket, parseArp } from '../wire/arp.js';
import type { EthernetHeader } from '../wire/ethernet.js';
import { buildArpFrame } from '../wire/frames.js';
import { formatIpv4, isLoopbackAddress, type Ipv4 } from '../wire/ipv4-address.js';
import { formatMac } from '../wire/mac.js';
import { ArpRequestNotOurs } from './arp-why.js';
import type { Frame } from './device.js';
import type { ArpReader, HostStack, PendingPacket } from './host-stack.js';
import type { NeighbourActions } from './neighbour-actions.js';
import type { NetInterface } from './net-interface.js';

export class ArpInput {
  // Every host of a LAN reads every broadcast request: what that reads sits
  // together, and the reader set is not looked into while it is empty.
  private readonly notOurs: ArpRequestNotOurs;
  /** Packet sockets reading ARP (arping's), made with the first: most hosts never run arping. Linux hands them each ARP frame before arp_rcv does. */
  private readers: Set<ArpReader> | undefined;

  constructor(
    private readonly stack: HostStack,
    private readonly neighbourActions: NeighbourActions,
  ) {
    this.notOurs = new ArpRequestNotOurs(stack.name);
  }

  addReader(reader: ArpReader): void {
    (this.readers ??= new Set()).add(reader);
  }

  removeReader(reader: ArpReader): void {
    this.readers?.delete(reader);
    if (this.readers?.size === 0) this.readers = undefined;
  }

  receive(iface: NetInterface, frame: Frame, eth: EthernetHeader, rxSeq: number): void {
    const { stack } = this;
    const arp = parseArp(frame.bytes, eth.payloadOffset);
    if (this.readers) for (const reader of this.readers) reader.onArp(iface, arp, eth, rxSeq);
    // Any of the namespace's addresses, not only this interface's (arp_ignore=0); a host with one interface has no other to look at.
    const forUs =
      arp.op === ArpOp.Request &&
      !isLoopbackAddress(arp.targetIp) &&
      (hasAddress(iface, arp.targetIp) || (stack.interfaces.size > 1 && stack.isLocalAddress(arp.targetIp)));
    const actions: NeighbourAction<PendingPacket>[] = [];
    if (forUs) return this.answer(iface, frame, arp, rxSeq, actions);
    const isReplyToUs = arp.op === ArpOp.Reply && eth.dst === iface.mac;
    const known = stack.neighbours.arpFrom(iface.name, arp.senderIp, arp.senderMac, isReplyToUs, stack.ctx.now, actions);
    let seq: number;
    if (arp.op === ArpOp.Request) {
      const { notOurs } = this;
      seq = stack.deliver(iface.name, frame, rxSeq, notOurs.sentence(known, arp.targetIp), notOurs.hint(iface.name, known, stack.ctx));
    } else {
      seq = stack.deliver(
        iface.name,
        frame,
        rxSeq,
        isReplyToUs
          ? `${stack.name} reads the ARP reply: ${formatIpv4(arp.senderIp)} is at ${formatMac(arp.senderMac)}`
          : `${stack.name} reads an ARP reply meant for ${formatMac(eth.dst)}`,
      );
    }
    this.perform(actions, seq);
  }

  /** arp_process for a request to us: note the asker (RFC 826: merge, then add), then reply to its MAC. */
  private answer(iface: NetInterface, frame: Frame, arp: ArpPacket, rxSeq: number, actions: NeighbourAction<PendingPacket>[]): void {
    const { stack } = this;
    const seq = stack.deliver(
      iface.name,
      frame,
      rxSeq,
      `${stack.name} is ${formatIpv4(arp.targetIp)}, so it answers ${formatIpv4(arp.senderIp)}'s ARP request with its MAC ${formatMac(iface.mac)}`,
    );
    if (arp.senderIp !== 0) stack.neighbours.requestForUs(iface.name, arp.senderIp, arp.senderMac, stack.ctx.now, actions);
    this.perform(actions, seq);
    const reply: ArpPacket = {
      op: ArpOp.Reply,
      senderMac: iface.mac,
      senderIp: arp.targetIp,
      targetMac: arp.senderMac,
      targetIp: arp.senderIp,
    };
    stack.ctx.send(iface.name, stack.ctx.newFrame(buildArpFrame(arp.senderMac, reply)), seq);
  }

  /** Most frames change nothing in the table; then the helper is not even looked at. */
  private perform(actions: NeighbourAction<PendingPacket>[], cause: number): void {
    if (actions.length > 0) this.neighbourActions.perform(actions, cause);
  }
}

/** Whether `a` is one of the interface's own addresses. */
function hasAddress(iface: NetInterface, a: Ipv4): boolean {
  for (const c of iface.addresses) if (c.address === a) return true;
  return false;
}
