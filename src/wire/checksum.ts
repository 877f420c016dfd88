/**
 * The Internet checksum: the 16-bit one's complement of the one's complement
 * sum of the 16-bit words (RFC 1071), and its incremental update (RFC 1624).
 * Used by IPv4 (RFC 791), ICMP (RFC 792) and UDP (RFC 768).
 */
import { WireError, requireBytes } from './wire-error.js';

/**
 * Folds carries back into the low 16 bits (RFC 1071 section 4.1, "fold 32-bit
 * sum to 16 bits"). Division, not `>>> 16`, so sums above 2^32 stay exact.
 */
function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/**
 * One's complement sum of b[start..end) as big-endian 16-bit words, folded to
 * 16 bits, plus `initial` (e.g. a pseudo-header sum). A trailing odd byte is
 * padded with a zero octet on the right (RFC 1071 section 1, step 1), so only
 * the last span of a chained sum may have odd length.
 */
export function onesComplementSum(b: Uint8Array, start: number, end: number, initial = 0): number {
  requireBytes('checksum', 'checksummed span', b, start, end - start);
  if (!Number.isInteger(initial) || initial < 0) {
    throw new WireError('checksum', `initial sum ${initial} is not a non-negative integer`);
  }
  let sum = initial;
  let i = start;
  // Deferred carries (RFC 1071 section 2(B)): a double holds 2^53, far more
  // than 65535 words of 0xffff, so folding once at the end is enough.
  for (const last = end - 1; i < last; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  return fold(sum);
}

/** The value to store in the checksum field: ~sum over the span with the field zeroed. */
export function internetChecksum(b: Uint8Array, start: number, end: number, initial = 0): number {
  return ~onesComplementSum(b, start, end, initial) & 0xffff;
}

/**
 * A span that includes its own correct checksum sums to 0xffff, "all ones"
 * (RFC 1071 section 1: the receiver's check).
 */
export function checksumVerifies(b: Uint8Array, start: number, end: number, initial = 0): boolean {
  return onesComplementSum(b, start, end, initial) === 0xffff;
}

/**
 * Updates a checksum after one 16-bit word changed from `oldWord` to
 * `newWord`: HC' = ~(~HC + ~m + m'), RFC 1624 eqn. 3 — the form that avoids
 * the -0 result of RFC 1141's eqn. 2.
 */
export function updateChecksum16(oldChecksum: number, oldWord: number, newWord: number): number {
  const sum = (~oldChecksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
  return ~fold(sum) & 0xffff;
}
