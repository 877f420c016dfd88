import { describe, expect, it } from 'vitest';
import { decodeWithRanges } from '../../src/wire/decode-ranges.js';

// An ARP request as the oracle's veth pair sent it (42 bytes, RFC 826), and
// where each decoded field's bytes are.
const ARP = Uint8Array.from(
  Buffer.from('ffffffffffff0e005a5c175a08060001080006040001' + '0e005a5c175a0a010101' + '000000000000' + '0a010102', 'hex'),
);

describe('decodeWithRanges', () => {
  it("gives each field of each layer its bytes, for the viewer's hex dump", () => {
    const layers = decodeWithRanges(ARP);
    expect(layers.map((l) => [l.name, l.start, l.end])).toEqual([
      ['Ethernet II', 0, 14],
      ['ARP', 14, 42],
    ]);
    const field = (name: string): number[] => {
      const f = layers.flatMap((l) => l.fields).find((x) => x.name === name)!;
      return [...ARP.subarray(f.start, f.end)];
    };
    expect(field('Destination')).toEqual([255, 255, 255, 255, 255, 255]);
    expect(field('Type')).toEqual([0x08, 0x06]);
    expect(field('Opcode')).toEqual([0, 1]);
    expect(field('Sender IP address')).toEqual([10, 1, 1, 1]);
    expect(field('Target IP address')).toEqual([10, 1, 1, 2]);
  });

  it('never throws on a cut frame: the fields it can place, within the bytes there are', () => {
    const cut = ARP.subarray(0, 20);
    const layers = decodeWithRanges(cut);
    for (const f of layers.flatMap((l) => l.fields)) expect(f.end).toBeLessThanOrEqual(cut.length);
    expect(layers.at(-1)!.name).toBe('Malformed');
  });
});
