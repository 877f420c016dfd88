import { EVENT_KINDS, type DropReason, type EventKind, type SimEvent } from '../events/event.js';
import { niceBucketWidth, TimeBuckets, type BucketRow } from './stats-buckets.js';
import { FramesAlive } from './stats-frames-alive.js';

/**
 * `hoplab stats` as a fold over the event stream (STYLE rule 6: statistics
 * subscribe to the stream; nothing else knows they exist). One pass, memory
 * bounded by the topology (nodes, kinds, MACs) and the bucket count, never by
 * the number of events, so a million-event storm folds like a ping.
 */

export interface StatsOptions {
  /** Fixed bucket width (ns); otherwise about `targetBuckets` over `spanNs`. */
  bucketNs?: number;
  /** Virtual time the events cover (the last event's time), to pick the bucket width. */
  spanNs?: number;
  /** Nodes to list even when they have no events, in this order. */
  nodes?: string[];
}

export interface MacMoves {
  count: number;
  /** MAC -> times it was seen on another port: a flapping MAC stands out. */
  macs: Record<string, number>;
}

export interface RecordingStats {
  events: number;
  /** Time of the last event, ns. */
  lastT: number;
  kinds: Record<EventKind, number>;
  /** node -> kind -> count (kinds with no event at that node are left out). */
  nodes: Record<string, Partial<Record<EventKind, number>>>;
  drops: Partial<Record<DropReason, number>>;
  /** Per bridge/switch that saw a MAC move. */
  moves: Record<string, MacMoves>;
  peakInFlight: number;
  buckets: { width: number; rows: BucketRow[] };
}

export const TARGET_BUCKETS = 30;
/** With an automatic width the span may be unknown: past this many rows the width doubles. */
const MAX_AUTO_BUCKETS = 2 * TARGET_BUCKETS;
/** A chosen --bucket too fine for the run is widened past this many rows. */
export const MAX_BUCKETS = 1000;

export class StatsFold {
  private events = 0;
  private lastT = 0;
  private readonly kinds = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>;
  private readonly nodes = new Map<string, Partial<Record<EventKind, number>>>();
  private readonly drops = new Map<DropReason, number>();
  private readonly moves = new Map<string, MacMoves>();
  private readonly alive = new FramesAlive();
  private peak = 0;
  private readonly buckets: TimeBuckets;

  constructor(options: StatsOptions = {}) {
    for (const n of options.nodes ?? []) this.nodes.set(n, {});
    this.buckets =
      options.bucketNs !== undefined
        ? new TimeBuckets(options.bucketNs, MAX_BUCKETS)
        : new TimeBuckets(niceBucketWidth(options.spanNs ?? 0, TARGET_BUCKETS), MAX_AUTO_BUCKETS);
  }

  add(e: SimEvent): void {
    this.events++;
    this.lastT = e.t;
    this.kinds[e.kind]++;
    let perNode = this.nodes.get(e.node);
    if (!perNode) this.nodes.set(e.node, (perNode = {}));
    perNode[e.kind] = (perNode[e.kind] ?? 0) + 1;
    if (e.kind === 'drop' && e.reason) this.drops.set(e.reason, (this.drops.get(e.reason) ?? 0) + 1);
    if (e.kind === 'move') this.countMove(e);
    this.alive.add(e);
    const alive = this.alive.count;
    if (alive > this.peak) this.peak = alive;
    this.buckets.add(e.t, e.kind === 'tx' ? 'tx' : e.kind === 'rx' ? 'rx' : e.kind === 'drop' ? 'drops' : undefined, alive);
  }

  result(): RecordingStats {
    return {
      events: this.events,
      lastT: this.lastT,
      kinds: { ...this.kinds },
      nodes: Object.fromEntries(this.nodes),
      drops: Object.fromEntries(this.drops),
      moves: Object.fromEntries(this.moves),
      peakInFlight: this.peak,
      buckets: { width: this.buckets.width, rows: this.buckets.result() },
    };
  }

  private countMove(e: SimEvent): void {
    let m = this.moves.get(e.node);
    if (!m) this.moves.set(e.node, (m = { count: 0, macs: {} }));
    m.count++;
    if (e.mac) m.macs[e.mac] = (m.macs[e.mac] ?? 0) + 1;
  }
}
