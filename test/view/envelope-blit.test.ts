import { describe, expect, it } from 'vitest';
import { blit, type Sprite } from '../../src/page/envelope-sprites.js';

// The viewer draws each envelope by copying its sprite's pixels into one frame
// buffer (src/page/envelope-sprites.ts): the copy must land where it is told,
// keep what its transparent pixels cover, and stay inside the buffer.

/** A 3 × 2 sprite: a transparent top-left pixel, the rest numbered 1-5; its centre at (1, 1). */
const SPRITE: Sprite = { pixels: new Uint32Array([0, 1, 2, 3, 4, 5]), width: 3, height: 2, cx: 1, cy: 1 };

/** A width × height buffer as rows of numbers. */
function rows(buffer: Uint32Array, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < buffer.length; i += width) out.push([...buffer.subarray(i, i + width)]);
  return out;
}

describe("an envelope's pixels copied into the frame", () => {
  it('land with their corner at (x, y), the transparent one leaving what was there', () => {
    const buffer = new Uint32Array(5 * 3).fill(9);
    blit(buffer, 5, 3, SPRITE, 1, 1);
    expect(rows(buffer, 5)).toEqual([
      [9, 9, 9, 9, 9],
      [9, 9, 1, 2, 9],
      [9, 3, 4, 5, 9],
    ]);
  });

  it('are clipped at every edge of the buffer', () => {
    const buffer = new Uint32Array(4 * 2);
    blit(buffer, 4, 2, SPRITE, -1, -1);
    blit(buffer, 4, 2, SPRITE, 2, 1);
    expect(rows(buffer, 4)).toEqual([
      [4, 5, 0, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('replace an earlier envelope where they overlap', () => {
    const buffer = new Uint32Array(4 * 2);
    blit(buffer, 4, 2, SPRITE, 0, 0);
    blit(buffer, 4, 2, { ...SPRITE, pixels: SPRITE.pixels.map((v) => v * 10) }, 1, 0);
    expect(rows(buffer, 4)).toEqual([
      [0, 1, 10, 20],
      [3, 30, 40, 50],
    ]);
  });
});
