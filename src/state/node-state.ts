import type { RouteFact } from '../events/config-change.js';
import { routeFromFact } from '../tables/route-fact.js';
import { FramesInFlight, type InFlight } from './frames-in-flight.js';
import { PortQueue } from './port-queue.js';
import { RouteTable } from '../tables/route-table.js';
import { parseCidr, type Cidr } from '../wire/ipv4-address.js';

/** The fold's frames on a wire, whose table is frames-in-flight.ts. */
export type { InFlight };

/**
 * The state of the whole network as the events tell it (STYLE rule 7): what
 * `state --at`, the stepper and the live-versus-fold test read. Only what the
 * events (plus the configuration the recording states for time 0) determine
 * is here:
 *
 * - derivable: MAC tables (learn/move/age; a port going down and `bridge fdb
 *   flush` show up as age events), ARP caches (neigh; a flush as config
 *   events), port and interface up/down (link), which nodes and ports exist,
 *   addresses, routes and forwarding (config events, each stating one
 *   change the stack made), frames on the wire (a tx
 *   whose rx, drop or collision has not happened yet), per-port tx/rx/drop
 *   counts, and the transmit queues of bridges, switches and repeaters (every
 *   frame they send follows a forward/flood decision naming its out ports, so
 *   a copy that has neither started (tx) nor been dropped is waiting).
 * - not derivable: a host's or router's transmit queue depth (a host queues a
 *   frame on a busy cable without any event), a MAC entry's last-seen time
 *   (refreshing an entry is not an event, so only the learning time is known),
 *   the ARP cache's timers, and how many packets wait in an INCOMPLETE entry
 *   (the one that made it is the cause of its `neigh` event, which the stepper
 *   names; later ones change no state and emit no event).
 * - the spanning tree: each bridge's root, root port, path cost, topology
 *   change flag and each port's role and state (stp events); not its timers.
 */
export interface PortState {
  up: boolean;
  /** false while the stack knows an up interface has lost its carrier (a newlink's `carrier`): its routes are `linkdown`. */
  carrier?: boolean;
  mac?: string;
  /** What `ip link set X mtu N` set (a config event's newlink states it); the link's default until then. */
  mtu?: number;
  addresses: Cidr[];
  /** The cable's other end, `node:port`. */
  peer?: string;
  tx: number;
  rx: number;
  drops: number;
  /** Bridges, switches, repeaters: decision seq -> copies chosen for this port not yet on the wire. */
  queued?: PortQueue;
}

export interface NeighState {
  ip: string;
  dev: string;
  mac?: string;
  state: string;
  /** The neigh event that last changed it. */
  seq: number;
  t: number;
}

export interface FdbState {
  mac: string;
  port: string;
  /** When it was learned on `port` (a move is a new learning), and by which event. */
  learnedAt: number;
  learnedSeq: number;
  /** A VLAN-aware switch's entry: its VLAN, as its learn event states it (schema version 5); absent on a switch without VLANs. */
  vlan?: number;
}

/** An fdb entry's key: the MAC, and its VLAN when the entry has one (802.1Q 8.8: a VLAN-aware table holds a MAC once per VLAN). */
export function fdbKey(mac: string, vlan: number | null | undefined): string {
  return vlan == null ? mac : `${mac}/${vlan}`;
}

/** A bridge's spanning tree as its `stp` events tell it. */
export interface StpNodeState {
  /** The root's bridge id, `8000.020000000a01`. */
  root: string;
  cost: number;
  /** The root port, '' on the root bridge. */
  rootPort: string;
  topologyChange: boolean;
  /** Each port's role and state, and the event that set them. */
  ports: Record<string, { role: string; state: string; seq: number }>;
}

export interface NodeState {
  name: string;
  kind: string;
  ports: Map<string, PortState>;
  /** Hosts and routers: loopback up, IPv4 forwarding, the main routing table. */
  lo?: boolean;
  ipForward?: boolean;
  routes?: RouteTable;
  /** `dev/ip` -> entry, in the order the kernel created them. */
  neigh: Map<string, NeighState>;
  /** fdbKey (mac, or mac/vlan on a VLAN-aware switch) -> entry, in the order they were learned. */
  fdb: Map<string, FdbState>;
  /** Bridges and switches running the spanning tree. */
  stp?: StpNodeState;
}

export interface NetState {
  /** The last event folded in (0: the start of the run). */
  seq: number;
  t: number;
  nodes: Map<string, NodeState>;
  /** tx seq -> frame on the wire, in order of transmission. */
  inFlight: FramesInFlight;
  /** `node:port` -> the far end of its cable, as the header says (a script's: where the end was last placed), for ports that appear later. No event changes it. */
  readonly peers: ReadonlyMap<string, string>;
  /** The last hub repeat (flood) and the station tx it carries: its tx events follow it at once. */
  relay?: { flood: number; origin: number; originPort: string };
  /**
   * Counts the changes to which nodes and ports exist (a config event; a
   * legacy recording's node or port first named): a FoldPlace resolved
   * before the last of them is resolved again. Absent: none yet.
   */
  shape?: number;
}

