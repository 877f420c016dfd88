import { FramesInFlight } from './frames-in-flight.js';
import { PortQueue } from './port-queue.js';
import { RouteTable, type Route } from '../tables/route-table.js';
import {
  fdbKey,
  type FdbState,
  type InFlight,
  type NeighState,
  type NetState,
  type NodeState,
  type PortState,
  type StpNodeState,
} from './node-state.js';

/**
 * The folded state as plain JSON, for the recording's snapshots table and for
 * copying a state (the fold updates its state in place). Bump the version when
 * the fold or this shape changes: stored snapshots of another version are
 * rebuilt, never trusted. fold-6 is fold-5's state stored at another cadence
 * (store/snapshot-cadence.ts), fold-7 the same state compressed
 * (store/snapshot-codec.ts), and fold-8 the same state with each port's queue
 * written flat (PortJson), so a reader trusts all four.
 */
export const SNAPSHOT_VERSION = 'fold-8';

/** Snapshot formats that hold this fold's state, shape for shape. */
export const SNAPSHOT_VERSIONS_READ: ReadonlySet<string> = new Set(['fold-5', 'fold-6', 'fold-7', SNAPSHOT_VERSION]);

/** The formats that write a port's queue as [decision, copies] pairs (PortJson). */
export const PAIRED_QUEUES: ReadonlySet<string> = new Set(['fold-5', 'fold-6', 'fold-7']);

export interface PortJson extends Omit<PortState, 'queued'> {
  /**
   * The copies waiting for the wire, by the decision that chose them, in the
   * queue's order. Up to fold-7, [decision, copies] pairs. From fold-8, one
   * flat list: each decision as its distance from the one before (the first
   * from 0), then its copies. The four-switch storm's queues hold 13,000
   * copies, nine tenths of its state: as pairs, its snapshots took a fifth of
   * a `hoplab run` (151 kB of JSON, 26 kB deflated, every 20,000 events);
   * flat, the deltas mostly 1 or 2, they are 73 kB and 2 kB.
   */
  queued?: Array<[number, number]> | number[];
}

interface NodeJson {
  name: string;
  kind: string;
  ports: Array<[string, PortJson]>;
  lo?: boolean;
  ipForward?: boolean;
  routes?: Route[];
  neigh: NeighState[];
  fdb: FdbState[];
  stp?: StpNodeState;
}

export interface StateJson {
  seq: number;
  t: number;
  nodes: NodeJson[];
  inFlight: InFlight[];
  relay?: NetState['relay'];
}

/** `s` as snapshots of `format` hold it (the run's own format unless `verify` re-derives an older recording's): a copy later folding does not touch. */
export function toSnapshot(s: NetState, format = SNAPSHOT_VERSION): StateJson {
  return snapshotOf(s, format, true);
}

/**
 * `s` as a stored snapshot's JSON text: toSnapshot's, made without copying
 * the entries JSON.stringify only reads. A 5,000-host tree's state holds
 * 25,000 MAC entries and 10,000 ports: the copies were a third of taking
 * its snapshot, in the recorder's worker (issue 21).
 */
export function snapshotText(s: NetState, format = SNAPSHOT_VERSION): string {
  return JSON.stringify(snapshotOf(s, format, false));
}

/** toSnapshot's shape; `copy`: nothing in it is the state's own (else it shares entries, to be read at once). */
function snapshotOf(s: NetState, format: string, copy: boolean): StateJson {
  const paired = PAIRED_QUEUES.has(format);
  const nodes: NodeJson[] = [];
  for (const n of s.nodes.values()) {
    const ports: Array<[string, PortJson]> = [];
    for (const [name, p] of n.ports) ports.push([name, portJson(p, paired, copy)]);
    const nj: NodeJson = {
      name: n.name,
      kind: n.kind,
      ports,
      neigh: copy ? [...n.neigh.values()].map((e) => ({ ...e })) : [...n.neigh.values()],
      fdb: copy ? [...n.fdb.values()].map((e) => ({ ...e })) : [...n.fdb.values()],
    };
    if (n.lo !== undefined) nj.lo = n.lo;
    if (n.ipForward !== undefined) nj.ipForward = n.ipForward;
    if (n.routes) nj.routes = copy ? n.routes.routes().map((r) => ({ ...r })) : n.routes.routes();
    if (n.stp) nj.stp = copy ? copyStp(n.stp) : n.stp;
    nodes.push(nj);
  }
  const inFlight = copy ? [...s.inFlight.values()].map((f) => ({ ...f })) : [...s.inFlight.values()];
  const j: StateJson = { seq: s.seq, t: s.t, nodes, inFlight };
  if (s.relay) j.relay = copy ? { ...s.relay } : s.relay;
  return j;
}

