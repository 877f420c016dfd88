import { EtherType, parseEthernet, type EthernetHeader } from '../wire/ethernet.js';
import { IpProtocol, ipv4ChecksumOk, parseIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import { broadcastOf, formatIpv4, isLoopbackAddress, type Ipv4 } from '../wire/ipv4-address.js';
import { BROADCAST_MAC, formatMac, isBroadcastMac, isGroupMac, type Mac } from '../wire/mac.js';
import { emitEthernet } from '../wire/ethernet.js';
import { WireError } from '../wire/wire-error.js';
import { LINUX_NEIGHBOUR_DEFAULTS, NeighbourTable, type NeighbourAction, type NudState } from '../tables/neighbour-table.js';
import { RouteTable, type Route } from '../tables/route-table.js';
import { bootRoutes } from '../tables/fib.js';
import { PathMtuCache } from '../tables/path-mtu-cache.js';
import { flushNeighbours, interfaceAdded, interfaceCarrier, interfaceRemoved, interfaceRenamed } from './host-config.js';
import type { Command } from '../topology/command.js';
import type { NodeKind, NodeSpec } from '../topology/model.js';
import type { Device, DeviceContext, Frame } from './device.js';
import type { NetInterface } from './net-interface.js';
import { NeighbourActions } from './neighbour-actions.js';
import { ArpInput } from './arp-input.js';
import type { DescriptionHint } from '../events/description-hint.js';
import { frameEventInit } from '../events/event-init.js';
import type { DropReason } from '../events/event.js';
import { runHostCommand } from './host-commands.js';
import { forwardIpv4 } from './ip-forwarder.js';
import { fragmentToFit, isFragment } from './fragmentation.js';
import { Reassembly } from './reassembly.js';
import { IcmpInput } from './icmp-input.js';
import { UdpSockets } from './udp-sockets.js';
import type { ArpReader, HostStack, OutputPath, PendingPacket } from './host-stack.js';
import type { AppContext, SendResult } from './app-context.js';
import { HostAppContext } from './host-app-context.js';
import { PingSockets } from './ping-sockets.js';
import { AcceptedPacketWhy } from './accepted-packet-why.js';
import { isProgram, startProgram } from './programs.js';

/**
 * A network namespace's stack (SPEC §1 host; router when forwarding is on):
 * interfaces, loopback, routes, the ARP cache with Linux's neighbour states,
 * IPv4 input and output, and the programs run in it. Here are the
 * interfaces, addresses, routes and the input and output paths; the parts
 * each have a file and reach the rest through HostStack: ARP input
 * (arp-input.ts), the neighbour table's actions (neighbour-actions.ts),
 * ICMP (icmp-input.ts, icmp-errors.ts), UDP (udp-sockets.ts), fragments
 * (fragmentation.ts, reassembly.ts), forwarding (ip-forwarder.ts). Programs
 * (programs.ts) see the host only through an AppContext (app-context.ts).
 */
export class Host implements Device, HostStack {
  // What a frame's arrival reads comes first, side by side (V8 lays fields out
  // in this order). In a LAN of thousands of hosts every host reads every
  // broadcast, from memory the other hosts' reads have just evicted: hot
  // fields on one or two cache lines, and no map or set looked into when it
  // need not be, cost a host a miss or two instead of five or six (the
  // 5,000-host bench's engine: +16% events/s; none at 100 hosts).
  readonly name: string;
  ctx!: DeviceContext;
  /** The interface last looked up by name, and that name (interfaceAt): a host has one interface, mostly. */
  private lastPort: string | undefined;
  private lastIface: NetInterface | undefined;
  readonly neighbours: NeighbourTable<PendingPacket>;
  /** ARP input: every host of a LAN reads every broadcast request. */
  private readonly arp: ArpInput;
  /** The sentence of the packet last accepted, kept while the next come from the same peer. */
  private readonly accepted: AcceptedPacketWhy;
  readonly interfaces = new Map<string, NetInterface>();
  readonly kind: NodeKind;
  readonly routes = new RouteTable();
  /** Path MTUs learnt from ICMP "fragmentation needed" (the next hops' exceptions). */
  readonly pathMtus = new PathMtuCache();
  loUp: boolean;
  /**
   * What lo has carried: loopback_xmit counts each packet on lo once, as sent
   * and as received alike, by its length once eth_type_trans has taken the
   * Ethernet header off (the IP datagram's); `ip -s link show lo` prints it.
   */
  readonly loopbackCount = { packets: 0, bytes: 0 };
  ipForward: boolean;
  private readonly reachableNs = new Map<string, number>();
  /** Ping sockets by echo identifier (ping's). */
  private readonly pings = new PingSockets(this);
  private readonly neighbourActions = new NeighbourActions(this);
  /** UDP ports with a socket (traceroute's probes), and the port unreachable answer for the rest. */
  private readonly udp = new UdpSockets(this);
  private readonly reassembly = new Reassembly(this);
  private readonly icmp = new IcmpInput(this, this.pings, this.udp);

  constructor(name: string, kind: NodeKind, spec: NodeSpec, macs: Map<string, Mac>) {
    this.name = name;
    this.kind = kind;
    this.arp = new ArpInput(this, this.neighbourActions);
    this.accepted = new AcceptedPacketWhy(name);
    this.loUp = spec.loUp;
    this.ipForward = spec.ipForward;
    for (const i of spec.interfaces) {
      this.interfaces.set(i.name, { name: i.name, mac: macs.get(i.name)!, addresses: [...i.addresses], up: i.up, mtu: i.mtu ?? 1500 });
    }
    // The table the namespace boots with, made now: the recording's starting configuration reads it before the first event.
    bootRoutes(this.routes, [...this.interfaces.values()], spec.routes);
    this.neighbours = new NeighbourTable(LINUX_NEIGHBOUR_DEFAULTS, (dev) => this.reachableNs.get(dev) ?? 30e9);
    this.forwarder = (iface, frame, eth, header, rxSeq) => forwardIpv4(this, iface, frame, eth, header, rxSeq);
  }

  attach(ctx: DeviceContext): void {
    this.ctx = ctx;
    for (const iface of this.interfaces.values()) {
      // neigh_rand_reach_time: base_reachable_time (30 s) scaled by a random factor in [1/2, 3/2).
      this.reachableNs.set(iface.name, Math.floor(15e9 + ctx.rng.nextFloat() * 30e9));
    }
  }

  isPortUp(port: string): boolean {
    return this.interfaceAt(port)?.up ?? false;
  }

  /** The interface named `port`, if the host has one. */
  private interfaceAt(port: string): NetInterface | undefined {
    if (port !== this.lastPort) {
      this.lastPort = port;
      this.lastIface = this.interfaces.get(port);
    }
    return this.lastIface;
  }

  /**
   * The far end of a port's cable went down or came back (Network.carrierOfPeer,
   * a topology file's link; a script's shell runs its own linkwatch). On losing
   * carrier the kernel evicts the interface's neighbours but permanent ones
   * (neigh_carrier_down, since 4.19, on NETDEV_CHANGE); a cable here is a veth
   * pair, whose carrier event is urgent (linkwatch_urgent_event: its ifindex
   * differs from its peer's), so the eviction comes at once (oracle C1-carrier).
   */
  carrierChanged(port: string, carrier: boolean, cause: number): void {
    const iface = this.interfaceAt(port);
    if (!iface?.up) return;
    if (!carrier) flushNeighbours(this, port, cause, true);
    interfaceCarrier(this, iface, carrier, cause);
  }

  /** A program starts reading ARP frames from a packet socket (arping). */
  addArpReader(reader: ArpReader): void {
    this.arp.addReader(reader);
  }

  removeArpReader(reader: ArpReader): void {
    this.arp.removeReader(reader);
  }

  /** An interface arrives at run time (made by `ip link add`, or moved in by `ip link set X netns`); `cause` made it. */
  addInterface(iface: NetInterface, cause: number): void {
    this.lastPort = undefined;
    this.interfaces.set(iface.name, iface);
    this.reachableNs.set(iface.name, Math.floor(15e9 + this.ctx.rng.nextFloat() * 30e9));
    interfaceAdded(this, iface, cause);
  }

  /** An interface leaves (moved to another namespace, enslaved, deleted): its routes and neighbour entries go with it. */
  removeInterface(name: string, cause: number): NetInterface | undefined {
    const iface = this.interfaces.get(name);
    if (!iface) return undefined;
    this.lastPort = undefined;
    this.interfaces.delete(name);
    interfaceRemoved(this, iface, cause);
    return iface;
  }

  /**
   * `ip link set OLD name NEW` (dev_change_name, which kernel 6.18 allows on
   * a device that is up): the same device under a new name, its addresses,
   * routes, neighbours and path MTUs kept.
   */
  renameInterface(from: string, to: string, cause: number): void {
    const iface = this.interfaces.get(from);
    if (!iface) return;
    this.lastPort = undefined;
    this.interfaces.delete(from);
    iface.name = to;
    this.interfaces.set(to, iface);
    this.reachableNs.set(to, this.reachableNs.get(from)!);
    this.reachableNs.delete(from);
    interfaceRenamed(this, from, iface, cause);
  }

  runCommand(command: Command, commandSeq: number): void {
    if (isProgram(command)) return startProgram(this.appContext(command.name), command, commandSeq);
    runHostCommand(this, command, commandSeq);
  }

  /** What a program run in this namespace (`program` names it in its events) sees of it. */
  appContext(program: string): AppContext {
    return new HostAppContext(this, this.pings, this.udp, program);
  }

  // ---- addresses and routes ----

  isLocalAddress(a: Ipv4): boolean {
    if (isLoopbackAddress(a)) return this.loUp;
    for (const i of this.interfaces.values()) for (const c of i.addresses) if (c.address === a) return true;
    return false;
  }

  isBroadcastFor(iface: NetInterface, a: Ipv4): boolean {
    if (a === 0xffffffff) return true;
    return iface.addresses.some((c) => c.prefixLength < 31 && broadcastOf(c.address, c.prefixLength) === a);
  }

  /** The route a locally originated datagram to `dst` takes (ip route get), or undefined: Network is unreachable. */
  routeTo(dst: Ipv4): OutputPath | undefined {
    // The local table keeps an interface's own address with lo down (ip route get answers `local … dev lo`);
    // only 127/8, which a namespace whose lo never came up lacks, is unreachable. The packet is lost in lo.
    if (isLoopbackAddress(dst)) return this.loUp ? { route: undefined, local: true } : undefined;
    if (this.isLocalAddress(dst)) return { route: undefined, local: true };
    const route = this.routes.lookup(dst);
    if (!route || !this.interfaces.get(route.device)?.up) return undefined;
    return { route, local: false };
  }

  sourceFor(route: Route | undefined, dst: Ipv4): Ipv4 {
    if (!route) return isLoopbackAddress(dst) ? dst : dst;
    if (route.source !== undefined) return route.source;
    const iface = this.interfaces.get(route.device);
    return iface?.addresses[0]?.address ?? 0;
  }

  /**
   * The MTU of the way to `dst` by `route` (ipv4_mtu): a learnt path MTU that
   * has not expired, else the device's.
   */
  pathMtu(route: Route, dst: Ipv4): number {
    const deviceMtu = this.interfaces.get(route.device)?.mtu ?? 1500;
    const learnt = this.pathMtus.lookup(dst, { device: route.device, gateway: route.gateway }, this.ctx.now);
    return learnt ? Math.min(learnt.mtu, deviceMtu) : deviceMtu;
  }

  /**
   * An ICMP "fragmentation needed" about a datagram we sent to `dst` said the
   * next-hop MTU is `reported` (icmp_err / udp_err -> ipv4_update_pmtu): the
   * way there, looked up as ip_route_output would, learns it.
   */
  learnPathMtu(dst: Ipv4, reported: number): void {
    const path = this.routeTo(dst);
    if (!path?.route) return;
    const route = path.route;
    const hop = { device: route.device, gateway: route.gateway };
    this.pathMtus.update(dst, hop, reported, this.pathMtu(route, dst), this.ctx.now);
  }

  nextIpId(): number {
    return this.ctx.rng.nextU32() & 0xffff;
  }

  // ---- output ----

  /**
   * ip_output for a locally built datagram (header included): route, resolve
   * the next hop, send. Local destinations loop back without touching a wire.
   */
  output(datagram: Uint8Array, dst: Ipv4, cause: number, onFail?: (cause: number) => void): SendResult {
    return this.outputVia(this.routeTo(dst), datagram, dst, cause, onFail);
  }

  /** output() along a way already looked up (a socket's datagram: routeDatagram). */
  outputVia(path: OutputPath | undefined, datagram: Uint8Array, dst: Ipv4, cause: number, onFail?: (cause: number) => void): SendResult {
    if (!path) return 'no-route';
    if (path.local) {
      this.ctx.schedule(this.ctx.now, (d: Uint8Array) => this.loopback(d, cause), datagram);
      return 'sent';
    }
    const route = path.route!;
    const iface = this.interfaces.get(route.device)!;
    if (this.isBroadcastFor(iface, dst)) {
      this.transmitIp(iface, BROADCAST_MAC, datagram, cause);
      return 'sent';
    }
    const nextHop = route.gateway ?? dst;
    const mtu = this.pathMtu(route, dst);
    if (mtu >= iface.mtu) return this.resolveAndSend(iface, nextHop, datagram, cause, onFail);
    // Under a learnt path MTU, ip_finish_output cuts what does not fit it (ip_fragment with
    // ip_skb_dst_mtu), before each fragment goes to the neighbour.
    let result: SendResult = 'sent';
    for (const piece of fragmentToFit(datagram, mtu)) result = this.resolveAndSend(iface, nextHop, piece, cause, onFail);
    return result;
  }

  resolveAndSend(iface: NetInterface, nextHop: Ipv4, datagram: Uint8Array, cause: number, onFail?: (cause: number) => void): SendResult {
    const actions: NeighbourAction<PendingPacket>[] = [];
    const pending: PendingPacket = { dev: iface.name, datagram, cause, ...(onFail && { onFail }) };
    const mac = this.neighbours.resolve(iface.name, nextHop, pending, this.ctx.now, actions);
    this.perform(actions, cause);
    if (mac === undefined) return 'queued';
    this.transmitIp(iface, mac, datagram, cause);
    return 'sent';
  }

  transmitIp(iface: NetInterface, dstMac: Mac, datagram: Uint8Array, cause: number): void {
    // What exceeds the link's MTU leaves in fragments (RFC 791 3.2; Linux ip_fragment).
    for (const piece of fragmentToFit(datagram, iface.mtu)) {
      const bytes = emitEthernet({ dst: dstMac, src: iface.mac, etherType: EtherType.IPv4 }, piece);
      this.ctx.send(iface.name, this.ctx.newFrame(bytes), cause);
    }
  }

  private loopback(datagram: Uint8Array, cause: number): void {
    const header = parseIpv4Header(datagram, 0);
    if (!this.loUp) {
      // dev_queue_xmit on a loopback that is not running: the packet is freed, nothing answers.
      this.ctx.emit({
        kind: 'drop',
        node: this.name,
        port: 'lo',
        cause,
        reason: 'link-down',
        why: `${this.name} sends the packet for ${formatIpv4(header.dst)} to itself through lo, but lo is down: it is lost`,
      });
      return;
    }
    this.loopbackCount.packets++;
    this.loopbackCount.bytes += datagram.length;
    const seq = this.ctx.emit({
      kind: 'deliver',
      node: this.name,
      port: 'lo',
      cause,
      why: `${this.name} delivers the packet to itself through lo: ${formatIpv4(header.dst)} is its own address`,
    });
    this.handleLocalIp(header, datagram, 0, seq, undefined);
  }

  /** `ip neigh add|replace|change`: the table decides (NeighbourTable.administer), and a state it sets is a `neigh` event. */
  administerNeighbour(
    dev: string,
    ip: Ipv4,
    mac: Mac | undefined,
    state: NudState,
    mode: 'add' | 'replace' | 'change',
    cause: number,
  ): ReturnType<NeighbourTable<PendingPacket>['administer']> {
    const actions: NeighbourAction<PendingPacket>[] = [];
    const result = this.neighbours.administer(dev, ip, mac, state, mode, this.ctx.now, actions);
    this.perform(actions, cause);
    return result;
  }

  /** Carries out the neighbour table's decisions; most batches are empty, and then the helper is not even looked at. */
  private perform(actions: NeighbourAction<PendingPacket>[], cause: number): void {
    if (actions.length > 0) this.neighbourActions.perform(actions, cause);
  }

  // ---- input ----

  receive(port: string, frame: Frame, rxSeq: number): void {
    const iface = this.interfaceAt(port);
    if (!iface?.up) return;
    let eth: EthernetHeader;
    try {
      eth = parseEthernet(frame.bytes);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.drop(port, frame, rxSeq, 'malformed', `${this.name} cannot read the frame: ${e.message}`);
      return;
    }
    if (eth.vlan) {
      this.drop(
        port,
        frame,
        rxSeq,
        'vlan-mismatch',
        `${this.name}:${port} has no VLAN interface, so it discards a frame tagged for VLAN ${eth.vlan.vid}`,
      );
      return;
    }
    if (eth.dst !== iface.mac && !isBroadcastMac(eth.dst) && !(isGroupMac(eth.dst) && eth.dst === ALL_HOSTS_MAC)) {
      this.drop(
        port,
        frame,
        rxSeq,
        'not-for-me',
        `${this.name} ignores the frame: it is for ${formatMac(eth.dst)}, and ${this.name} is ${formatMac(iface.mac)}`,
      );
      return;
    }
    try {
      if (eth.etherType === EtherType.ARP) this.arp.receive(iface, frame, eth, rxSeq);
      else if (eth.etherType === EtherType.IPv4) this.receiveIpv4(iface, frame, eth, rxSeq);
      else
        this.deliver(
          port,
          frame,
          rxSeq,
          `${this.name} accepts the frame (${formatMac(eth.dst)}) but has no protocol for EtherType 0x${eth.etherType.toString(16).padStart(4, '0')}: it is consumed`,
        );
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.drop(port, frame, rxSeq, 'malformed', `${this.name} cannot read the packet: ${e.message}`);
    }
  }

  drop(port: string, frame: Frame, cause: number, reason: DropReason, why: string): number {
    return this.ctx.emit({ kind: 'drop', node: this.name, port, frame: frame.id, cause, reason, why, bytes: frame.bytes });
  }

  deliver(port: string, frame: Frame, cause: number, why: string, hint?: DescriptionHint): number {
    return this.ctx.emit(frameEventInit('deliver', this.name, port, frame.id, frame.bytes, cause, why, undefined, hint));
  }

  private receiveIpv4(iface: NetInterface, frame: Frame, eth: EthernetHeader, rxSeq: number): void {
    const off = eth.payloadOffset;
    const header = parseIpv4Header(frame.bytes, off);
    if (!ipv4ChecksumOk(frame.bytes, off)) {
      this.drop(iface.name, frame, rxSeq, 'bad-checksum', `${this.name} discards the packet: its IPv4 header checksum is wrong (RFC 791)`);
      return;
    }
    const ownAddress = this.isLocalAddress(header.dst);
    if (ownAddress || this.isBroadcastFor(iface, header.dst)) {
      if (isFragment(header)) return this.reassembly.receive(iface, frame, header, off, rxSeq);
      const why = this.accepted.sentence(iface.name, header.src, header.dst, ownAddress, this.ctx);
      const seq = this.deliver(iface.name, frame, rxSeq, why, this.accepted.hint);
      this.handleLocalIp(header, frame.bytes, off, seq, iface);
      return;
    }
    if (this.ipForward) {
      this.forwarder?.(iface, frame, eth, header, rxSeq);
      return;
    }
    this.drop(
      iface.name,
      frame,
      rxSeq,
      'not-for-me',
      `${this.name} is not a router (ip_forward=0): the packet for ${formatIpv4(header.dst)} is not its to deliver, so it is dropped`,
    );
  }

  /** Set by the router behaviour (issue: routers); a host with forwarding off never calls it. */
  forwarder?: (iface: NetInterface, frame: Frame, eth: EthernetHeader, header: Ipv4Header, rxSeq: number) => void;

  handleLocalIp(header: Ipv4Header, bytes: Uint8Array, off: number, deliverSeq: number, iface: NetInterface | undefined): void {
    if (header.protocol === IpProtocol.UDP)
      return this.udp.receive(header, bytes, off, deliverSeq, iface?.name ?? 'lo', !!iface && this.isBroadcastFor(iface, header.dst));
    if (header.protocol === IpProtocol.ICMP) this.icmp.receive(header, bytes, off, deliverSeq, iface);
  }
}

/** 01:00:5e:00:00:01, the all-hosts group 224.0.0.1 every IPv4 host joins (RFC 1112). */
const ALL_HOSTS_MAC = 0x01005e000001;
