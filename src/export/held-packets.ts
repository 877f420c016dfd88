/**
 * The packets of one instant, held until virtual time moves on so that what became
 * of each frame can be folded into its comment (capture-sink.ts). Kept as columns
 * in typed arrays and a comment as clause slots (a template and its two numbers),
 * reused instant after instant: a storm holds hundreds of thousands of packets in
 * turn, and an object per packet (or a string per comment) was a tenth of the
 * export's time in garbage collection.
 */

import { writeClause, type ClauseTemplate } from './comment-clause.js';
import type { EncodedComment } from './pcapng-packet-block.js';

/** A packet's clauses at most: its head, its decision, the outcomes folded and a "more". */
export function clausesPerPacket(maxOutcomes: number): number {
  return maxOutcomes + 3;
}

export class HeldPackets<P> {
  count = 0;
  readonly seq: Float64Array;
  readonly t: Float64Array;
  readonly point: Array<P | undefined>;
  readonly bytes: Array<Uint8Array | undefined>;
  readonly outbound: Uint8Array;
  /** Outcome clauses folded in so far. */
  readonly outcomes: Uint8Array;
  private readonly clauseCount: Uint8Array;
  private readonly commentMax: Float64Array;
  private readonly clauseTemplate: Array<ClauseTemplate | undefined>;
  private readonly clauseA: Float64Array;
  private readonly clauseB: Float64Array;
  private readonly comment = new HeldComment(this);

  constructor(
    readonly capacity: number,
    private readonly clauses: number,
  ) {
    this.seq = new Float64Array(capacity);
    this.t = new Float64Array(capacity);
    this.point = new Array<P | undefined>(capacity).fill(undefined);
    this.bytes = new Array<Uint8Array | undefined>(capacity).fill(undefined);
    this.outbound = new Uint8Array(capacity);
    this.outcomes = new Uint8Array(capacity);
    this.clauseCount = new Uint8Array(capacity);
    this.commentMax = new Float64Array(capacity);
    this.clauseTemplate = new Array<ClauseTemplate | undefined>(capacity * clauses).fill(undefined);
    this.clauseA = new Float64Array(capacity * clauses);
    this.clauseB = new Float64Array(capacity * clauses);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Holds a packet (the caller flushes first if full) and returns its index. */
  add(seq: number, point: P, t: number, bytes: Uint8Array, outbound: boolean): number {
    const i = this.count++;
    this.seq[i] = seq;
    this.t[i] = t;
    this.point[i] = point;
    this.bytes[i] = bytes;
    this.outbound[i] = outbound ? 1 : 0;
    this.outcomes[i] = 0;
    this.clauseCount[i] = 0;
    this.commentMax[i] = 0;
    return i;
  }

  /** Appends a clause, with its numbers, to packet `i`'s comment. */
  addClause(i: number, template: ClauseTemplate, a: number, b: number): void {
    const n = this.clauseCount[i]!;
    if (n === this.clauses) throw new RangeError(`a held packet has room for ${this.clauses} comment clauses`);
    const slot = i * this.clauses + n;
    this.clauseTemplate[slot] = template;
    this.clauseA[slot] = a;
    this.clauseB[slot] = b;
    this.clauseCount[i] = n + 1;
    this.commentMax[i] = this.commentMax[i]! + template.maxBytes;
  }

  /**
   * The held packet with this seq, or -1. Searched from the newest: an outcome follows
   * its rx within a few events. (A Map here, cleared every instant, cost more in garbage
   * collection than the whole search.)
   */
  find(seq: number): number {
    for (let i = this.count - 1; i >= 0; i--) {
      const s = this.seq[i]!;
      if (s === seq) return i;
      if (s < seq) return -1;
    }
    return -1;
  }

  /** Packet `i`'s comment, for the writer to encode in place (valid until the next call). */
  commentOf(i: number): EncodedComment {
    this.comment.index = i;
    return this.comment;
  }

  commentMaxBytes(i: number): number {
    return this.commentMax[i]!;
  }

  encodeComment(i: number, buf: Uint8Array, offset: number): number {
    let at = offset;
    const end = i * this.clauses + this.clauseCount[i]!;
    for (let slot = i * this.clauses; slot < end; slot++)
      at = writeClause(buf, at, this.clauseTemplate[slot]!, this.clauseA[slot]!, this.clauseB[slot]!);
    return at - offset;
  }

  /** Forgets every packet (their frames and points too, so they can be collected). */
  clear(): void {
    this.point.fill(undefined, 0, this.count);
    this.bytes.fill(undefined, 0, this.count);
    this.count = 0;
  }
}

/** One held packet's comment as the writer's EncodedComment; one object, pointed at each packet in turn. */
class HeldComment implements EncodedComment {
  index = 0;

  constructor(private readonly held: HeldPackets<unknown>) {}

  get maxBytes(): number {
    return this.held.commentMaxBytes(this.index);
  }

  encodeInto(buf: Uint8Array, offset: number): number {
    return this.held.encodeComment(this.index, buf, offset);
  }
}
