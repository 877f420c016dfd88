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
 * The window keeps each frame's fields in columns, one array per field, not an
 * object per frame: a frame there lives thousands of events, long enough that
 * V8 moved most of those objects to its old generation before they died. On
 * the 5,000-host tree they were 72 MB of the 126 MB the recorder's worker
 * promoted in 2M events, and a third of its full collections. An InFlight
 * object is made when one is read (get, the iterators), which only a
 * snapshot, a print or a hub's relay does.
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
  /** Each slot's sender, undefined where the slot is clear, and its port. */
  private readonly nodes: Array<string | undefined> = [];
  private readonly ports: string[] = [];
  private readonly times: number[] = [];
  /** The frame's id; NaN: none. */
  private readonly frames: number[] = [];
  /** A hub's copy: its origin (NaN: none) and the origin's port. */
  private readonly origins: number[] = [];
  private readonly originPorts: Array<string | undefined> = [];
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
    return i < this.end && this.nodes[i] !== undefined ? this.frameAt(i) : undefined;
  }

  has(seq: number): boolean {
    const i = seq - this.base;
    if (i < this.head) return this.stragglers.has(seq);
    return i < this.end && this.nodes[i] !== undefined;
  }

  set(seq: number, f: InFlight): this {
    this.setFrame(seq, f.t, f.node, f.port, f.frame, f.origin, f.originPort);
    return this;
  }

  /** The frame sent by tx `seq`, as set(seq, {txSeq: seq, t, node, port, frame, origin, originPort}) without the object. */
  setFrame(seq: number, t: number, node: string, port: string, frame?: number, origin?: number, originPort?: string): void {
    // An empty window starts at the frame: a state restored at seq 500,000 does not fill half a million slots first.
    if (this.inWindow === 0) this.restartAt(seq);
    const i = seq - this.base;
    if (i < this.head) {
      this.stragglers.set(seq, inFlight(seq, t, node, port, frame ?? NaN, origin ?? NaN, originPort));
      return;
    }
    this.reach(i);
    if (this.nodes[i] === undefined) this.inWindow++;
    this.nodes[i] = node;
    this.ports[i] = port;
    this.times[i] = t;
    this.frames[i] = frame ?? NaN;
    this.origins[i] = origin ?? NaN;
    this.originPorts[i] = originPort;
    if (i >= this.end) this.end = i + 1;
    if (i - this.head >= MAX_SPAN) this.shed(i - MAX_SPAN);
  }

  delete(seq: number): boolean {
    const i = seq - this.base;
    if (i < this.head) return this.stragglers.delete(seq);
    if (i >= this.end || this.nodes[i] === undefined) return false;
    this.clear(i);
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
    const { nodes, base, end } = this;
    for (let i = this.head; i < end; i++) if (nodes[i] !== undefined) yield [base + i, this.frameAt(i)];
  }

  [Symbol.iterator](): IterableIterator<[number, InFlight]> {
    return this.entries();
  }

  /** The frame in slot `i` (which holds one), as the fold made it: its fields in the order a tx gives them. */
  private frameAt(i: number): InFlight {
    return inFlight(this.base + i, this.times[i]!, this.nodes[i]!, this.ports[i]!, this.frames[i]!, this.origins[i]!, this.originPorts[i]);
  }

  /** Slots up to `i` exist, those added clear: every column packed, one push each, never a hole. */
  private reach(i: number): void {
    const { nodes } = this;
    while (nodes.length <= i) {
      nodes.push(undefined);
      this.ports.push('');
      this.times.push(NaN);
      this.frames.push(NaN);
      this.origins.push(NaN);
      this.originPorts.push(undefined);
    }
  }

  /**
   * Slot `i` holds no frame. Only its node says so: its other fields stay
   * until a frame is set there, which writes every one: each store of a
   * string into an array the GC has moved to its old generation runs V8's
   * write barrier, and the strings kept are names of the topology's, alive
   * anyway, or a hub's origin port.
   */
  private clear(i: number): void {
    this.nodes[i] = undefined;
  }

  /** The window is empty, every slot clear: it starts again at `seq`. */
  private restartAt(seq: number): void {
    this.base = seq;
    this.head = 0;
    this.end = 0;
  }

  /** Moves the head past cleared slots; moves the window to the slots' start once they are at least half of it. */
  private advance(): void {
    const { nodes, end } = this;
    let h = this.head;
    while (h < end && nodes[h] === undefined) h++;
    this.head = h;
    if (h >= MIN_COMPACTION && h * 2 >= end) this.compact(h, end);
  }

  /**
   * Moves slots `from` to `end` (`end` at most twice `from`) to the
   * columns' start. A loop, not copyWithin: V8's copyWithin reads and writes
   * element by element through the generic property path, and on six columns
   * it cost a 5,000-host tree's `hoplab run` 0.76G instructions more than the
   * columns saved (2M events, cachegrind).
   */
  private compact(from: number, end: number): void {
    const { nodes, ports, times, frames, origins, originPorts } = this;
    for (let i = from, to = 0; i < end; i++, to++) {
      nodes[to] = nodes[i];
      ports[to] = ports[i]!;
      times[to] = times[i]!;
      frames[to] = frames[i]!;
      origins[to] = origins[i]!;
      originPorts[to] = originPorts[i];
    }
    // The slots moved to lie before `from` (at least half the window was clear), where every slot was clear: only theirs are left to clear.
    for (let i = from; i < end; i++) this.clear(i);
    this.base += from;
    this.head = 0;
    this.end = end - from;
  }

  /** Moves every frame in slots before `to` to the stragglers: the window spans at most MAX_SPAN slots. */
  private shed(to: number): void {
    for (let i = this.head; i < to; i++) {
      if (this.nodes[i] === undefined) continue;
      this.stragglers.set(this.base + i, this.frameAt(i));
      this.clear(i);
      this.inWindow--;
    }
    this.head = to;
    this.advance();
  }
}

/** An InFlight with the fields a tx gives it, in the order evolve.ts made them (snapshots are its JSON): NaN and undefined left out. */
function inFlight(
  txSeq: number,
  t: number,
  node: string,
  port: string,
  frame: number,
  origin: number,
  originPort: string | undefined,
): InFlight {
  const f: InFlight = { txSeq, t, node, port };
  if (!Number.isNaN(frame)) f.frame = frame;
  if (!Number.isNaN(origin)) f.origin = origin;
  if (originPort !== undefined) f.originPort = originPort;
  return f;
}
