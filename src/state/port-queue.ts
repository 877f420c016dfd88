/** Cleared entries at the queue's start, at least, before it is compacted. */
const MIN_COMPACTION = 64;

/**
 * A bridge port's transmit queue as the fold knows it: the decisions
 * (forward or flood seqs) with copies for this port not yet on the wire, and
 * how many copies each, in the order they were chosen. The fold's
 * `Map<number, number>`, held as two arrays and a head. A port sends its
 * copies in order, so a tx takes its copy from the head, and a drop of a full
 * queue takes the copy just chosen, at the tail; both are found without a
 * search. A Map churned by an insert and a delete per copy resized its table
 * again and again: the largest share of the recorder's fold on the
 * four-switch storm (13,000 copies queued) and on the 5,000-host tree's
 * floods (issue 21).
 */
export class PortQueue implements Iterable<[number, number]> {
  private readonly decisions: number[] = [];
  private readonly copies: number[] = [];
  /** The first entry that may hold copies; every one before it holds none. */
  private head = 0;
  /** One past the last entry in use; the arrays may be longer, kept for reuse. */
  private end = 0;
  private held = 0;
  /** Every decision held is larger than the one before it, as a fold chooses them: a search halves. A restored queue may be in any order. */
  private ascending = true;

  constructor(entries?: Iterable<readonly [number, number]>) {
    if (entries) for (const [decision, copies] of entries) this.set(decision, copies);
  }

  /** Decisions with copies waiting. */
  get size(): number {
    return this.held;
  }

  get(decision: number): number | undefined {
    const i = this.indexOf(decision);
    return i < 0 ? undefined : this.copies[i];
  }

  /** Sets the copies (at least one) a decision has waiting: a decision not yet held joins the tail. */
  set(decision: number, copies: number): this {
    const i = this.indexOf(decision);
    if (i >= 0) this.copies[i] = copies;
    else this.append(decision, copies);
    return this;
  }

  /** One more copy of `decision` waits (a forward or flood chose this port): one search, where get and set make two. */
  add(decision: number): void {
    const i = this.indexOf(decision);
    if (i >= 0) this.copies[i]!++;
    else this.append(decision, 1);
  }

  delete(decision: number): boolean {
    const i = this.indexOf(decision);
    if (i < 0) return false;
    this.clear(i);
    return true;
  }

  /** One copy of `decision` has left the queue (sent or dropped). */
  take(decision: number): void {
    const i = this.indexOf(decision);
    if (i < 0) return;
    if (this.copies[i]! > 1) this.copies[i]!--;
    else this.clear(i);
  }

  *entries(): IterableIterator<[number, number]> {
    const { decisions, copies, end } = this;
    for (let i = this.head; i < end; i++) if (copies[i]! > 0) yield [decisions[i]!, copies[i]!];
  }

  *values(): IterableIterator<number> {
    for (const [, copies] of this.entries()) yield copies;
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  /** A decision not yet held, at the tail. */
  private append(decision: number, copies: number): void {
    const { decisions, end } = this;
    if (end > this.head && decision <= decisions[end - 1]!) this.ascending = false;
    if (end < decisions.length) {
      decisions[end] = decision;
      this.copies[end] = copies;
    } else {
      decisions.push(decision);
      this.copies.push(copies);
    }
    this.end = end + 1;
    this.held++;
  }

  /** The entry at `i` holds no copies any more. */
  private clear(i: number): void {
    this.copies[i] = 0;
    this.held--;
    if (i === this.head) this.advance();
    else if (i === this.end - 1) this.dropTail();
  }

  /** Where `decision` is held: the head or the tail at once, else by a search. -1 if it is not. */
  private indexOf(decision: number): number {
    const { decisions, copies } = this;
    const last = this.end - 1;
    if (last < this.head) return -1;
    if (decisions[this.head] === decision) return this.head;
    if (decisions[last] === decision) return copies[last]! > 0 ? last : -1;
    if (!this.ascending) {
      for (let i = this.head + 1; i < last; i++) if (decisions[i] === decision && copies[i]! > 0) return i;
      return -1;
    }
    if (decision > decisions[last]! || decision < decisions[this.head]!) return -1;
    let lo = this.head + 1;
    let hi = last - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = decisions[mid]!;
      if (d === decision) return copies[mid]! > 0 ? mid : -1;
      if (d < decision) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Moves the head past entries with no copies; moves what is left to the front once the cleared entries are half of it. */
  private advance(): void {
    const { decisions, copies, end } = this;
    let h = this.head;
    while (h < end && copies[h] === 0) h++;
    if (h === end) {
      this.head = 0;
      this.end = 0;
      this.ascending = true;
      return;
    }
    this.head = h;
    if (h >= MIN_COMPACTION && h * 2 >= end) {
      decisions.copyWithin(0, h, end);
      copies.copyWithin(0, h, end);
      this.head = 0;
      this.end = end - h;
    }
  }

  /** Drops the entries with no copies at the tail, so that the tail is a held decision. */
  private dropTail(): void {
    while (this.end > this.head && this.copies[this.end - 1] === 0) this.end--;
  }
}
