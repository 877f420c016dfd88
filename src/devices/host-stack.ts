/**
 * The namespace's kernel as its own parts see it: what the IPv4 input and
 * output paths, the neighbour subsystem, ICMP, UDP, fragmentation and the
 * configuration commands call on each other through. Host implements it;
 * the parts take a HostStack and never import Host, so that host.ts imports
 * them and no import goes back (the stack was once a ten-file import circle).
 * Programs do not see this: they get an AppContext (app-context.ts).
 */
import type { DropReason } from '../events/event.js';
import type { DescriptionHint } from '../events/description-hint.js';
import type { NeighbourTable } from '../tables/neighbour-table.js';
import type { PathMtuCache } from '../tables/path-mtu-cache.js';
import type { Route, RouteTable } from '../tables/route-table.js';
import type { NodeKind } from '../topology/model.js';
import type { ArpPacket } from '../wire/arp.js';
import type { EthernetHeader } from '../wire/ethernet.js';
import type { Ipv4Header } from '../wire/ipv4.js';
import type { Ipv4 } from '../wire/ipv4-address.js';
import type { Mac } from '../wire/mac.js';
import type { SendResult } from './app-context.js';
import type { DeviceContext, Frame } from './device.js';
import type { NetInterface } from './net-interface.js';

/** A datagram waiting for its next hop's MAC. */
export interface PendingPacket {
  dev: string;
  datagram: Uint8Array;
  cause: number;
  /** Told when resolution fails (Linux reports host unreachable to the sender). */
  onFail?: (cause: number) => void;
}

/** The way out for a locally originated datagram (ip route get): a route, or lo when the destination is the host itself. */
export interface OutputPath {
  route: Route | undefined;
  local: boolean;
}

/** A packet socket reading ARP frames (arping's): Linux hands it each ARP frame before arp_rcv does. */
export interface ArpReader {
  onArp(iface: NetInterface, arp: ArpPacket, eth: EthernetHeader, rxSeq: number): void;
}

export interface HostStack {
  readonly name: string;
  readonly kind: NodeKind;
  readonly ctx: DeviceContext;
  readonly interfaces: ReadonlyMap<string, NetInterface>;
  readonly routes: RouteTable;
  readonly neighbours: NeighbourTable<PendingPacket>;
  readonly pathMtus: PathMtuCache;
  loUp: boolean;
  /** What lo has carried, packets and bytes (Host.loopbackCount). */
  readonly loopbackCount: { packets: number; bytes: number };
  ipForward: boolean;

  // ---- addresses and routes ----
  isLocalAddress(a: Ipv4): boolean;
  /** Whether `a` is 255.255.255.255 or the broadcast address of one of the interface's networks. */
  isBroadcastFor(iface: NetInterface, a: Ipv4): boolean;
  /** The way a locally originated datagram to `dst` leaves, or undefined: Network is unreachable. */
  routeTo(dst: Ipv4): OutputPath | undefined;
  /** The source address the host gives a datagram to `dst` leaving by `route` (undefined: through lo). */
  sourceFor(route: Route | undefined, dst: Ipv4): Ipv4;
  /** The MTU of the way to `dst` by `route`: a learnt path MTU, else the device's (ipv4_mtu). */
  pathMtu(route: Route, dst: Ipv4): number;
  /** An ICMP "fragmentation needed" reported `mtu` for datagrams to `dst` (ipv4_update_pmtu). */
  learnPathMtu(dst: Ipv4, mtu: number): void;
  /** An IP identification for a new datagram (ip_select_ident). */
  nextIpId(): number;

  // ---- output ----
  /** ip_output for a datagram with its header (starting at byte 0): route, resolve the next hop, send. */
  output(datagram: Uint8Array, dst: Ipv4, cause: number, onFail?: (cause: number) => void): SendResult;
  /** ip_output along a way already looked up with routeTo(dst) (undefined: none). */
  outputVia(path: OutputPath | undefined, datagram: Uint8Array, dst: Ipv4, cause: number, onFail?: (cause: number) => void): SendResult;
  resolveAndSend(iface: NetInterface, nextHop: Ipv4, datagram: Uint8Array, cause: number, onFail?: (cause: number) => void): SendResult;
  /** Sends the datagram to `dstMac` out of `iface`, in fragments if it exceeds the MTU. */
  transmitIp(iface: NetInterface, dstMac: Mac, datagram: Uint8Array, cause: number): void;

  // ---- input ----
  /** A packet socket starts reading ARP frames (arping's), and stops. */
  addArpReader(reader: ArpReader): void;
  removeArpReader(reader: ArpReader): void;
  /** Records that the frame ends here, discarded; returns the event's seq. */
  drop(port: string, frame: Frame, cause: number, reason: DropReason, why: string): number;
  /** Records that the frame ends here, taken in; returns the event's seq. */
  /** `hint`: the producer's token for deliveries it describes alike (description-hint.ts). */
  deliver(port: string, frame: Frame, cause: number, why: string, hint?: DescriptionHint): number;
  /** ip_local_deliver: a whole datagram for this host, at `off` in `bytes`; `iface` is undefined for lo. */
  handleLocalIp(header: Ipv4Header, bytes: Uint8Array, off: number, deliverSeq: number, iface: NetInterface | undefined): void;
}
