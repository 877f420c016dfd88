/**
 * A packet socket for ARP bound to one interface (AF_PACKET, ETH_P_ARP,
 * bound with sll_ifindex), as arping opens: it sends whole frames the
 * program built, and reads every ARP frame arriving on its interface, ahead
 * of the kernel's own ARP (packet taps run before arp_rcv).
 */
import type { ArpPacket } from '../wire/arp.js';
import type { EthernetHeader } from '../wire/ethernet.js';
import type { ArpReceiver, PacketSocket } from './app-context.js';
import type { ArpReader, HostStack } from './host-stack.js';
import type { NetInterface } from './net-interface.js';

export class ArpPacketSocket implements PacketSocket, ArpReader {
  constructor(
    private readonly stack: HostStack,
    private readonly iface: Readonly<NetInterface>,
    private readonly receiver: ArpReceiver,
  ) {
    stack.addArpReader(this);
  }

  /** The interface itself, not its name: one of the same name that comes later is another device. */
  onArp(iface: NetInterface, arp: ArpPacket, eth: EthernetHeader, rxSeq: number): void {
    if (iface === this.iface) this.receiver.onArp(arp, eth, rxSeq);
  }

  send(frame: Uint8Array, cause: number): boolean {
    if (!this.iface.up) return false;
    const { ctx } = this.stack;
    ctx.send(this.iface.name, ctx.newFrame(frame), cause);
    return true;
  }

  close(): void {
    this.stack.removeArpReader(this);
  }
}