/**
 * An event's node and port in one state, resolved once for every event of
 * its description and kept with the description's facts (fold-rows.ts), so
 * that the fold of millions of events looks each up once rather than in two
 * maps per event. On the 5,000-host tree those lookups were a third of the
 * recorder's fold: the nodes' maps no longer fit in the processor's caches.
 * Valid while `state` is the state folded and its shape has not changed.
 */
export interface FoldPlace {
  state?: NetState;
  shape?: number;
  node?: NodeState;
  port?: PortState;
}

/** Node kinds that send only what a forward/flood decision chose, so their queues are derivable. */
export const QUEUE_DERIVABLE: ReadonlySet<string> = new Set(['bridge', 'switch', 'repeater']);
export const L3_KINDS: ReadonlySet<string> = new Set(['host', 'router']);

/** What the recording's header says about its nodes and ports, and what they held at time 0. */
export interface HeaderShape {
  nodes: Array<{ name: string; kind: string }>;
  ports: Array<{ node: string; port: string; mac?: string; peerNode?: string; peerPort?: string }>;
  /** The starting configuration (schema version 4; a reader derives one for an older recording). */
  start?: StartingConfig;
}

/**
 * The configuration the network started from, as the recording states it:
 * what its live devices held at time 0, before the first event (the
 * recording's start_* tables). Configuration events change it from there.
 */
export interface StartingConfig {
  /** Every node that exists at time 0; hosts and routers with their loopback's state and IPv4 forwarding. */
  nodes: Array<{ name: string; kind: string; lo?: boolean; ipForward?: boolean }>;
  /** Every port and interface of those nodes (lo aside), and whether it is up; its MAC and cable are the header's. */
  ports: Array<{ node: string; port: string; up: boolean }>;
  /** Each interface's addresses (`10.0.0.1/24`), in the order it holds them. */
  addresses: Array<{ node: string; port: string; address: string }>;
  /** Each host's and router's main table, as `ip route show` lists it. */
  routes: Array<{ node: string; device: string } & RouteFact>;
}

export function newPort(up: boolean, kind: string): PortState {
  const p: PortState = { up, addresses: [], tx: 0, rx: 0, drops: 0 };
  if (QUEUE_DERIVABLE.has(kind)) p.queued = new PortQueue();
  return p;
}

/**
 * The network just before its first event, as its recording states it:
 * every node of the starting configuration with its ports (up or down, MAC
 * and peer from the header), and for hosts and routers their addresses,
 * loopback, forwarding and routes, taken as they are. A header without a
 * starting configuration gives every node and port it names, up.
 */
export function initialState(header: HeaderShape): NetState {
  const start: StartingConfig = header.start ?? {
    nodes: header.nodes,
    ports: header.ports.map((p) => ({ node: p.node, port: p.port, up: true })),
    addresses: [],
    routes: [],
  };
  const peers = headerPeers(header);
  const macs = new Map<string, string>();
  for (const p of header.ports) if (p.mac) macs.set(`${p.node}:${p.port}`, p.mac);
  const nodes = new Map<string, NodeState>();
  for (const n of start.nodes) {
    const node: NodeState = { name: n.name, kind: n.kind, ports: new Map(), neigh: new Map(), fdb: new Map() };
    if (n.lo !== undefined) {
      node.lo = n.lo;
      node.ipForward = n.ipForward ?? false;
      node.routes = new RouteTable();
    }
    nodes.set(n.name, node);
  }
  for (const p of start.ports) {
    const node = nodes.get(p.node);
    if (!node) continue;
    const port = newPort(p.up, node.kind);
    const key = `${p.node}:${p.port}`;
    if (macs.has(key)) port.mac = macs.get(key)!;
    if (peers.has(key)) port.peer = peers.get(key)!;
    node.ports.set(p.port, port);
  }
  for (const a of start.addresses) nodes.get(a.node)?.ports.get(a.port)?.addresses.push(parseCidr(a.address));
  for (const r of start.routes) nodes.get(r.node)?.routes?.add(routeFromFact(r.device, r));
  return { seq: 0, t: 0, nodes, inFlight: new FramesInFlight(), peers };
}

/** `node:port` -> the far end of its cable, as the header says: what every state of the recording shares (NetState.peers). */
export function headerPeers(header: HeaderShape): Map<string, string> {
  const peers = new Map<string, string>();
  for (const p of header.ports) if (p.peerNode && p.peerPort) peers.set(`${p.node}:${p.port}`, `${p.peerNode}:${p.peerPort}`);
  return peers;
}
