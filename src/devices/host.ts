import { ArpOp, parseArp, type ArpPacket } from '../wire/arp.js';
import { EtherType, parseEthernet, type EthernetHeader } from '../wire/ethernet.js';
import { buildArpFrame } from '../wire/frames.js';
import { IcmpType, emitIcmpEcho, icmpChecksumOk, parseIcmp } from '../wire/icmp.js';
import { IpProtocol, emitIpv4, ipv4ChecksumOk, parseIpv4Header, parseQuotedIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import { broadcastOf, formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import { BROADCAST_MAC, ZERO_MAC, formatMac, isBroadcastMac, isGroupMac, type Mac } from '../wire/mac.js';
import { emitEthernet } from '../wire/ethernet.js';
import { WireError } from '../wire/wire-error.js';
import { LINUX_NEIGHBOUR_DEFAULTS, NeighbourTable, type NeighbourAction, type NeighbourEntry } from '../tables/neighbour-table.js';
import { RouteTable, type Route } from '../tables/route-table.js';
import type { Command } from '../topology/command.js';
import type { NodeKind, NodeSpec } from '../topology/model.js';
import type { Device, DeviceContext, Frame } from './device.js';
import type { NetInterface } from './net-interface.js';
import { describeNeighbourChange } from './neighbour-why.js';
import { ArpRequestNotOurs } from './arp-why.js';
import type { DescriptionKey } from '../events/description-key.js';
import type { DropReason } from '../events/event.js';
import { runHostCommand } from './host-commands.js';
import { forwardIpv4 } from './ip-forwarder.js';
import { fragmentToFit, isFragment } from './fragmentation.js';
import { Reassembly } from './reassembly.js';
import { UdpSockets } from './udp-sockets.js';
import type { ArpReader, HostStack, OutputPath, PendingPacket } from './host-stack.js';
import type { AppContext, SendResult } from './app-context.js';
import { HostAppContext } from './host-app-context.js';
import { PingSockets } from './ping-sockets.js';
import { isProgram, startProgram } from './programs.js';

/** Whether `a` is one of the interface's own addresses. */
function hasAddress(iface: NetInterface, a: Ipv4): boolean {
  for (const c of iface.addresses) if (c.address === a) return true;
  return false;
}

/** The 1.0.0.0/8 ... check for 127/8: the loopback network (RFC 1122 3.2.1.3). */
function isLoopbackAddress(a: Ipv4): boolean {
  return a >>> 24 === 127;
}

/**
 * A network namespace's stack (SPEC §1 host; router when forwarding is on):
 * interfaces, loopback, routes, the ARP cache with Linux's neighbour states,
 * an ICMP echo responder, and the programs run in it (ping).
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
  private readonly notOurs: ArpRequestNotOurs;
  /** Whether arpReaders holds any: most hosts never run arping, and an empty set need not be read. */
  private hasArpReaders = false;
  readonly interfaces = new Map<string, NetInterface>();
  readonly kind: NodeKind;
  private readonly spec: NodeSpec;
  readonly routes = new RouteTable();
  loUp: boolean;
  ipForward: boolean;
  private readonly reachableNs = new Map<string, number>();
  /** Ping sockets by echo identifier (ping's). */
  private readonly pings = new PingSockets(this);
  private readonly neighbourCause = new WeakMap<NeighbourEntry<PendingPacket>, number>();
  /** Programs on an ARP packet socket (arping). Linux hands them each ARP frame before arp_rcv does. */
  private readonly arpReaders = new Set<ArpReader>();
  /** UDP ports with a socket (traceroute's probes), and the port unreachable answer for the rest. */
  private readonly udp = new UdpSockets(this);
  private readonly reassembly = new Reassembly(this);

  constructor(name: string, kind: NodeKind, spec: NodeSpec, macs: Map<string, Mac>) {
    this.name = name;
    this.kind = kind;
    this.spec = spec;
    this.notOurs = new ArpRequestNotOurs(name);
    this.loUp = spec.loUp;
    this.ipForward = spec.ipForward;
    for (const i of spec.interfaces) {
      this.interfaces.set(i.name, { name: i.name, mac: macs.get(i.name)!, addresses: [...i.addresses], up: i.up, mtu: i.mtu ?? 1500 });
    }
    this.neighbours = new NeighbourTable(LINUX_NEIGHBOUR_DEFAULTS, (dev) => this.reachableNs.get(dev) ?? 30e9);
    this.forwarder = (iface, frame, eth, header, rxSeq) => forwardIpv4(this, iface, frame, eth, header, rxSeq);
  }

  attach(ctx: DeviceContext): void {
    this.ctx = ctx;
    for (const iface of this.interfaces.values()) {
      // neigh_rand_reach_time: base_reachable_time (30 s) scaled by a random factor in [1/2, 3/2).
      this.reachableNs.set(iface.name, Math.floor(15e9 + ctx.rng.nextFloat() * 30e9));
      if (iface.up) this.addConnectedRoutes(iface);
    }
    for (const r of this.spec.routes) {
      const dev = r.dev ?? this.deviceForGateway(r.via!);
      if (dev) this.routes.add({ destination: r.destination, prefixLength: r.prefixLength, ...(r.via !== undefined && { gateway: r.via }), device: dev, kind: 'static', metric: 0 });
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

  /** A program starts reading ARP frames from a packet socket (arping). */
  addArpReader(reader: ArpReader): void {
    this.arpReaders.add(reader);
    this.hasArpReaders = true;
  }

  removeArpReader(reader: ArpReader): void {
    this.arpReaders.delete(reader);
    this.hasArpReaders = this.arpReaders.size > 0;
  }

  /** An interface arrives at run time (made by `ip link add`, or moved in by `ip link set X netns`). */
  addInterface(iface: NetInterface): void {
    this.lastPort = undefined;
    this.interfaces.set(iface.name, iface);
    this.reachableNs.set(iface.name, Math.floor(15e9 + this.ctx.rng.nextFloat() * 30e9));
    if (iface.up) this.addConnectedRoutes(iface);
  }

  /** An interface leaves (moved to another namespace, enslaved, deleted): its routes and neighbour entries go with it. */
  removeInterface(name: string): NetInterface | undefined {
    const iface = this.interfaces.get(name);
    if (!iface) return undefined;
    this.lastPort = undefined;
    this.interfaces.delete(name);
    this.routes.removeByDevice(name);
    this.neighbours.flushDevice(name);
    return iface;
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

  addConnectedRoutes(iface: NetInterface): void {
    for (const a of iface.addresses) {
      const network = (a.address & (a.prefixLength === 0 ? 0 : ~0 << (32 - a.prefixLength))) >>> 0;
      this.routes.add({ destination: network, prefixLength: a.prefixLength, device: iface.name, source: a.address, kind: 'connected', metric: 0 });
    }
  }

  deviceForGateway(gateway: Ipv4): string | undefined {
    const r = this.routes.lookup(gateway);
    return r && r.gateway === undefined ? r.device : undefined;
  }

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
    if (isLoopbackAddress(dst) || this.isLocalAddress(dst)) return this.loUp ? { route: undefined, local: true } : undefined;
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

  nextIpId(): number {
    return this.ctx.rng.nextU32() & 0xffff;
  }

  // ---- output ----

  /**
   * ip_output for a locally built datagram (header included): route, resolve
   * the next hop, send. Local destinations loop back without touching a wire.
   */
  output(datagram: Uint8Array, dst: Ipv4, cause: number, onFail?: (cause: number) => void): SendResult {
    const path = this.routeTo(dst);
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
    return this.resolveAndSend(iface, nextHop, datagram, cause, onFail);
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
    const seq = this.ctx.emit({ kind: 'deliver', node: this.name, port: 'lo', cause, why: `${this.name} delivers the packet to itself through lo: ${formatIpv4(header.dst)} is its own address` });
    this.handleLocalIp(header, datagram, 0, seq, undefined);
  }

  // ---- neighbour actions ----

  /**
   * Carries out what the neighbour table decided. Within one batch, what
   * follows a state change is caused by it: the ARP request by INCOMPLETE,
   * the released packet by REACHABLE.
   */
  private perform(actions: NeighbourAction<PendingPacket>[], cause: number): void {
    const batchCause = new Map<NeighbourEntry<PendingPacket>, number>();
    for (const a of actions) {
      const entryCause = batchCause.get(a.entry) ?? cause;
      switch (a.kind) {
        case 'state': {
          const seq = this.ctx.emit({
            kind: 'neigh', node: this.name, port: a.entry.dev, cause: entryCause, ip: formatIpv4(a.entry.ip),
            ...(a.entry.mac !== undefined && { mac: formatMac(a.entry.mac) }), state: a.entry.state,
            why: describeNeighbourChange(this.name, a.entry, a.previous),
          });
          this.neighbourCause.set(a.entry, seq || cause);
          batchCause.set(a.entry, seq || cause);
          break;
        }
        case 'solicit':
          this.sendArpRequest(a.entry, a.unicastTo, entryCause);
          break;
        case 'release': {
          const iface = this.interfaces.get(a.packet.dev);
          if (iface?.up && a.entry.mac !== undefined) this.transmitIp(iface, a.entry.mac, a.packet.datagram, entryCause);
          break;
        }
        case 'fail':
        case 'overflow':
          this.ctx.emit({
            kind: 'drop', node: this.name, port: a.entry.dev, cause: entryCause, reason: 'arp-failed',
            why: a.kind === 'fail'
              ? `${this.name} got no answer to its ARP requests for ${formatIpv4(a.entry.ip)}, so the waiting packet is dropped${a.packet.onFail ? ' and the sender is told: Destination Host Unreachable' : ''}`
              : `${this.name} already holds ${LINUX_NEIGHBOUR_DEFAULTS.unresQlen} packets waiting for ${formatIpv4(a.entry.ip)}: the oldest is dropped (unres_qlen)`,
          });
          if (a.kind === 'fail') a.packet.onFail?.(entryCause);
          break;
        case 'timer':
          this.ctx.schedule(a.at, (t: { entry: NeighbourEntry<PendingPacket>; generation: number }) => this.neighbourTimer(t.entry, t.generation), {
            entry: a.entry, generation: a.generation,
          });
          break;
      }
    }
  }

  private neighbourTimer(entry: NeighbourEntry<PendingPacket>, generation: number): void {
    const actions: NeighbourAction<PendingPacket>[] = [];
    this.neighbours.timer(entry, generation, this.ctx.now, actions);
    this.perform(actions, this.neighbourCause.get(entry) ?? 0);
  }

  private sendArpRequest(entry: NeighbourEntry<PendingPacket>, unicastTo: Mac | undefined, cause: number): void {
    const iface = this.interfaces.get(entry.dev);
    if (!iface?.up) return;
    const route = this.routes.lookup(entry.ip);
    const senderIp = route?.source ?? iface.addresses[0]?.address ?? 0;
    const packet: ArpPacket = { op: ArpOp.Request, senderMac: iface.mac, senderIp, targetMac: ZERO_MAC, targetIp: entry.ip };
    this.ctx.send(iface.name, this.ctx.newFrame(buildArpFrame(unicastTo ?? BROADCAST_MAC, packet)), cause);
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
      this.drop(port, frame, rxSeq, 'vlan-mismatch', `${this.name}:${port} has no VLAN interface, so it discards a frame tagged for VLAN ${eth.vlan.vid}`);
      return;
    }
    if (eth.dst !== iface.mac && !isBroadcastMac(eth.dst) && !(isGroupMac(eth.dst) && eth.dst === ALL_HOSTS_MAC)) {
      this.drop(port, frame, rxSeq, 'not-for-me', `${this.name} ignores the frame: it is for ${formatMac(eth.dst)}, and ${this.name} is ${formatMac(iface.mac)}`);
      return;
    }
    try {
      if (eth.etherType === EtherType.ARP) this.receiveArp(iface, frame, eth, rxSeq);
      else if (eth.etherType === EtherType.IPv4) this.receiveIpv4(iface, frame, eth, rxSeq);
      else this.deliver(port, frame, rxSeq, `${this.name} accepts the frame (${formatMac(eth.dst)}) but has no protocol for EtherType 0x${eth.etherType.toString(16).padStart(4, '0')}: it is consumed`);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.drop(port, frame, rxSeq, 'malformed', `${this.name} cannot read the packet: ${e.message}`);
    }
  }

  drop(port: string, frame: Frame, cause: number, reason: DropReason, why: string): number {
    return this.ctx.emit({ kind: 'drop', node: this.name, port, frame: frame.id, cause, reason, why, bytes: frame.bytes });
  }

  deliver(port: string, frame: Frame, cause: number, why: string, whyTemplate?: string, describedBy?: DescriptionKey): number {
    return this.ctx.emit({ kind: 'deliver', node: this.name, port, frame: frame.id, cause, why, bytes: frame.bytes, whyTemplate, describedBy });
  }

  private receiveArp(iface: NetInterface, frame: Frame, eth: EthernetHeader, rxSeq: number): void {
    const arp = parseArp(frame.bytes, eth.payloadOffset);
    if (this.hasArpReaders) for (const reader of this.arpReaders) reader.onArp(iface, arp, eth, rxSeq);
    // Any of the namespace's addresses, not only this interface's (arp_ignore=0); a host with one interface has no other to look at.
    const forUs = arp.op === ArpOp.Request && !isLoopbackAddress(arp.targetIp)
      && (hasAddress(iface, arp.targetIp) || (this.interfaces.size > 1 && this.isLocalAddress(arp.targetIp)));
    const actions: NeighbourAction<PendingPacket>[] = [];
    let seq: number;
    if (forUs) {
      seq = this.deliver(iface.name, frame, rxSeq, `${this.name} is ${formatIpv4(arp.targetIp)}, so it answers ${formatIpv4(arp.senderIp)}'s ARP request with its MAC ${formatMac(iface.mac)}`);
      if (arp.senderIp !== 0) this.neighbours.requestForUs(iface.name, arp.senderIp, arp.senderMac, this.ctx.now, actions);
      this.perform(actions, seq);
      const reply: ArpPacket = { op: ArpOp.Reply, senderMac: iface.mac, senderIp: arp.targetIp, targetMac: arp.senderMac, targetIp: arp.senderIp };
      this.ctx.send(iface.name, this.ctx.newFrame(buildArpFrame(arp.senderMac, reply)), seq);
      return;
    }
    const isReplyToUs = arp.op === ArpOp.Reply && eth.dst === iface.mac;
    const known = this.neighbours.arpFrom(iface.name, arp.senderIp, arp.senderMac, isReplyToUs, this.ctx.now, actions);
    if (arp.op === ArpOp.Request) {
      seq = this.deliver(iface.name, frame, rxSeq, this.notOurs.sentence(known, arp.targetIp), this.notOurs.template(known), this.notOurs.key(iface.name, known));
    } else {
      seq = this.deliver(iface.name, frame, rxSeq, isReplyToUs
        ? `${this.name} reads the ARP reply: ${formatIpv4(arp.senderIp)} is at ${formatMac(arp.senderMac)}`
        : `${this.name} reads an ARP reply meant for ${formatMac(eth.dst)}`);
    }
    this.perform(actions, seq);
  }

  private receiveIpv4(iface: NetInterface, frame: Frame, eth: EthernetHeader, rxSeq: number): void {
    const off = eth.payloadOffset;
    const header = parseIpv4Header(frame.bytes, off);
    if (!ipv4ChecksumOk(frame.bytes, off)) {
      this.drop(iface.name, frame, rxSeq, 'bad-checksum', `${this.name} discards the packet: its IPv4 header checksum is wrong (RFC 791)`);
      return;
    }
    if (this.isLocalAddress(header.dst) || this.isBroadcastFor(iface, header.dst)) {
      if (isFragment(header)) return this.reassembly.receive(iface, frame, header, off, rxSeq);
      const seq = this.deliver(iface.name, frame, rxSeq, `${this.name} accepts the packet from ${formatIpv4(header.src)}: ${formatIpv4(header.dst)} is ${this.isLocalAddress(header.dst) ? 'its own address' : 'a broadcast address'}`);
      this.handleLocalIp(header, frame.bytes, off, seq, iface);
      return;
    }
    if (this.ipForward) {
      this.forwarder?.(iface, frame, eth, header, rxSeq);
      return;
    }
    this.drop(iface.name, frame, rxSeq, 'not-for-me', `${this.name} is not a router (ip_forward=0): the packet for ${formatIpv4(header.dst)} is not its to deliver, so it is dropped`);
  }

  /** Set by the router behaviour (issue: routers); a host with forwarding off never calls it. */
  forwarder?: (iface: NetInterface, frame: Frame, eth: EthernetHeader, header: Ipv4Header, rxSeq: number) => void;

  handleLocalIp(header: Ipv4Header, bytes: Uint8Array, off: number, deliverSeq: number, iface: NetInterface | undefined): void {
    if (header.protocol === IpProtocol.UDP) return this.udp.receive(header, bytes, off, deliverSeq, iface?.name ?? 'lo', !!iface && this.isBroadcastFor(iface, header.dst));
    if (header.protocol !== IpProtocol.ICMP) return;
    const icmpOff = off + header.headerLength;
    const icmpLen = header.totalLength - header.headerLength;
    if (!icmpChecksumOk(bytes, icmpOff, icmpLen)) return;
    const icmp = parseIcmp(bytes, icmpOff, icmpLen);
    if (icmp.kind === 'echo' && icmp.type === IcmpType.EchoRequest) {
      // icmp_echo_ignore_broadcasts=1: Linux does not answer broadcast pings.
      if (iface && this.isBroadcastFor(iface, header.dst)) return;
      const reply = emitIcmpEcho(IcmpType.EchoReply, icmp.identifier, icmp.sequence, icmp.data);
      const datagram = emitIpv4({ identification: this.nextIpId(), dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: header.dst, dst: header.src }, reply);
      this.output(datagram, header.src, deliverSeq);
      return;
    }
    if (icmp.kind === 'echo' && icmp.type === IcmpType.EchoReply) {
      this.pings.echoReply(icmp.identifier, icmp.sequence, header, deliverSeq);
      return;
    }
    if (icmp.kind === 'error') {
      if (icmp.quoted.length < 28) return;
      const inner = parseQuotedIpv4Header(icmp.quoted, 0);
      if (inner.protocol === IpProtocol.UDP) return this.udp.icmpError(header.src, icmp.type, icmp.code, icmp.rest, icmp.quoted, deliverSeq);
      if (inner.protocol === IpProtocol.ICMP) this.pings.icmpError(header.src, icmp.type, icmp.code, icmp.rest, icmp.quoted, deliverSeq);
    }
  }
}

/** 01:00:5e:00:00:01, the all-hosts group 224.0.0.1 every IPv4 host joins (RFC 1112). */
const ALL_HOSTS_MAC = 0x01005e000001;
