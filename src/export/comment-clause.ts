/**
 * A clause of a packet comment as UTF-8 pieces with numbers between them:
 * `head` A `middle`, or `head` A `middle` B `tail`. The words of a clause
 * depend only on an event's description (and the capture point), which a
 * storm repeats hundreds of thousands of times; only the numbers (seq, cause)
 * change. So the words are encoded once and each packet's comment is written
 * as byte copies and digits, with no string built or encoded per packet.
 */

const utf8 = new TextEncoder();

/** Decimal digits of the largest safe integer: a number slot never needs more room. */
const MAX_DIGITS = 16;
/** Below this many bytes a loop copies faster than a call into TypedArray.prototype.set. */
const SHORT_COPY = 24;

export class ClauseTemplate {
  readonly head: Uint8Array;
  readonly middle: Uint8Array;
  /** Present when the clause has a second number. */
  readonly tail: Uint8Array | undefined;
  /** The most bytes `writeClause` writes for this template. */
  readonly maxBytes: number;

  constructor(head: string, middle: string, tail?: string) {
    this.head = utf8.encode(head);
    this.middle = utf8.encode(middle);
    this.tail = tail === undefined ? undefined : utf8.encode(tail);
    this.maxBytes = this.head.length + this.middle.length + MAX_DIGITS + (this.tail === undefined ? 0 : this.tail.length + MAX_DIGITS);
  }
}

/** Writes the clause with its numbers at `at`, returns the offset past it; `maxBytes` of room are the caller's. */
export function writeClause(buf: Uint8Array, at: number, c: ClauseTemplate, a: number, b: number): number {
  at = copy(buf, at, c.head);
  at = writeDecimal(buf, at, a);
  at = copy(buf, at, c.middle);
  if (c.tail === undefined) return at;
  at = writeDecimal(buf, at, b);
  return copy(buf, at, c.tail);
}

function copy(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n >= SHORT_COPY) {
    buf.set(bytes, at);
    return at + n;
  }
  for (let i = 0; i < n; i++) buf[at + i] = bytes[i]!;
  return at + n;
}

/** `${n}` for a seq: a non-negative safe integer, which template literals print as plain digits. */
function writeDecimal(buf: Uint8Array, at: number, n: number): number {
  // Below 2^31 the digits come from small-integer arithmetic (`| 0`), far cheaper than Math.floor on doubles.
  const small = n >= 0 && n <= 0x7fffffff && (n | 0) === n;
  if (!small && (!Number.isSafeInteger(n) || n < 0))
    throw new RangeError(`a comment's event number must be a non-negative safe integer, got ${n}`);
  let digits = 1;
  for (let x = n; x >= 10; x = small ? (x / 10) | 0 : Math.floor(x / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = small ? (n / 10) | 0 : Math.floor(n / 10);
    buf[i] = 0x30 + n - q * 10;
    n = q;
  }
  return at + digits;
}
