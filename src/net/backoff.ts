/**
 * The CSMA/CD parameters of half-duplex Ethernet, in bit times so that they
 * scale with the segment's rate (IEEE 802.3 clause 4.4.2: slotTime 512 bit
 * times, interFrameGap 96 bit times, jamSize 32 bits, attemptLimit 16,
 * backoffLimit 10).
 */
export const CSMA_CD = {
  slotTimeBits: 512,
  interFrameGapBits: 96,
  jamBits: 32,
  attemptLimit: 16,
  backoffLimit: 10,
} as const;

/** The one draw backoff needs; the run's seeded Rng provides it (tests inject their own). */
export interface BackoffRng {
  intBetween(low: number, high: number): number;
}

/**
 * Truncated binary exponential backoff (IEEE 802.3 clause 4.2.3.2.5): before
 * the retransmission that follows the n-th collision of a frame, a station
 * waits r slot times, r uniform in 0 <= r < 2^k with k = min(n, backoffLimit).
 */
export function backoffSlots(collisions: number, rng: BackoffRng): number {
  const k = Math.min(collisions, CSMA_CD.backoffLimit);
  return rng.intBetween(0, 2 ** k - 1);
}

/** Whether a frame that has collided this many times is given up (excessive collisions). */
export function givesUp(collisions: number): boolean {
  return collisions >= CSMA_CD.attemptLimit;
}

/** A span of bit times at a line rate, in whole nanoseconds. */
export function bitTimesNs(bits: number, rateBps: number): number {
  return Math.round((bits * 1e9) / rateBps);
}
