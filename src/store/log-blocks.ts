/**
 * Events stored in blocks: up to BLOCK_EVENTS consecutive events in one row of
 * `event_blocks(first, t, events)`, `events` a JSON array with one
 * `[dt, frame, back, description]` per event:
 *
 * - the event's seq is `first` plus its index in the array;
 * - its time is the block's `t` plus `dt` (a run's times never decrease, so
 *   `dt` is never negative);
 * - `frame` is its frames.id, 0 for none;
 * - its cause is its seq minus `back`, 0 for none (a cause is always an
 *   earlier event);
 * - `description` is its descriptions.id.
 *
 * Why blocks: SQLite appends a row to a table in about 0.3 µs however small
 * the row (measured inside SQLite, with nothing bound from JavaScript), and a
 * storm's recorder spent half its time there. A block of 64 events is one
 * append. Why JSON text: the recording is meant to be queried with `sqlite3`,
 * and SQLite's built-in `json_each` (3.38 and later) expands a block into rows
 * in plain SQL, which a binary encoding would not allow.
 *
 * The text is written and read here digit by digit, into and out of numbers:
 * no JSON.stringify or JSON.parse, and no array per event.
 */

/** An event's columns as event_log gives them, and as the recorder's chunks and the readers' pages carry them. */
export const LOG_COLUMNS = ['seq', 't', 'frame', 'cause', 'description'] as const;
export const LOG_WIDTH = LOG_COLUMNS.length;

/** Events a block holds at most: past 64 the recorder's gain flattens, and a lookup of one event parses a longer text. */
export const BLOCK_EVENTS = 64;

const ZERO = 0x30;
const NINE = 0x39;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
/** Digits of the largest safe integer (2^53 - 1). */
const MAX_DIGITS = 16;
/** The longest text of one event: four numbers, three commas, two brackets, and the comma before it. */
const MAX_EVENT_BYTES = 4 * MAX_DIGITS + 6;

/**
 * Builds one block's text from log rows (LOG_COLUMNS order, 0 for no frame or
 * cause), as bytes in a buffer kept from block to block. Rows must follow one
 * another: `fits` says whether a row may join the block being built.
 */
export class LogBlockBuilder {
  private readonly bytes = new Uint8Array(BLOCK_EVENTS * MAX_EVENT_BYTES + 2);
  private length = 0;
  /** The block's first seq, and its first event's time. */
  first = 0;
  t = 0;
  count = 0;

  /** Whether the row at `values[at]` may join the block: the next seq, at no earlier time, and room left. */
  fits(values: ArrayLike<number>, at: number): boolean {
    if (this.count === 0) return true;
    return this.count < BLOCK_EVENTS && values[at] === this.first + this.count && values[at + 1]! >= this.t;
  }

  /** Adds the row at `values[at]` (check `fits` first). */
  add(values: ArrayLike<number>, at: number): void {
    const seq = values[at]!;
    if (this.count === 0) {
      this.first = seq;
      this.t = values[at + 1]!;
      this.bytes[0] = OPEN;
      this.length = 1;
    } else this.bytes[this.length++] = COMMA;
    this.bytes[this.length++] = OPEN;
    this.number(values[at + 1]! - this.t);
    this.bytes[this.length++] = COMMA;
    this.number(values[at + 2]!);
    this.bytes[this.length++] = COMMA;
    const cause = values[at + 3]!;
    this.number(cause === 0 ? 0 : seq - cause);
    this.bytes[this.length++] = COMMA;
    this.number(values[at + 4]!);
    this.bytes[this.length++] = CLOSE;
    this.count++;
  }

  /** The block's `events` text; the builder then starts a new block. */
  take(): string {
    this.bytes[this.length++] = CLOSE;
    // ASCII only: Latin-1 is one byte to a character, and makes V8's one-byte string.
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length).toString('latin1');
    this.count = 0;
    this.length = 0;
    return text;
  }

  /** A non-negative safe integer's digits. */
  private number(n: number): void {
    const b = this.bytes;
    if (n < 10) {
      b[this.length++] = ZERO + n;
      return;
    }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    let at = this.length + digits;
    this.length = at;
    for (let rest = n; rest > 0; rest = Math.floor(rest / 10)) b[--at] = ZERO + (rest % 10);
  }
}

/** JSON's insignificant whitespace (RFC 8259, section 2): a block edited by hand may hold some. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Parses a block (`first`, `t` and its `events` text) into `out` from `offset`,
 * LOG_WIDTH numbers an event in LOG_COLUMNS order, a missing frame or cause as
 * NaN. Returns the number of events, or -1 (and `out` partly written) when the
 * text is anything else: not a JSON array of 1 to BLOCK_EVENTS arrays of four
 * plain non-negative safe integers, a cause that is not an earlier event, or a
 * description of 0.
 */
export function parseLogBlock(first: number, t: number, text: string, out: Float64Array, offset: number): number {
  let i = 0;
  const n = text.length;
  const skip = (): void => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };
  /** The integer at i, or -1 when there is none or it is not a safe integer. */
  const integer = (): number => {
    skip();
    let value = 0;
    const start = i;
    for (let c = text.charCodeAt(i); c >= ZERO && c <= NINE; c = text.charCodeAt(++i)) value = value * 10 + (c - ZERO);
    const digits = i - start;
    // JSON has no leading zeros; digit by digit is exact up to 2^53.
    if (digits === 0 || (digits > 1 && text.charCodeAt(start) === ZERO) || value > Number.MAX_SAFE_INTEGER) return -1;
    return value;
  };
  const punctuation = (c: number): boolean => {
    skip();
    if (text.charCodeAt(i) !== c) return false;
    i++;
    return true;
  };
  if (!punctuation(OPEN)) return -1;
  let count = 0;
  do {
    if (count === BLOCK_EVENTS || !punctuation(OPEN)) return -1;
    const seq = first + count;
    const dt = integer();
    if (dt < 0 || t + dt > Number.MAX_SAFE_INTEGER || !punctuation(COMMA)) return -1;
    const frame = integer();
    if (frame < 0 || !punctuation(COMMA)) return -1;
    const back = integer();
    if (back < 0 || back >= seq || !punctuation(COMMA)) return -1;
    const description = integer();
    if (description < 1 || !punctuation(CLOSE)) return -1;
    const at = offset + count * LOG_WIDTH;
    out[at] = seq;
    out[at + 1] = t + dt;
    out[at + 2] = frame === 0 ? NaN : frame;
    out[at + 3] = back === 0 ? NaN : seq - back;
    out[at + 4] = description;
    count++;
  } while (punctuation(COMMA));
  if (!punctuation(CLOSE)) return -1;
  skip();
  return i === n ? count : -1;
}
