import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FramePacker, forEachFrame } from '../../src/store/frame-packer.js';

function unpacked(packer: FramePacker): Array<[number, number[]]> {
  const out: Array<[number, number[]]> = [];
  forEachFrame(packer.take(), (id, bytes) => out.push([id, [...bytes]]));
  return out;
}

describe("a chunk's new frames packed into one buffer", () => {
  it('gives back every frame, in order, byte for byte, however many and however large', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 40 }), (frames) => {
        const packer = new FramePacker();
        for (const [i, f] of frames.entries()) packer.add(i + 1, f);
        expect(unpacked(packer)).toEqual(frames.map((f, i) => [i + 1, [...f]]));
      }),
    );
  });

  it("each take owns its bytes: the packer's next frames, and the sender reusing its buffer, change nothing taken", () => {
    const packer = new FramePacker();
    const frame = new Uint8Array([1, 2, 3]);
    packer.add(7, frame);
    const first = packer.take();
    frame.fill(9);
    packer.add(8, new Uint8Array([4, 5]));
    const got: number[][] = [];
    forEachFrame(first, (_, bytes) => got.push([...bytes]));
    expect(got).toEqual([[1, 2, 3]]);
    expect(unpacked(packer)).toEqual([[8, [4, 5]]]);
  });

  it('packs into the room it is given, and into memory of its own when the frames outgrow it', () => {
    const packer = new FramePacker(new Uint8Array(8));
    const room = new Uint8Array(4);
    packer.take(room);
    packer.add(1, new Uint8Array([1, 2, 3]));
    expect(packer.take(new Uint8Array(4)).bytes.buffer).toBe(room.buffer);
    packer.add(2, new Uint8Array([4, 5, 6]));
    packer.add(3, new Uint8Array([7, 8]));
    const grown = packer.take();
    expect(grown.bytes.byteLength).toBe(5);
    expect(grown.bytes.buffer.byteLength).toBeGreaterThan(4);
    const got: Array<[number, number[]]> = [];
    forEachFrame(grown, (id, bytes) => got.push([id, [...bytes]]));
    expect(got).toEqual([
      [2, [4, 5, 6]],
      [3, [7, 8]],
    ]);
  });
});
