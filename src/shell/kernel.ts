import type { Host } from '../devices/host.js';
import type { NetInterface } from '../devices/net-interface.js';
import type { Network } from '../net/network.js';
import type { Cidr, Ipv4 } from '../wire/ipv4-address.js';
import type { Mac } from '../wire/mac.js';
import { LINK_DEFAULTS, type NodeSpec } from '../topology/model.js';
import { ROOT } from '../topology/script-load.js';
import { LowestFree } from './lowest-free.js';

export type LinkKind = 'loopback' | 'veth' | 'bridge';

/**
 * A network device as the kernel numbers and names it inside one namespace:
 * what `ip link` lists. Its IP state (up, addresses) lives in the
 * namespace's Host while it is one of the host's interfaces; a bridge and
 * the ports enslaved to it keep theirs here, since the bridge, not the IP
 * stack, receives their frames.
 */
export interface Link {
  name: string;
  ifindex: number;
  ns: Namespace;
  kind: LinkKind;
  mac: Mac;
  /** veth: the other end. */
  peer?: Link;
  /** The bridge this link is a port of. */
  master?: Link;
  /** Administrative state of a bridge or bridge port (a host interface's is its NetInterface's). */
  up: boolean;
  /** A qdisc is attached once the device has been up (dev_activate), until it changes namespace (dev_shutdown). */
  qdisc: 'noop' | 'noqueue';
  /** What `ip link set X mtu N` set; lo's and Ethernet's default until then (render-ip-link.ts mtuOf). */
  mtu?: number;
  /** Addresses given with a broadcast address (`brd`), as ifconfig gives them. */
  broadcast: Set<Ipv4>;
  /** A port's addresses while it is enslaved: Linux keeps them on the device, where they do nothing. */
  parked?: Cidr[];
  /** When it arrived in its namespace, among all arrivals: its place in `ns.links`. */
  arrival: number;
  /** A bridge port's number (br_if.c find_portno: the lowest free), and when it last began to forward. */
  portNo?: number;
  enabledAt?: number;
  /**
   * bridge: the switch node that forwards for it, its ports in the order
   * enslaved, ageing_time in centiseconds, and whether it has joined the
   * namespace's IP stack (once given an address: an interface of the host
   * cabled to the switch's port of the same name); when it last came up.
   */
  bridge?: { node: string; ports: Link[]; ageingCs: number; macSet: boolean; stack: boolean; stp: BridgeStpSettings; upAt?: number };
}

/** A bridge's spanning tree settings as `ip link` holds them: centiseconds, and priority (br_dev_setup's defaults). */
export interface BridgeStpSettings {
  on: boolean;
  priority: number;
  forwardDelayCs: number;
  helloTimeCs: number;
  maxAgeCs: number;
}

/** A network namespace: a Host node plus the kernel's numbering of its devices and of its peers. */
export interface Namespace {
  name: string;
  host: Host;
  /** Devices in the order they arrived in the namespace (a Set: a device leaves in O(1)). */
  links: Set<Link>;
  /** The same devices by name and by ifindex, so that a script of thousands of devices loads in linear time. */
  byName: Map<string, Link>;
  byIndex: Map<number, Link>;
  /** When it was made, among all namespaces: the order `namespaces` iterates in. */
  serial: number;
  /** The last ifindex handed out: allocation continues after it (dev_index_reserve, cyclic per namespace). */
  lastIfindex: number;
  /** The ids this namespace gives other namespaces (peernet2id_alloc), in order of first need. */
  nsids: Map<Namespace, number>;
  /** Which of those ids are taken, lowest free first (idr_alloc). */
  freeNsids: LowestFree;
  /** Whether `ip netns list` shows it (the root namespace has no name in /var/run/netns). */
  named: boolean;
  alive: boolean;
}

/**
 * The namespaces, devices and cables a script builds, over the network the
 * YAML front end also uses: a namespace is a host node, a veth pair a cable,
 * a bridge a switch node. Structural changes are `link` events so that the
 * recording tells them.
 */
/** What the shell asks of linkwatch (linkwatch.ts). */
export interface CarrierWatch {
  /** The carrier the link's stack acts on. */
  carrier(link: Link): boolean;
  /** A link came up. */
  opened(link: Link): void;
  /** Runs a change to `link` and hands its peer's carrier change to linkwatch. */
  aroundPeer(link: Link, cause: number, change: () => void): void;
  /** Runs a pending event for `link` now. */
  sync(link: Link): void;
}

