/**
 * The one error every wire/ parser throws on untrusted bytes (smoltcp's
 * `Error::Truncated`/`Error::Malformed`, folded into one typed error). A caller
 * catches `WireError` and counts a drop; anything else is a bug in hoplab.
 */
export class WireError extends Error {
  readonly protocol: string;

  constructor(protocol: string, message: string) {
    super(message);
    this.name = 'WireError';
    this.protocol = protocol;
  }
}

/**
 * Checks that `length` bytes starting at `offset` lie inside `b`, so that
 * every read after it stays in bounds. Offsets and lengths that are not
 * non-negative integers are rejected too: a NaN offset would otherwise pass
 * every comparison and read `undefined` (smoltcp's `check_len`).
 */
export function requireBytes(protocol: string, what: string, b: Uint8Array, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) {
    throw new WireError(protocol, `${what}: invalid span offset ${offset} length ${length}`);
  }
  if (offset + length > b.length) {
    throw new WireError(protocol, `${what} truncated: need ${length} bytes at offset ${offset}, have ${Math.max(0, b.length - offset)}`);
  }
}

/** 2 ** bits for every field width up to 32 (computed once: emitters check several fields per frame). */
const FIELD_LIMITS = Array.from({ length: 33 }, (_, bits) => 2 ** bits);

/** Rejects a value an emitter cannot encode in a field of `bits` bits. */
export function requireField(protocol: string, name: string, value: number, bits: number): void {
  if (!(value >= 0 && value < (FIELD_LIMITS[bits] ?? 2 ** bits)) || !Number.isInteger(value)) {
    throw new WireError(protocol, `${name} ${value} does not fit in ${bits} bits`);
  }
}
