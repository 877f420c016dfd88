import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumVerifies, internetChecksum, onesComplementSum, updateChecksum16 } from '../../src/wire/checksum.js';
import { S1_ECHO_REQUEST } from './fixtures/captured-frames.js';
import { expectWireError, fromHex } from './fixtures/helpers.js';

describe('onesComplementSum / internetChecksum (RFC 1071)', () => {
  it('matches the numerical example of RFC 1071 section 3', () => {
    const b = fromHex('0001f203f4f5f6f7');
    expect(onesComplementSum(b, 0, b.length)).toBe(0xddf2);
    expect(internetChecksum(b, 0, b.length)).toBe(0x220d);
  });

  it('pads an odd trailing byte with zero on the right', () => {
    expect(onesComplementSum(new Uint8Array([0x01]), 0, 1)).toBe(0x0100);
    expect(onesComplementSum(fromHex('0001f2'), 0, 3)).toBe(0xf201);
  });

  it('reproduces the checksum the kernel put in a captured IPv4 header', () => {
    const header = S1_ECHO_REQUEST.slice(14, 34);
    header[10] = 0;
    header[11] = 0;
    expect(internetChecksum(header, 0, 20)).toBe(0xa13d);
    expect(checksumVerifies(S1_ECHO_REQUEST, 14, 34)).toBe(true);
    expect(checksumVerifies(S1_ECHO_REQUEST, 34, 98)).toBe(true); // the ICMP message
  });

  it('chains: a sum over two even-length spans equals the sum over both', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 101 }), (x, y) => {
        const evenX = x.subarray(0, x.length & ~1);
        const b = new Uint8Array([...evenX, ...y]);
        const chained = onesComplementSum(b, evenX.length, b.length, onesComplementSum(b, 0, evenX.length));
        return chained === onesComplementSum(b, 0, b.length);
      }),
    );
  });

  it('makes the span verify once the checksum is stored in it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 100 }), fc.nat(), (data, pick) => {
        const b = data.slice();
        const at = (pick % (b.length >> 1)) * 2;
        b[at] = 0;
        b[at + 1] = 0;
        const c = internetChecksum(b, 0, b.length);
        b[at] = c >>> 8;
        b[at + 1] = c & 0xff;
        return checksumVerifies(b, 0, b.length);
      }),
    );
  });

  it('rejects spans outside the buffer', () => {
    const b = new Uint8Array(4);
    expectWireError(() => onesComplementSum(b, 0, 5), 'checksum');
    expectWireError(() => onesComplementSum(b, 3, 2), 'checksum');
    expectWireError(() => internetChecksum(b, -1, 2), 'checksum');
    expectWireError(() => onesComplementSum(b, 0, 2, -1), 'checksum');
  });
});

describe('updateChecksum16 (RFC 1624)', () => {
  it('gives 0x0000 in the example of RFC 1624 section 4, where eqn. 2 gave 0xffff', () => {
    expect(updateChecksum16(0xdd2f, 0x5555, 0x3285)).toBe(0x0000);
  });

  it('equals a full recompute after any one word changes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 60 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 0xffff }),
        (data, pickField, pickWord, newWord) => {
          const b = data.subarray(0, data.length & ~1).slice();
          const words = b.length >> 1;
          const field = (pickField % words) * 2;
          const word = (pickWord % (words - 1)) * 2;
          const at = word >= field ? word + 2 : word; // any word but the checksum field
          b[field] = 0;
          b[field + 1] = 0;
          const before = internetChecksum(b, 0, b.length);
          const oldWord = (b[at]! << 8) | b[at + 1]!;
          b[at] = newWord >>> 8;
          b[at + 1] = newWord & 0xff;
          // All-zero data has two representations of zero (RFC 1624 section 3); real headers never are.
          fc.pre(b.some((x) => x !== 0));
          return updateChecksum16(before, oldWord, newWord) === internetChecksum(b, 0, b.length);
        },
      ),
    );
  });
});
