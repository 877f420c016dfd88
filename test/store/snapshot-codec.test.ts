import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from '../../src/store/snapshot-codec.js';

// A compressed snapshot is the raw DEFLATE of its JSON's UTF-8 bytes, whatever
// the text holds: a name outside ASCII (a node called "hôte", a port "eth-🙂")
// must not lose a byte. (The run's snapshots take a faster copy of ASCII:
// test/state/snapshot-bytes.test.ts holds them to the same bytes.)

describe('the snapshot codec', () => {
  it('stores the UTF-8 of any text and reads the same text back, ASCII or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
        const json = JSON.stringify({ nodes: [{ name: text }] });
        const stored = encodeSnapshot(json, 'fold-8') as Uint8Array;
        expect(Buffer.from(inflateRawSync(stored)).equals(Buffer.from(json, 'utf8'))).toBe(true);
        expect(decodeSnapshot(stored, 'fold-8')).toBe(json);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a name outside Latin-1 and one inside it but outside ASCII', () => {
    for (const name of ['hôte', 'eth-🙂', 'ÿ', 'plain']) {
      const json = JSON.stringify({ name });
      expect(decodeSnapshot(encodeSnapshot(json, 'fold-8'), 'fold-8')).toBe(json);
    }
  });
});
