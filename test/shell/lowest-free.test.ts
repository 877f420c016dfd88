import { describe, expect, it } from 'vitest';
import { LowestFree } from '../../src/shell/lowest-free.js';

describe('LowestFree (idr_alloc: the lowest free number)', () => {
  it('hands out numbers in order, then a released one before any higher', () => {
    const ids = new LowestFree(0);
    expect([ids.take(), ids.take(), ids.take(), ids.take()]).toEqual([0, 1, 2, 3]);
    ids.release(2);
    ids.release(1);
    expect([ids.take(), ids.take(), ids.take()]).toEqual([1, 2, 4]);
  });

  it('ignores a number it never handed out, and never goes below its first', () => {
    const ids = new LowestFree(1);
    ids.release(0);
    ids.release(7);
    expect([ids.take(), ids.take()]).toEqual([1, 2]);
  });
});
