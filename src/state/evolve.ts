import type { SimEvent } from '../events/event.js';
import { applyConfig } from './evolve-config.js';
import { evolveStp } from './evolve-stp.js';
import { fdbKey, type FdbState, type FoldPlace, type NetState, type NodeState, type PortState } from './node-state.js';

/**
 * The columns the fold reads: `why` aside, an event's facts. Stored rows may
 * hold null where events hold nothing. `text` is read only by the fold of a
 * schema 1–3 recording (store/legacy-config.ts); `evolve` never parses it.
 */
export type FoldEvent = Pick<SimEvent, 'seq' | 't' | 'kind' | 'node'> & {
  [K in 'port' | 'frame' | 'cause' | 'mac' | 'from' | 'ip' | 'state' | 'text' | 'config' | 'vlan']?: SimEvent[K] | null;
} & {
  out?: readonly string[] | null;
  senders?: readonly string[] | null;
  /** Where the events of this one's description happen, kept from one to the next (FoldPlace). */
  place?: FoldPlace | null;
};

/**
 * The fold that rebuilds the network's state from its events (STYLE rule 7;
 * Emmett's `evolve`). Deterministic and free of I/O; for speed over millions
 * of events it updates `state` in place and returns it, so a caller that
 * keeps a state past the next event keeps a copy (state-snapshot.ts).
 */
export function evolve(state: NetState, e: FoldEvent): NetState {
  state.seq = e.seq;
  state.t = e.t;
  let node: NodeState | undefined;
  let port: PortState | undefined;
  const memo = e.place;
  if (memo != null && memo.state === state && memo.shape === state.shape) {
    node = memo.node;
    port = memo.port;
  } else {
    node = state.nodes.get(e.node);
    port = portOf(node, e.port);
    if (memo != null) remember(memo, state, node, port);
  }
  switch (e.kind) {
    case 'tx': {
      if (port) {
        port.tx++;
        if (port.queued && e.cause != null) port.queued.take(e.cause);
      }
      // Its fields go into the table's columns: no object per frame (frames-in-flight.ts says why).
      const relay = state.relay !== undefined && e.cause === state.relay.flood ? state.relay : undefined;
      state.inFlight.setFrame(e.seq, e.t, e.node, e.port ?? '', e.frame ?? undefined, relay?.origin, relay?.originPort);
      break;
    }
    case 'rx':
      if (e.cause != null) state.inFlight.delete(e.cause);
      if (port) port.rx++;
      break;
    case 'drop': {
      if (port) {
        port.drops++;
        if (port.queued && e.cause != null) port.queued.take(e.cause);
      }
      if (e.cause != null) state.inFlight.delete(e.cause);
      break;
    }
    case 'collision':
      collide(state, e.senders ?? []);
      break;
    case 'forward':
    case 'flood':
      if (e.cause != null) arrived(state, node?.kind, e.seq, e.cause);
      if (e.out) {
        for (const name of e.out) {
          portOf(node, name)?.queued?.add(e.seq);
        }
      }
      break;
    case 'learn':
      if (node && e.mac && e.port) {
        // A relearned address replaces the old entry, which the table re-inserts at the end.
        const key = fdbKey(e.mac, e.vlan);
        node.fdb.delete(key);
        node.fdb.set(key, fdbEntry(e.mac, e.port, e));
      }
      break;
    case 'move':
      if (node && e.mac && e.port) {
        const key = fdbKey(e.mac, e.vlan);
        const entry = node.fdb.get(key);
        if (entry) {
          entry.port = e.port;
          entry.learnedAt = e.t;
          entry.learnedSeq = e.seq;
        } else node.fdb.set(key, fdbEntry(e.mac, e.port, e));
      }
      break;
    case 'age':
      if (node && e.mac) node.fdb.delete(fdbKey(e.mac, e.vlan));
      break;
    case 'neigh':
      if (node && e.ip && e.port) {
        const key = `${e.port}/${e.ip}`;
        const entry = { ip: e.ip, dev: e.port, state: e.state ?? '', seq: e.seq, t: e.t, ...(e.mac != null && { mac: e.mac }) };
        node.neigh.set(key, entry);
      }
      break;
    case 'link':
      if (node && e.port) link(node, e.port, e.state === 'up');
      break;
    case 'config':
      if (e.config) applyConfig(state, e.node, e.port ?? undefined, e.config);
      state.shape = (state.shape ?? 0) + 1;
      break;
    case 'stp':
      if (node) evolveStp(node, e);
      break;
    default:
      break;
  }
  return state;
}

/** An fdb entry as its learn or move states it: with its VLAN when the event names one (a VLAN-aware switch). */
function fdbEntry(mac: string, port: string, e: FoldEvent): FdbState {
  const entry: FdbState = { mac, port, learnedAt: e.t, learnedSeq: e.seq };
  if (e.vlan != null) entry.vlan = e.vlan;
  return entry;
}

/**
 * A hub repeats a signal as it arrives, with no rx: its flood is where the
 * station's frame ends its trip to the hub. The copies it sends out carry the
 * station's frame, and a collision destroys them all (SPEC §4: collided
 * frames are never received).
 */
function arrived(state: NetState, kind: string | undefined, seq: number, cause: number): void {
  if (kind !== 'hub') {
    state.inFlight.delete(cause);
    return;
  }
  const f = state.inFlight.get(cause);
  if (!f) return;
  state.inFlight.delete(cause);
  state.relay = { flood: seq, origin: f.origin ?? f.txSeq, originPort: f.originPort ?? `${f.node}:${f.port}` };
}

/** Each sender's latest signal collided: that frame and every copy a hub made of it are gone. */
function collide(state: NetState, senders: readonly string[]): void {
  for (const sender of senders) {
    let latest = -1;
    for (const f of state.inFlight.values()) {
      const from = f.originPort ?? `${f.node}:${f.port}`;
      if (from === sender) latest = Math.max(latest, f.origin ?? f.txSeq);
    }
    if (latest < 0) continue;
    for (const [seq, f] of state.inFlight) if ((f.origin ?? f.txSeq) === latest) state.inFlight.delete(seq);
  }
}

function remember(memo: FoldPlace, state: NetState, node: NodeState | undefined, port: PortState | undefined): void {
  memo.state = state;
  memo.shape = state.shape;
  memo.node = node;
  memo.port = port;
}

/** A port of the node, if the starting configuration or a configuration event made it. */
function portOf(node: NodeState | undefined, name: string | null | undefined): PortState | undefined {
  return name ? node?.ports.get(name) : undefined;
}

/**
 * A port or interface went up or down. What follows from it arrives as its
 * own events: a host's routes and neighbour entries as config events, a
 * bridge's flushed entries as age events.
 */
function link(node: NodeState, name: string, up: boolean): void {
  if (name === 'lo') {
    node.lo = up;
    return;
  }
  const port = portOf(node, name);
  if (port) port.up = up;
}