export class Kernel {
  readonly namespaces = new Map<string, Namespace>();
  readonly root: Namespace;
  /** Every node the script made, in order (the recording's header lists them). */
  readonly nodes: Array<{ name: string; kind: string }> = [];
  /** Every place a cable end has been, `node:port` -> its MAC and the far end when last placed. */
  readonly ends = new Map<string, { node: string; port: string; mac?: Mac; peer?: { node: string; port: string } }>();
  /** Every bridge device alive, so that syncing bridges after each command does not walk every device. */
  readonly bridgeLinks = new Set<Link>();
  private serials = 0;
  private arrivals = 0;

  /** How carrier changes reach each namespace's stack: set by the runner (linkwatch.ts); at once until then. */
  linkwatch: CarrierWatch = {
    carrier: (link) => this.hasCarrier(link),
    opened: () => {},
    aroundPeer: (_link, _cause, change) => change(),
    sync: () => {},
  };

  constructor(readonly network: Network) {
    const host = network.devices.get(ROOT) as Host;
    this.root = this.newNamespace(ROOT, host, false);
    this.root.byName.get('lo')!.qdisc = 'noqueue';
  }

  private newNamespace(name: string, host: Host, named: boolean): Namespace {
    const ns: Namespace = {
      name,
      host,
      links: new Set(),
      byName: new Map(),
      byIndex: new Map(),
      serial: this.serials++,
      lastIfindex: 0,
      nsids: new Map(),
      freeNsids: new LowestFree(0),
      named,
      alive: true,
    };
    this.addLink(ns, { name: 'lo', kind: 'loopback', mac: 0 });
    this.namespaces.set(name, ns);
    this.nodes.push({ name, kind: 'host' });
    return ns;
  }

  /** `ip netns add NAME`: a fresh namespace, only lo, and lo down. */
  addNamespace(name: string, cause: number): Namespace {
    const spec: NodeSpec = { name, kind: 'host', interfaces: [], loUp: false, routes: [], ipForward: false, ports: [] };
    const ns = this.newNamespace(name, this.network.addNode(spec, cause) as Host, true);
    this.event(name, 'lo', false, cause, `${name} is a new network namespace: it holds only lo, and lo is down`);
    return ns;
  }

  /** `ip netns delete NAME`: its veth pairs and bridges go with it (default_device_exit_batch). */
  deleteNamespace(ns: Namespace, cause: number): void {
    for (const link of [...ns.links].reverse()) if (link.kind !== 'loopback') this.deleteLink(link, cause);
    ns.alive = false;
    this.namespaces.delete(ns.name);
    for (const other of this.namespaces.values()) {
      const id = other.nsids.get(ns);
      if (id === undefined) continue;
      other.nsids.delete(ns);
      other.freeNsids.release(id);
    }
    this.network.removeNode(ns.name, cause);
    this.event(ns.name, 'lo', false, cause, `${ns.name} is deleted, and everything in it`);
  }

  /** Which namespace a name refers to: a named one, or the root namespace by process 1 (`netns 1`). */
  lookup(name: string): Namespace | undefined {
    if (name === '1') return this.root;
    const ns = this.namespaces.get(name);
    return ns?.named ? ns : undefined;
  }

  /** The id `from` gives `to`, allocated the first time it is needed (peernet2id_alloc). */
  nsid(from: Namespace, to: Namespace): number {
    let id = from.nsids.get(to);
    if (id === undefined) {
      id = from.freeNsids.take();
      from.nsids.set(to, id);
    }
    return id;
  }

  find(ns: Namespace, name: string): Link | undefined {
    return ns.byName.get(name);
  }

  private allocIfindex(ns: Namespace, keep?: number): number {
    if (keep !== undefined && !ns.byIndex.has(keep)) return keep;
    let i = ns.lastIfindex + 1;
    while (ns.byIndex.has(i)) i++;
    ns.lastIfindex = i;
    return i;
  }

  /** The device arrives last in the namespace's list. */
  private arrive(ns: Namespace, link: Link): void {
    link.ns = ns;
    link.arrival = this.arrivals++;
    ns.links.add(link);
    ns.byName.set(link.name, link);
    ns.byIndex.set(link.ifindex, link);
  }

