import { get, rec } from './api.js';
import type { Chunk, Envelope } from './types.js';

/** Events per playback chunk: enough for a second of smooth play at most speeds, small enough to fetch quickly. */
const CHUNK_EVENTS = 4000;

/**
 * One recording's frames over a stretch of time, fetched ahead in chunks
 * (/api/r/I/chunk): the player asks `at(t)` each animation frame and gets
 * the envelopes alive then and the seq reached, without a request per frame.
 */
export class Track {
  private current: Chunk | undefined;
  private next: Promise<Chunk> | undefined;
  private nextFrom = -1;

  constructor(
    readonly index: number,
    readonly last: number,
  ) {}

  reset(): void {
    this.current = undefined;
    this.next = undefined;
    this.nextFrom = -1;
  }

  /** The chunk that covers virtual time `t`, if it is here; starts fetching what comes next. */
  async ensure(t: number, fromSeq: () => Promise<number>): Promise<Chunk | undefined> {
    const c = this.current;
    if (c && t >= c.t && (t < endTime(c) || c.to >= this.last)) {
      if (!this.next && c.to < this.last && t > (c.t + endTime(c)) / 2) this.fetch(c.to);
      return c;
    }
    if (c && t >= endTime(c) && this.next && this.nextFrom === c.to) {
      this.current = await this.next;
      this.next = undefined;
      if (t < endTime(this.current) || this.current.to >= this.last) return this.current;
    }
    const from = await fromSeq();
    this.fetch(from);
    this.current = await this.next!;
    this.next = undefined;
    return this.current;
  }

  private fetch(from: number): void {
    this.nextFrom = from;
    this.next = get<Chunk>(rec(this.index, 'chunk', { from, to: Math.min(this.last, from + CHUNK_EVENTS) }));
  }
}

/** When the chunk's last event happens. */
export function endTime(c: Chunk): number {
  return c.times.length ? c.times[c.times.length - 1]! : c.t;
}

/** The last event at or before `t` in the chunk (its `from` when none is). */
export function seqAt(c: Chunk, t: number): number {
  let lo = 0;
  let hi = c.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return c.from + lo;
}

/** Whether an envelope is on its wire at time `t` (sent, and not yet at its end). */
export const aliveAt =
  (t: number) =>
  (e: Envelope): boolean =>
    e[1] <= t && (e[2] < 0 || t < e[2]);
