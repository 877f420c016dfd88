/**
 * The CSMA/CD parameters of half-duplex Ethernet, in bit times so that they
 * scale with the segment's rate (IEEE 802.3 clause 4.4.2, "MAC parameters",
 * the same at 10 and 100 Mb/s).
 */
export const CSMA_CD = {
  /** slotTime, 512 bit times (4.4.2): the collision window and the backoff unit (4.2.3.2.5). */
  slotTimeBits: 512,
  /** interFrameGap, 96 bits (4.4.2): the quiet a station waits after the wire goes idle (4.2.3.2.1-2). */
  interFrameGapBits: 96,
  /** jamSize, 32 bits (4.4.2): what a station sends once it hears a collision (4.2.3.2.4). */
  jamBits: 32,
  /** attemptLimit, 16 (4.4.2): tries of one frame before excessive collisions give it up (4.2.3.2.5). */
  attemptLimit: 16,
  /** backoffLimit, 10 (4.4.2): the backoff window stops doubling at 2^10 slot times (4.2.3.2.5). */
  backoffLimit: 10,
  /** minFrameSize, 512 bits = 64 octets (4.4.2), FCS included: shorter on the wire is a runt (4.2.4.2.2). */
  minFrameBits: 512,
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
