/** A frame on a wire, as the fold knows it from its tx. */
export interface InFlight {
  /** The tx event's seq. */
  txSeq: number;
  t: number;
  node: string;
  port: string;
  frame?: number;
  /** A hub's repeated copy: the station tx whose signal it carries, and where that station is. */
  origin?: number;
  originPort?: string;
}

/**
 * Window entries, at most, between the oldest frame held in it and the
 * newest: a frame older than that (one whose end the recording never states,
 * such as the last frames of a run cut short) moves to `stragglers`, so the
 * window's memory stays bounded. The 5,000-host tree's frames stay on a wire
 * for up to 10,000 events.
 */
const MAX_SPAN = 1 << 16;
/** Cleared slots at the window's start, at least, before it is compacted. */
const MIN_COMPACTION = 4096;

/**
 * The frames on a wire, by the seq of their tx, in the order they were sent:
 * the fold's `Map<number, InFlight>`, held as a window of slots indexed by
 * seq. A frame is sent (tx) in seq order and leaves the wire (rx, drop or
 * collision) soon after, so the frames alive lie in a short run of seqs. A
 * Map churned by millions of inserts and deletes with thousands alive rehashes
 * its table over and over: on the 5,000-host tree (ARP floods, 5,000 frames on
 * the wires at once) it took a third of the recorder's fold (issue 21).
 *
 * Keys must be set in increasing order, as a fold sends frames. One set below
 * the window is kept aside with the stragglers, which iterate first. The
 * slots are kept as the window empties and moves on (`end` marks their use),
 * so that it allocates only when it grows past its largest span.
 */
export class FramesInFlight implements Iterable<[number, InFlight]> {
  /** The seq slot 0 stands for. */
  private base = 0;
  /** The first slot that may hold a frame; every slot before it is clear. */
  private head = 0;
  /** One past the last slot in use; every slot from it on is clear. */
  private end = 0;
  private readonly slots: Array<InFlight | undefined> = [];
  private inWindow = 0;
  /** Frames older than the window, in the order they were sent. */
  private readonly stragglers = new Map<number, InFlight>();

  constructor(frames?: Iterable<InFlight>) {
    if (frames) for (const f of frames) this.set(f.txSeq, f);
  }

  get size(): number {
    return this.inWindow + this.stragglers.size;
  }

  get(seq: number): InFlight | undefined {
    const i = seq - this.base;
    if (i < this.head) return this.stragglers.get(seq);
    return i < this.end ? this.slots[i] : undefined;
  }

  has(seq: number): boolean {
    return this.get(seq) !== undefined;
  }

  set(seq: number, frame: InFlight): this {
    // An empty window starts at the frame: a state restored at seq 500,000 does not fill half a million slots first.
    if (this.inWindow === 0) this.restartAt(seq);
    const i = seq - this.base;
    if (i < this.head) {
      this.stragglers.set(seq, frame);
      return this;
    }
    const slots = this.slots;
    // Filled up to i, so that the array stays packed: one set far past its end would turn it into a dictionary.
    while (slots.length < i) slots.push(undefined);
    if (slots[i] === undefined) this.inWindow++;
    slots[i] = frame;
    if (i >= this.end) this.end = i + 1;
    if (i - this.head >= MAX_SPAN) this.shed(i - MAX_SPAN);
    return this;
  }

  delete(seq: number): boolean {
    const i = seq - this.base;
    if (i < this.head) return this.stragglers.delete(seq);
    if (i >= this.end || this.slots[i] === undefined) return false;
    this.slots[i] = undefined;
    this.inWindow--;
    if (i === this.head) this.advance();
    return true;
  }

  *keys(): IterableIterator<number> {
    for (const [seq] of this) yield seq;
  }

  *values(): IterableIterator<InFlight> {
    for (const [, f] of this) yield f;
  }

  *entries(): IterableIterator<[number, InFlight]> {
    yield* this.stragglers;
    const { slots, base, end } = this;
    for (let i = this.head; i < end; i++) {
      const f = slots[i];
      if (f !== undefined) yield [base + i, f];
    }
  }

  [Symbol.iterator](): IterableIterator<[number, InFlight]> {
    return this.entries();
  }

  /** The window is empty, every slot clear: it starts again at `seq`. */
  private restartAt(seq: number): void {
    this.base = seq;
    this.head = 0;
    this.end = 0;
  }

  /** Moves the head past cleared slots; moves the window to the slots' start once they are at least half of it. */
  private advance(): void {
    const { slots, end } = this;
    let h = this.head;
    while (h < end && slots[h] === undefined) h++;
    this.head = h;
    if (h >= MIN_COMPACTION && h * 2 >= end) {
      slots.copyWithin(0, h, end);
      slots.fill(undefined, end - h, end);
      this.base += h;
      this.head = 0;
      this.end = end - h;
    }
  }

  /** Moves every frame in slots before `to` to the stragglers: the window spans at most MAX_SPAN slots. */
  private shed(to: number): void {
    for (let i = this.head; i < to; i++) {
      const f = this.slots[i];
      if (f === undefined) continue;
      this.stragglers.set(this.base + i, f);
      this.slots[i] = undefined;
      this.inWindow--;
    }
    this.head = to;
    this.advance();
  }
}
