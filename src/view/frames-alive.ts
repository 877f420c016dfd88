import type { EventKind, SimEvent } from '../events/event.js';
import { evolve } from '../state/evolve.js';
import { FramesInFlight } from '../state/frames-in-flight.js';
import { PortQueue } from '../state/port-queue.js';
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
}

/** What is known of a trip's end: the end, or `open` when it never ends in the recording; undefined when it is not known. */
export type KnownEnd = { endSeq: number; t1: number; fate: Fate } | 'open' | undefined;

/** What frameTrips reads: the recording's events, each trip's bound, and times to seqs. */
export interface TripSource {
  /** The tx events from `from` to `to`, in seq order. */
  sent(from: number, to: number): Iterable<SimEvent>;
  /** In seq order from `from` to `to`: the events caused by one of `causes`, and every collision. */
  endsOf(causes: readonly number[], from: number, to: number): Iterable<SimEvent>;
  /** The latest time the trip can end (trip-bound.ts); undefined when nothing bounds it. */
  latestEnd(trip: FrameTrip): number | undefined;
  /** The last event at or before time `t`. */
  seqAtTime(t: number): number;
  /** The recording's last event. */
  readonly last: number;
  /** Trip ends already known (trip-ends.ts, learnt by the viewer's idle walk): when it knows every trip's, nothing is read. */
  readonly ends?: { endOf(txSeq: number): KnownEnd };
}

/** How many events past the last one asked for a trip's end is looked for when no bound on its time is known (a hub's segment): a trip is a few µs, a few thousand events in a storm. */
export const END_SCAN_LIMIT = 200_000;

/** The kind, from the event vocabulary, that puts a frame on a wire; and the one that ends trips whatever their cause. */
export const SENT: EventKind = 'tx';
export const COLLISION: EventKind = 'collision';

/**
 * The frames on the wires from just after event `from` to just after `to`
 * (those already on a wire at `from`, and those sent up to `to`), each with
 * the event that ends its trip. Which event ends a trip is the fold's answer
 * (STYLE rule 7): events go through `evolve` on a scratch copy of the wires,
 * and a frame's trip ends at the event after which the fold no longer has it
 * on a wire. The fold takes a frame off a wire only at an event caused by
 * its tx (rx, drop, a hub's repeat) or at a collision (state/evolve.ts), so
 * only those are read: a storm's other events (forwards, floods, learns,
 * moves, queue drops) never reach the scratch. They are read up to the latest
 * time a trip can end (trip-bound.ts), or END_SCAN_LIMIT events past `to`
 * where no bound is known, and no further once every trip has its end.
 */
export function frameTrips(state: NetState, source: TripSource, to: number): FrameTrip[] {
  const trips = new Map<number, FrameTrip>();
  for (const f of state.inFlight.values()) trips.set(f.txSeq, trip(f.txSeq, f.t, f.node, f.port, f.frame));
  const sent = to > state.seq ? [...source.sent(state.seq + 1, to)] : [];
  for (const e of sent) trips.set(e.seq, trip(e.seq, e.t, e.node, e.port ?? '', e.frame));
  if (trips.size === 0) return [];
  if (source.ends && endsKnown(source.ends, trips)) return [...trips.values()];
  const scratch = scratchWires(state);
  let open = trips.size;
  const scanTo = Math.min(source.last, lastEndSeq(source, [...trips.values()], to));
  const ends = source.endsOf([...trips.keys()], state.seq + 1, scanTo);
  for (const e of inSeqOrder(sent, ends)) {
    if (e.seq > to && open === 0) break;
    const pending = e.cause !== undefined ? trips.get(e.cause) : undefined;
    const watched = pending && pending.endSeq === undefined ? pending.txSeq : undefined;
    evolve(scratch, e);
    if (e.kind === COLLISION) {
      for (const t of trips.values()) if (t.endSeq === undefined && !scratch.inFlight.has(t.txSeq) && end(t, e, 'collision')) open--;
    } else if (e.kind !== SENT && watched !== undefined && !scratch.inFlight.has(watched)) {
      if (end(trips.get(watched)!, e, e.kind === 'rx' ? 'rx' : e.kind === 'drop' ? 'drop' : 'relay')) open--;
    }
    // A frame sent after `to` is not asked for: keep the scratch wires small.
    if (e.kind === SENT && e.seq > to) scratch.inFlight.delete(e.seq);
  }
  return [...trips.values()];
}

/** Fills each trip's end from what is known; false, with nothing filled, unless every trip's end (or that it has none) is known. */
function endsKnown(known: NonNullable<TripSource['ends']>, trips: Map<number, FrameTrip>): boolean {
  const ends: KnownEnd[] = [];
  for (const t of trips.values()) {
    const end = known.endOf(t.txSeq);
    if (end === undefined) return false;
    ends.push(end);
  }
  let i = 0;
  for (const t of trips.values()) {
    const end = ends[i++]!;
    if (end === 'open') continue;
    t.endSeq = end.endSeq;
    t.t1 = end.t1;
    t.fate = end.fate;
  }
  return true;
}

/** The last seq at which one of `trips` can end: the event at the latest bound, or END_SCAN_LIMIT past `to` when a trip has none. */
function lastEndSeq(source: TripSource, trips: FrameTrip[], to: number): number {
  let latest = -1;
  for (const t of trips) {
    const bound = source.latestEnd(t);
    if (bound === undefined) return to + END_SCAN_LIMIT;
    latest = Math.max(latest, bound);
  }
  return Math.max(to, source.seqAtTime(latest));
}

/** Two seq-ordered lists of events as one, in seq order (an event in both once). */
function* inSeqOrder(a: readonly SimEvent[], b: Iterable<SimEvent>): Generator<SimEvent> {
  let i = 0;
  for (const e of b) {
    while (i < a.length && a[i]!.seq < e.seq) yield a[i++]!;
    if (i < a.length && a[i]!.seq === e.seq) i++;
    yield e;
  }
  while (i < a.length) yield a[i++]!;
}

/** The wires of `state`, for a fold that must not change it: the ports' counters and queues copied, no tables. */
function scratchWires(state: NetState): NetState {
  return {
    seq: state.seq,
    t: state.t,
    nodes: new Map(
      [...state.nodes].map(([name, n]): [string, NodeState] => [
        name,
        // The fold acts only on ports it knows (state/evolve.ts), so the scratch keeps copies of them.
        { name, kind: n.kind, ports: new Map([...n.ports].map(([p, port]) => [p, copyPort(port)])), neigh: new Map(), fdb: new Map() },
      ]),
    ),
    inFlight: new FramesInFlight([...state.inFlight.values()].map((f) => ({ ...f }))),
    peers: state.peers,
    ...(state.relay && { relay: { ...state.relay } }),
  };
}

function trip(txSeq: number, t0: number, node: string, port: string, frame: number | undefined): FrameTrip {
  return { txSeq, t0, node, port, ...(frame !== undefined && { frame }) };
}

function end(t: FrameTrip, e: SimEvent, fate: Fate): boolean {
  if (t.endSeq !== undefined) return false;
  t.endSeq = e.seq;
  t.t1 = e.t;
  t.fate = fate;
  return true;
}

/** A port's state the scratch fold may change without touching the original: its queue is copied too. */
function copyPort(port: PortState): PortState {
  return { ...port, addresses: [...port.addresses], ...(port.queued && { queued: new PortQueue(port.queued) }) };
}
