import type { SimEvent } from '../events/event.js';
import { readMac } from '../wire/mac.js';
import type { Kernel, Link } from './kernel.js';

/** The counters `ip -s link` prints of a device (struct rtnl_link_stats64): those a simulated device moves. */
export interface LinkCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

/** An Ethernet header's length: what the bridge's own RX does not count (br_pass_frame_up counts the frame after eth_type_trans). */
const ETHERNET_HEADER = 14;

/**
 * Every device's packet and byte counters, as the kernel keeps them on the
 * device (so they follow it when it moves namespace): told of each frame a
 * device sends or receives by the simulator's tap, the `tx` and `rx` events of
 * the node and port it sits on. A veth or an enslaved port counts whole
 * frames, without FCS (veth_xmit's skb->len, on both ends); a bridge device
 * counts the frames its own stack sends whole and those passed up to it
 * without their Ethernet header (br_dev_xmit, br_pass_frame_up); lo counts
 * what the host loops back (Host.loopbackCount). Measured in oracle
 * I18S-stats (kernel 6.18.44).
 */
export class LinkCounting {
  private readonly counters = new WeakMap<Link, LinkCounters>();
  /** The bridge device of each switch node, by node name (refreshed when a node is not found). */
  private bridges = new Map<string, Link>();

  constructor(private readonly kernel: Kernel) {
    kernel.network.sim.tap((e) => this.see(e));
  }

  /** The counters of `link` now. */
  of(link: Link): LinkCounters {
    if (link.kind === 'loopback') {
      const { packets, bytes } = link.ns.host.loopbackCount;
      return { rxBytes: bytes, rxPackets: packets, txBytes: bytes, txPackets: packets };
    }
    return { ...(this.counters.get(link) ?? { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }) };
  }

  private see(e: SimEvent): void {
    if ((e.kind !== 'tx' && e.kind !== 'rx') || e.port === undefined || e.bytes === undefined) return;
    const link = this.linkAt(e.node, e.port);
    if (!link) return;
    let c = this.counters.get(link);
    if (!c) {
      c = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };
      this.counters.set(link, c);
    }
    if (e.kind === 'tx') {
      c.txPackets++;
      c.txBytes += e.bytes.length;
    } else if (link.kind !== 'bridge') {
      c.rxPackets++;
      c.rxBytes += e.bytes.length;
    } else if (passedUp(link, e.bytes)) {
      c.rxPackets++;
      c.rxBytes += e.bytes.length - ETHERNET_HEADER;
    }
  }

  /** The device behind a node's port: a namespace's interface, or a bridge's port (not the bridge's side of its own stack, which the stack's interface counts). */
  private linkAt(node: string, port: string): Link | undefined {
    const ns = this.kernel.namespaces.get(node);
    if (ns?.alive) return ns.byName.get(port);
    let bridge = this.bridges.get(node);
    if (!bridge?.bridge || bridge.bridge.node !== node) {
      this.bridges = new Map([...this.kernel.bridgeLinks].map((b) => [b.bridge!.node, b]));
      bridge = this.bridges.get(node);
    }
    if (!bridge || port === bridge.name) return undefined;
    const link = bridge.ns.byName.get(port);
    return link?.master === bridge ? link : undefined;
  }
}

/**
 * Whether a bridge passes a frame up to its own stack, where its device counts
 * it (br_handle_frame_finish): one for the bridge's address or a group address.
 * A unicast flooded for want of an fdb entry is not (local_rcv only when the
 * bridge is promiscuous), though hoplab's stack sees it and drops it.
 */
function passedUp(bridge: Link, frame: Uint8Array): boolean {
  return (frame[0]! & 1) === 1 || readMac(frame, 0) === bridge.mac;
}
