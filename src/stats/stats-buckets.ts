/**
 * Per-time-bucket counters for `hoplab stats`: how many frames went onto a
 * wire in each slice of virtual time, and how many were alive (queued or on
 * a wire) at its end. Memory is bounded by the number of buckets, never by
 * the number of events: past `maxBuckets` the width doubles and neighbours merge.
 */

export interface BucketRow {
  /** Virtual time (ns) at which the bucket starts. */
  start: number;
  tx: number;
  rx: number;
  drops: number;
  /** Frames queued or on a wire when the bucket ends. */
  inFlight: number;
  /** The most frames queued or on a wire at any instant inside the bucket. */
  peakInFlight: number;
}

/** A bucket width of 1, 2 or 5 times a power of ten nanoseconds, about span/target wide. */
export function niceBucketWidth(spanNs: number, target: number): number {
  const raw = Math.max(1, spanNs / Math.max(1, target));
  let unit = 1;
  for (;;) {
    for (const m of [1, 2, 5]) if (m * unit >= raw) return m * unit;
    unit *= 10;
  }
}

export class TimeBuckets {
  private readonly rows: BucketRow[] = [];
  private alive = 0;

  constructor(
    private widthNs: number,
    private readonly maxBuckets: number,
  ) {
    if (!(widthNs >= 1)) throw new RangeError(`bucket width must be at least 1 ns (got ${widthNs})`);
  }

  get width(): number {
    return this.widthNs;
  }

  /** Counts one event at time t; `aliveAfter` is the number of frames queued or on a wire after it. */
  add(t: number, field: 'tx' | 'rx' | 'drops' | undefined, aliveAfter: number): void {
    const row = this.rowAt(t);
    if (field) row[field]++;
    this.alive = aliveAfter;
    row.inFlight = aliveAfter;
    if (aliveAfter > row.peakInFlight) row.peakInFlight = aliveAfter;
  }

  /** The rows from time 0 to the last event, gaps filled with empty buckets. */
  result(): BucketRow[] {
    return this.rows.map((r) => ({ ...r }));
  }

  private rowAt(t: number): BucketRow {
    let index = Math.floor(t / this.widthNs);
    while (index >= this.maxBuckets) {
      this.widen();
      index = Math.floor(t / this.widthNs);
    }
    while (this.rows.length <= index) {
      this.rows.push({ start: this.rows.length * this.widthNs, tx: 0, rx: 0, drops: 0, inFlight: this.alive, peakInFlight: this.alive });
    }
    return this.rows[index]!;
  }

  /** Doubles the width: each pair of buckets becomes one (counts add, the later end state wins). */
  private widen(): void {
    this.widthNs *= 2;
    const merged: BucketRow[] = [];
    for (let i = 0; i < this.rows.length; i += 2) {
      const a = this.rows[i]!;
      const b = this.rows[i + 1];
      merged.push(
        b
          ? {
              start: a.start,
              tx: a.tx + b.tx,
              rx: a.rx + b.rx,
              drops: a.drops + b.drops,
              inFlight: b.inFlight,
              peakInFlight: Math.max(a.peakInFlight, b.peakInFlight),
            }
          : { ...a },
      );
    }
    this.rows.length = 0;
    this.rows.push(...merged);
  }
}