/** A port as a snapshot holds it: its queue written in the format's form. A host's port, with no queue, is itself when shared. */
export function portJson(p: PortState, paired: boolean, copy: boolean): PortJson {
  const { queued } = p;
  if (!queued && !copy) return p as PortJson;
  const { queued: _queue, ...rest } = p;
  const pj: PortJson = rest;
  if (copy) pj.addresses = p.addresses.map((a) => ({ ...a }));
  if (queued) pj.queued = paired ? [...queued] : flatQueue(queued);
  return pj;
}

/**
 * The state a snapshot holds; `peers` is the recording's (initialState's), which no event changes, shared rather than stored.
 * `adopt`: the snapshot was just parsed and nothing else holds it, so the state takes its entries instead of copying them
 * (at 1,000 hosts the copy was a fifth of a seek's garbage).
 */
export function fromSnapshot(j: StateJson, peers: ReadonlyMap<string, string>, adopt = false): NetState {
  const own = adopt ? <T>(x: T): T => x : <T>(x: T): T => ({ ...x });
  const nodes = new Map<string, NodeState>();
  for (const nj of j.nodes) {
    const ports = new Map<string, PortState>();
    for (const [name, pj] of nj.ports) {
      const { queued, ...rest } = pj;
      const p: PortState = { ...rest, addresses: adopt ? rest.addresses : rest.addresses.map(own) };
      if (queued) p.queued = queueOf(queued);
      ports.set(name, p);
    }
    const n: NodeState = {
      name: nj.name,
      kind: nj.kind,
      ports,
      neigh: new Map(nj.neigh.map((e) => [`${e.dev}/${e.ip}`, own(e)])),
      fdb: new Map(nj.fdb.map((e) => [fdbKey(e.mac, e.vlan), own(e)])),
    };
    if (nj.lo !== undefined) n.lo = nj.lo;
    if (nj.ipForward !== undefined) n.ipForward = nj.ipForward;
    if (nj.stp) n.stp = copyStp(nj.stp);
    if (nj.routes) {
      n.routes = new RouteTable();
      for (const r of nj.routes) n.routes.add(r);
    }
    nodes.set(n.name, n);
  }
  const s: NetState = { seq: j.seq, t: j.t, nodes, inFlight: new FramesInFlight(j.inFlight.map(own)), peers };
  if (j.relay) s.relay = { ...j.relay };
  return s;
}

/** A copy that later folding does not touch. */
export function cloneState(s: NetState): NetState {
  return fromSnapshot(toSnapshot(s), s.peers);
}

/** A queue as fold-8 writes it: each decision's distance from the one before, then its copies. */
function flatQueue(queued: PortQueue): number[] {
  const flat = new Array<number>(queued.size * 2);
  let at = 0;
  let previous = 0;
  for (const [decision, copies] of queued) {
    flat[at++] = decision - previous;
    flat[at++] = copies;
    previous = decision;
  }
  return flat;
}

/** A stored queue, written flat (fold-8) or as pairs (before); throws on one that is neither. */
function queueOf(stored: Array<[number, number]> | number[]): PortQueue {
  if (!Array.isArray(stored)) throw new Error('a port queue is not a list');
  if (stored.length === 0 || Array.isArray(stored[0])) return new PortQueue(stored as Array<[number, number]>);
  const flat = stored as number[];
  if (flat.length % 2 !== 0) throw new Error('a port queue has a decision without its copies');
  const queued = new PortQueue();
  let decision = 0;
  for (let at = 0; at < flat.length; at += 2) {
    const gap = flat[at];
    const copies = flat[at + 1];
    if (!Number.isSafeInteger(gap) || !Number.isSafeInteger(copies))
      throw new Error('a port queue holds something other than whole numbers');
    decision += gap!;
    queued.set(decision, copies!);
  }
  return queued;
}

function copyStp(s: StpNodeState): StpNodeState {
  return { ...s, ports: Object.fromEntries(Object.entries(s.ports).map(([k, v]) => [k, { ...v }])) };
}
