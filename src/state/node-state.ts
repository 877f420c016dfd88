import { RouteTable } from '../tables/route-table.js';
import type { Topology } from '../topology/model.js';
import { loadYamlTopology } from '../topology/yaml-loader.js';
import { formatMac } from '../wire/mac.js';
import type { Cidr } from '../wire/ipv4-address.js';

/**
 * The state of the whole network as the events tell it (STYLE rule 7): what
 * `state --at`, the stepper and the live-versus-fold test read. Only what the
 * events (plus the topology the run started from) determine is here:
 *
 * - derivable: MAC tables (learn/move/age; a port going down and `bridge fdb
 *   flush` show up as age events), ARP caches (neigh), port and interface
 *   up/down (link), addresses and routes (the topology, then `ip addr`/`ip
 *   route` commands and interfaces going up or down), frames on the wire (a tx
 *   whose rx, drop or collision has not happened yet), per-port tx/rx/drop
 *   counts, and the transmit queues of bridges, switches and repeaters (every
 *   frame they send follows a forward/flood decision naming its out ports, so
 *   a copy that has neither started (tx) nor been dropped is waiting).
 * - not derivable: a host's or router's transmit queue depth (a host queues a
 *   frame on a busy cable without any event), a MAC entry's last-seen time
 *   (refreshing an entry is not an event, so only the learning time is known),
 *   the ARP cache's timers, and packets waiting in an INCOMPLETE entry.
 * - the spanning tree: each bridge's root, root port, path cost, topology
 *   change flag and each port's role and state (stp events); not its timers.
 */
export interface PortState {
  up: boolean;
  mac?: string;
  addresses: Cidr[];
  /** The cable's other end, `node:port`. */
  peer?: string;
  tx: number;
  rx: number;
  drops: number;
  /** Bridges, switches, repeaters: decision seq -> copies chosen for this port not yet on the wire. */
  queued?: Map<number, number>;
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
  /** mac -> entry. A MAC learned in two VLANs at once shows once: events do not name the VLAN. */
  fdb: Map<string, FdbState>;
  /** Bridges and switches running the spanning tree. */
  stp?: StpNodeState;
}

export interface InFlight {
  /** The tx event's seq. */
  txSeq: number;
  t: number;
  node: string;
  port: string;
  frame?: number;
  /** A hub's repeated copy: the station tx whose signal it carries, and where that station is. */
  origin?: number;
  originPort?: string;
}

export interface NetState {
  /** The last event folded in (0: the start of the run). */
  seq: number;
  t: number;
  nodes: Map<string, NodeState>;
  /** tx seq -> frame on the wire, in order of transmission. */
  inFlight: Map<number, InFlight>;
  /** The last hub repeat (flood) and the station tx it carries: its tx events follow it at once. */
  relay?: { flood: number; origin: number; originPort: string };
}

/** Node kinds that send only what a forward/flood decision chose, so their queues are derivable. */
export const QUEUE_DERIVABLE: ReadonlySet<string> = new Set(['bridge', 'switch', 'repeater']);
export const L3_KINDS: ReadonlySet<string> = new Set(['host', 'router']);

/** What the recording's header says about its nodes and ports (used when no topology can be parsed). */
export interface HeaderShape {
  nodes: Array<{ name: string; kind: string }>;
  ports: Array<{ node: string; port: string; mac?: string; peerNode?: string; peerPort?: string }>;
  topologySource?: string;
  topologyPath?: string;
}

/**
 * The state a recording starts from: its header's nodes and ports, with the
 * addresses and routes of its topology source. A source this hoplab cannot
 * read (a shell script, a newer format) still gives nodes and ports.
 */
export function recordingInitialState(header: HeaderShape): NetState {
  let topology: Topology | undefined;
  if (header.topologySource && !header.topologyPath?.endsWith('.sh')) {
    try {
      topology = loadYamlTopology(header.topologySource, header.topologyPath ?? 'topology');
    } catch {
      topology = undefined;
    }
  }
  return initialState(header, topology);
}

export function newPort(up: boolean, kind: string): PortState {
  const p: PortState = { up, addresses: [], tx: 0, rx: 0, drops: 0 };
  if (QUEUE_DERIVABLE.has(kind)) p.queued = new Map();
  return p;
}

/**
 * The network just before its first event: every node, its ports (up, MAC,
 * peer), and for hosts and routers their addresses, loopback, forwarding and
 * routes, set up exactly as the host stack does when it attaches (connected
 * routes for each address of an up interface, then the static routes).
 */
export function initialState(header: HeaderShape, topology?: Topology): NetState {
  const nodes = new Map<string, NodeState>();
  for (const n of header.nodes) nodes.set(n.name, { name: n.name, kind: n.kind, ports: new Map(), neigh: new Map(), fdb: new Map() });
  for (const p of header.ports) {
    const node = nodes.get(p.node);
    if (!node) continue;
    const port = newPort(true, node.kind);
    if (p.mac) port.mac = p.mac;
    if (p.peerNode && p.peerPort) port.peer = `${p.peerNode}:${p.peerPort}`;
    node.ports.set(p.port, port);
  }
  for (const spec of topology?.nodes ?? []) {
    const node = nodes.get(spec.name);
    if (!node || !L3_KINDS.has(spec.kind)) continue;
    node.lo = spec.loUp;
    node.ipForward = spec.ipForward;
    node.routes = new RouteTable();
    for (const i of spec.interfaces) {
      let port = node.ports.get(i.name);
      if (!port) node.ports.set(i.name, (port = newPort(i.up, node.kind)));
      port.up = i.up;
      port.addresses = [...i.addresses];
      if (port.mac === undefined && i.mac !== undefined) port.mac = formatMac(i.mac);
      if (i.up) addConnectedRoutes(node.routes, i.name, port.addresses);
    }
    for (const r of spec.routes) {
      const dev = r.dev ?? deviceForGateway(node.routes, r.via!);
      if (dev)
        node.routes.add({
          destination: r.destination,
          prefixLength: r.prefixLength,
          ...(r.via !== undefined && { gateway: r.via }),
          device: dev,
          kind: 'static',
          metric: 0,
        });
    }
  }
  return { seq: 0, t: 0, nodes, inFlight: new Map() };
}

/** As the host stack: one connected route per address, with the address as preferred source. */
export function addConnectedRoutes(routes: RouteTable, dev: string, addresses: readonly Cidr[]): void {
  for (const a of addresses) {
    const network = (a.address & (a.prefixLength === 0 ? 0 : ~0 << (32 - a.prefixLength))) >>> 0;
    routes.add({ destination: network, prefixLength: a.prefixLength, device: dev, source: a.address, kind: 'connected', metric: 0 });
  }
}

/** The interface a gateway is directly reachable through, as `ip route add ... via` finds it. */
export function deviceForGateway(routes: RouteTable, gateway: number): string | undefined {
  const r = routes.lookup(gateway);
  return r && r.gateway === undefined ? r.device : undefined;
}
