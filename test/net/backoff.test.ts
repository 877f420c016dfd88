import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSMA_CD, backoffSlots, bitTimesNs, givesUp } from '../../src/net/backoff.js';
import { Rng } from '../../src/sim/rng.js';
import { scriptedRng } from './hub-harness.js';

describe('truncated binary exponential backoff (802.3 4.2.3.2.5)', () => {
  it('after the n-th collision draws r from [0, 2^min(n,10) - 1]', () => {
    const rng = scriptedRng();
    for (let n = 1; n <= 15; n++) backoffSlots(n, rng);
    expect(rng.ranges).toEqual([
      [0, 1],
      [0, 3],
      [0, 7],
      [0, 15],
      [0, 31],
      [0, 63],
      [0, 127],
      [0, 255],
      [0, 511],
      [0, 1023],
      [0, 1023],
      [0, 1023],
      [0, 1023],
      [0, 1023],
      [0, 1023],
    ]);
  });

  it('with the seeded Rng, every draw lies in the window and the same seed gives the same draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 15 }), (seed, n) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        const r = backoffSlots(n, a);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThan(2 ** Math.min(n, 10));
        expect(backoffSlots(n, b)).toBe(r);
      }),
    );
  });

  it('uses the whole window, not only its ends', () => {
    const rng = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(backoffSlots(3, rng));
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives up at the 16th collision, not before', () => {
    expect(givesUp(15)).toBe(false);
    expect(givesUp(16)).toBe(true);
    expect(CSMA_CD.attemptLimit).toBe(16);
  });

  it('times scale with the rate: at 10 Mb/s a slot is 51.2 us, the gap 9.6 us, the jam 3.2 us', () => {
    expect(bitTimesNs(CSMA_CD.slotTimeBits, 10e6)).toBe(51_200);
    expect(bitTimesNs(CSMA_CD.interFrameGapBits, 10e6)).toBe(9_600);
    expect(bitTimesNs(CSMA_CD.jamBits, 10e6)).toBe(3_200);
    expect(bitTimesNs(CSMA_CD.slotTimeBits, 100e6)).toBe(5_120);
  });
});
