import type { SimEvent } from '../events/event.js';
import { evolve } from '../state/evolve.js';
import type { NetState, NodeState, PortState } from '../state/node-state.js';

/** What ends a frame's trip on a wire: delivered at the far end, dropped there, destroyed in a collision, or repeated by a hub as it arrives. */
export type Fate = 'rx' | 'drop' | 'collision' | 'relay';

/** A frame on a wire, from its tx to the event that ends it (if the recording has it). */
export interface FrameTrip {
  txSeq: number;
  t0: number;
  node: string;
  port: string;
  frame?: number;
  endSeq?: number;
  t1?: number;
  fate?: Fate;
  /** drop: the reason. */
  reason?: string;
}

/** The events that put frames on wires and take them off, as the fold sees them. */
export const WIRE_KINDS = ['tx', 'rx', 'drop', 'collision', 'forward', 'flood'];

/** How many events past the last one asked for a frame's end is looked for: a frame's trip is a few µs, a few thousand events in a storm. */
export const END_SCAN_LIMIT = 200_000;

/**
 * The frames on the wires from just after event `from` to just after `to`
 * (those already on a wire at `from`, and those sent up to `to`), each with
 * the event that ends its trip. Which event ends a trip is the fold's answer
 * (STYLE rule 7): the events after `from` go through `evolve` on a scratch
 * copy of the wires, and a frame's trip ends at the event after which the
 * fold no longer has it on a wire. Reads only forwards, and stops once every
 * trip has its end (or after END_SCAN_LIMIT events past `to`).
 */
export function frameTrips(state: NetState, events: (from: number) => Iterable<SimEvent>, to: number): FrameTrip[] {
  const scratch: NetState = {
    seq: state.seq,
    t: state.t,
    nodes: new Map(
      [...state.nodes].map(([name, n]): [string, NodeState] => [
        name,
        // The fold acts only on ports it knows (state/evolve.ts), so the scratch keeps copies of them.
        { name, kind: n.kind, ports: new Map([...n.ports].map(([p, port]) => [p, copyPort(port)])), neigh: new Map(), fdb: new Map() },
      ]),
    ),
    inFlight: new Map([...state.inFlight].map(([seq, f]) => [seq, { ...f }])),
    peers: state.peers,
    ...(state.relay && { relay: { ...state.relay } }),
  };
  const trips = new Map<number, FrameTrip>();
  for (const f of state.inFlight.values()) trips.set(f.txSeq, trip(f.txSeq, f.t, f.node, f.port, f.frame));
  let open = trips.size;
  if (open === 0 && to <= state.seq) return [];
  for (const e of events(state.seq + 1)) {
    if (e.seq > to && (open === 0 || e.seq > to + END_SCAN_LIMIT)) break;
    const pending = e.cause !== undefined ? trips.get(e.cause) : undefined;
    const watched = pending && pending.endSeq === undefined ? pending.txSeq : undefined;
    evolve(scratch, e);
    if (e.kind === 'tx' && e.seq <= to) {
      trips.set(e.seq, trip(e.seq, e.t, e.node, e.port ?? '', e.frame));
      open++;
    } else if (e.kind === 'collision') {
      for (const t of trips.values()) if (t.endSeq === undefined && !scratch.inFlight.has(t.txSeq) && end(t, e, 'collision')) open--;
    } else if (watched !== undefined && !scratch.inFlight.has(watched)) {
      if (end(trips.get(watched)!, e, e.kind === 'rx' ? 'rx' : e.kind === 'drop' ? 'drop' : 'relay')) open--;
    }
    // Frames sent after `to` are not asked for: keep the scratch wires small.
    if (e.kind === 'tx' && e.seq > to) scratch.inFlight.delete(e.seq);
  }
  return [...trips.values()];
}

function trip(txSeq: number, t0: number, node: string, port: string, frame: number | undefined): FrameTrip {
  return { txSeq, t0, node, port, ...(frame !== undefined && { frame }) };
}

function end(t: FrameTrip, e: SimEvent, fate: Fate): boolean {
  if (t.endSeq !== undefined) return false;
  t.endSeq = e.seq;
  t.t1 = e.t;
  t.fate = fate;
  if (e.reason) t.reason = e.reason;
  return true;
}

/** A port's state the scratch fold may change without touching the original: its queue is copied too. */
function copyPort(port: PortState): PortState {
  return { ...port, addresses: [...port.addresses], ...(port.queued && { queued: new Map(port.queued) }) };
}