  private leave(link: Link): void {
    const ns = link.ns;
    ns.links.delete(link);
    ns.byName.delete(link.name);
    ns.byIndex.delete(link.ifindex);
  }

  private addLink(ns: Namespace, l: { name: string; kind: LinkKind; mac: Mac }, keepIfindex?: number): Link {
    const link: Link = {
      ...l,
      ifindex: this.allocIfindex(ns, keepIfindex),
      ns,
      arrival: 0,
      up: false,
      qdisc: 'noop',
      broadcast: new Set(),
    };
    this.arrive(ns, link);
    return link;
  }

  /**
   * `ip link add NAME type veth peer name PEER [netns NS]`: the peer is
   * registered first, so it takes the lower ifindex (veth_newlink). Both ends
   * start down; the cable between them is a hoplab cable with the defaults.
   */
  addVeth(ns: Namespace, name: string, peerNs: Namespace, peerName: string, cause: number): Link {
    const peer = this.addLink(peerNs, { name: peerName, kind: 'veth', mac: this.network.newMac() });
    const link = this.addLink(ns, { name, kind: 'veth', mac: this.network.newMac() });
    link.peer = peer;
    peer.peer = link;
    for (const end of [peer, link]) end.ns.host.addInterface(this.iface(end), cause);
    this.network.addCable({ a: { node: ns.name, port: name }, b: { node: peerNs.name, port: peerName }, ...LINK_DEFAULTS });
    this.noteCable(link);
    if (peerNs !== ns) this.noteNsids(link);
    this.event(peerNs.name, peerName, false, cause, `${peerName} is one end of a new veth pair, down: what enters ${name} comes out here`);
    this.event(
      ns.name,
      name,
      false,
      cause,
      `${name} is the other end of the veth pair, down: what enters it comes out of ${peerName}${peerNs === ns ? '' : ` in ${peerNs.name}`}`,
    );
    return link;
  }

  /** `ip link add NAME type bridge`: a Linux bridge device, forwarded for by a switch node. */
  addBridge(ns: Namespace, name: string, node: string, ageingCs: number, cause: number): Link {
    const link = this.addLink(ns, { name, kind: 'bridge', mac: this.network.newMac() });
    link.bridge = {
      node,
      ports: [],
      ageingCs,
      macSet: false,
      stack: false,
      stp: { on: false, priority: 0x8000, forwardDelayCs: 1500, helloTimeCs: 200, maxAgeCs: 2000 },
    };
    this.bridgeLinks.add(link);
    this.nodes.push({ name: node, kind: 'switch' });
    this.event(
      ns.name,
      name,
      false,
      cause,
      `${name} is a new Linux bridge in ${ns.name}, down and without ports; hoplab runs it as the switch ${node}`,
    );
    return link;
  }

  /** Deletes a device; a veth's peer goes too (veth_dellink), a bridge frees its ports. */
  deleteLink(link: Link, cause: number): void {
    if (link.master) this.release(link, cause);
    if (link.bridge) {
      for (const port of [...link.bridge.ports]) this.release(port, cause);
      if (link.bridge.stack) this.network.removeCable({ node: link.ns.name, port: link.name });
      this.network.removeNode(link.bridge.node, cause);
    }
    if (link.peer) {
      this.network.removeCable(this.endpoint(link));
      this.unlink(link.peer, cause);
      this.event(link.peer.ns.name, link.peer.name, false, cause, `${link.peer.name} is deleted with its peer ${link.name}`);
    }
    this.unlink(link, cause);
    this.event(link.ns.name, link.name, false, cause, `${link.name} is deleted from ${link.ns.name}`);
  }

  private unlink(link: Link, cause: number): void {
    if (link.master) this.release(link, cause);
    link.ns.host.removeInterface(link.name, cause);
    this.leave(link);
    this.bridgeLinks.delete(link);
  }

