import type { FoldEvent } from '../state/evolve.js';
import type { NetState } from '../state/node-state.js';
import type { FoldWatch } from '../store/snapshots.js';
import type { Fate, KnownEnd } from './frames-alive.js';

const FATE_CODES: readonly Fate[] = ['rx', 'drop', 'collision', 'relay'];

/**
 * Trips at most: 25 bytes each, so 40 MB of the viewer's memory (a 3M-event
 * storm sends about 1M frames). Past it the index stops growing, and seeks
 * later in the recording read their trips' ends from the recording as before.
 */
const MAX_TRIPS = 1_600_000;

/**
 * Where each frame's trip on a wire ends, learnt while the viewer's idle walk
 * folds the whole recording (StateSeeker.walk), so that a seek after the walk
 * looks its envelopes' ends up instead of reading the events after it (up to
 * 50,000 rows for a storm with 10,000 frames on the wires). A trip ends as
 * frames-alive.ts says: at the event after which the fold no longer has its
 * frame on a wire, an event it caused (rx, drop, a hub's repeat) or a
 * collision. Trips are kept by their tx's seq, in the order the walk meets
 * them, which is seq order: a lookup is a binary search.
 */
export class TripEnds implements FoldWatch {
  private txSeqs = new Float64Array(1024);
  private endSeqs = new Float64Array(1024);
  private endTimes = new Float64Array(1024);
  private fates = new Uint8Array(1024);
  private count = 0;
  /** The last event whose trips are all here: trips sent up to it, ended or not by it. */
  private coveredTo = 0;
  /** The frame the event folding now may end (its cause), or the frames on the wires before a collision. */
  private watched: number | undefined;
  private beforeCollision: number[] | undefined;

  constructor(private readonly last: number) {}

  before(state: NetState, e: FoldEvent): void {
    if (e.kind === 'collision') this.beforeCollision = [...state.inFlight.keys()];
    else this.watched = e.cause != null && state.inFlight.has(e.cause) ? e.cause : undefined;
  }

  after(state: NetState, e: FoldEvent): void {
    if (this.count >= MAX_TRIPS) return;
    if (e.kind === 'tx') this.add(e.seq);
    else if (e.kind === 'collision') {
      for (const seq of this.beforeCollision ?? []) if (!state.inFlight.has(seq)) this.end(seq, e, 'collision');
      this.beforeCollision = undefined;
    } else if (this.watched !== undefined && !state.inFlight.has(this.watched)) {
      this.end(this.watched, e, e.kind === 'rx' ? 'rx' : e.kind === 'drop' ? 'drop' : 'relay');
    }
    this.coveredTo = e.seq;
  }

  /** The end of the trip of the frame sent at `txSeq`, if the walk has seen enough to say. */
  endOf(txSeq: number): KnownEnd {
    const i = this.indexOf(txSeq);
    if (i < 0) return undefined;
    if (this.endSeqs[i]! > 0) return { endSeq: this.endSeqs[i]!, t1: this.endTimes[i]!, fate: FATE_CODES[this.fates[i]!]! };
    return this.coveredTo >= this.last ? 'open' : undefined;
  }

  private add(seq: number): void {
    if (this.count === this.txSeqs.length) this.grow();
    this.txSeqs[this.count++] = seq;
  }

  private end(txSeq: number, e: FoldEvent, fate: Fate): void {
    const i = this.indexOf(txSeq);
    if (i < 0) return;
    this.endSeqs[i] = e.seq;
    this.endTimes[i] = e.t;
    this.fates[i] = FATE_CODES.indexOf(fate);
  }

  private indexOf(txSeq: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.txSeqs[mid]!;
      if (at === txSeq) return mid;
      if (at < txSeq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private grow(): void {
    this.txSeqs = doubled(this.txSeqs);
    this.endSeqs = doubled(this.endSeqs);
    this.endTimes = doubled(this.endTimes);
    this.fates = doubled(this.fates);
  }
}

/** A copy of `a` with twice its room. */
function doubled<T extends Float64Array | Uint8Array>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
