/**
 * A map that keeps its entries while they are met. Every entry is marked
 * when it is added or read; each time `kept` more have been added since the
 * last sweep, the next addition first forgets those not met since then. What
 * stays is under `kept` plus the entries that recur, however many were added
 * in all: a reader of a recording met once by each line a program printed
 * keeps the descriptions in use, not all it has read (fold-rows.ts,
 * description-cache.ts; issue 21). The next sweep counts from what survived:
 * waiting instead for twice the survivors let an entry met once a sweep raise
 * the bound at every sweep (111,000 facts kept after 6M events of pinging
 * pairs, 73,000 now).
 */
export class RecentlyMet<K, V extends { met: boolean }> {
  private readonly entries = new Map<K, V>();
  private sweepAt: number;

  constructor(private readonly kept: number) {
    this.sweepAt = kept;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry, marked met; undefined if never added or forgotten. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) value.met = true;
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Adds `value`, met, after a sweep if one is due. */
  set(key: K, value: V): void {
    if (this.entries.size >= this.sweepAt) this.sweep();
    value.met = true;
    this.entries.set(key, value);
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** Forgets the entries not met since the last sweep. */
  private sweep(): void {
    for (const [key, value] of this.entries) {
      if (value.met) value.met = false;
      else this.entries.delete(key);
    }
    this.sweepAt = this.entries.size + this.kept;
  }
}