  /**
   * `ip link set X netns NS`: the device leaves down and without addresses
   * (dev_change_net_namespace closes it and the old namespace's inet device
   * goes), keeps its ifindex if the new namespace has it free, and keeps its
   * cable.
   */
  move(link: Link, to: Namespace, cause: number): void {
    const from = link.ns;
    if (link.master) this.release(link, cause);
    const before = this.endpoint(link);
    from.host.removeInterface(link.name, cause);
    this.leave(link);
    link.ifindex = this.allocIfindex(to, link.ifindex);
    this.arrive(to, link);
    link.qdisc = 'noop';
    link.broadcast.clear();
    to.host.addInterface(this.iface(link), cause);
    this.network.moveCableEnd(before, this.endpoint(link));
    this.noteCable(link);
    this.noteNsids(link);
    this.event(from.name, link.name, false, cause, `${link.name} leaves ${from.name} for ${to.name}`);
    this.event(
      to.name,
      link.name,
      false,
      cause,
      `${link.name} arrives in ${to.name} down and without addresses, as a moved interface does`,
    );
  }

  /**
   * `ip link set OLD name NEW` on a host's veth: the same device, ifindex and
   * cable, now called NEW in its namespace (dev_change_name); its stack's
   * tables follow (Host.renameInterface).
   */
  rename(link: Link, to: string, cause: number): void {
    const before = this.endpoint(link);
    const from = link.name;
    link.ns.byName.delete(from);
    link.name = to;
    link.ns.byName.set(to, link);
    this.network.moveCableEnd(before, this.endpoint(link));
    this.noteCable(link);
    link.ns.host.renameInterface(from, to, cause);
  }

  /** Both namespaces of a split veth pair learn an id for each other as the move is announced (rtnl_fill_link_netnsid). */
  private noteNsids(link: Link): void {
    if (link.peer && link.peer.ns !== link.ns) {
      this.nsid(link.ns, link.peer.ns);
      this.nsid(link.peer.ns, link.ns);
    }
  }

  /** Records where both ends of a veth's cable are now. */
  noteCable(link: Link): void {
    for (const end of [link, link.peer!]) {
      const at = this.endpoint(end);
      const mac = end.master ? undefined : end.mac;
      this.ends.set(`${at.node}:${at.port}`, {
        ...at,
        ...(mac !== undefined && { mac }),
        peer: this.endpoint(end === link ? link.peer! : link),
      });
    }
  }

  /** Where the device's cable end is in the network: the host, or the switch it is a port of. */
  endpoint(link: Link): { node: string; port: string } {
    return { node: link.master?.bridge?.node ?? link.ns.name, port: link.name };
  }

  /** The host interface behind a link, when it is one (not lo, not a bridge, not enslaved). */
  hostInterface(link: Link): NetInterface | undefined {
    const isHosts = link.kind === 'veth' ? !link.master : link.kind === 'bridge' && link.bridge!.stack;
    return isHosts ? link.ns.host.interfaces.get(link.name) : undefined;
  }

  isUp(link: Link): boolean {
    if (link.kind === 'loopback') return link.ns.host.loUp;
    if (link.kind === 'bridge') return link.up;
    return this.hostInterface(link)?.up ?? link.up;
  }

  /**
   * Carrier (LOWER_UP): lo always has it when up; a veth when both ends are
   * up (veth_open sets the carrier of both); a bridge when one of its ports forwards.
   */
  hasCarrier(link: Link): boolean {
    if (!this.isUp(link)) return false;
    if (link.kind === 'veth') return !!link.peer && this.isUp(link.peer);
    if (link.kind === 'bridge') return link.bridge!.ports.some((p) => this.forwards(p));
    return true;
  }

  /** A bridge port forwards when it, its bridge and its carrier are up (STP off: br_stp_enable_port). */
  forwards(port: Link): boolean {
    return !!port.master && this.isUp(port.master) && this.hasCarrier(port);
  }

  addresses(link: Link): Cidr[] {
    return this.hostInterface(link)?.addresses ?? link.parked ?? [];
  }

  iface(link: Link): NetInterface {
    return { name: link.name, mac: link.mac, addresses: [], up: false, mtu: link.mtu ?? LINK_DEFAULTS.mtu };
  }

  /** Set by the bridge module (script-bridge.ts): releases a port from its bridge before it moves or goes. */
  release: (port: Link, cause: number) => void = () => {};

  event(node: string, port: string, up: boolean, cause: number, why: string): number {
    return this.network.emit({ kind: 'link', node, port, state: up ? 'up' : 'down', cause, why });
  }
}
