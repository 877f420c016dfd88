import { describe, expect, it } from 'vitest';
import { ForwardSentences } from '../../src/devices/forward-sentences.js';
import type { MacEntry } from '../../src/tables/mac-table.js';
import { hintSource } from '../helpers/hint-source.js';

// A bridge's ingress port keeps the sentence (and the recorder's hint) of each
// MAC table entry it forwards by. A host's port forwards by one or two; a
// switch's uplink by every host below it, in turn, and a sentence made again
// is a new hint the recorder must look up in full.

function entry(n: number, port = `p${n}`): MacEntry {
  return { mac: 0x020000000000 + n, port, vlan: 1, learnedAt: 0, lastSeen: 0, learnedSeq: n };
}

const say = (e: MacEntry, vid: number): string => `forwards to ${e.mac} on ${e.port} in ${vid}`;

describe("an ingress port's forward sentences", () => {
  it('are kept for every entry an uplink forwards by in turn, each with its one hint', () => {
    const sentences = new ForwardSentences();
    const hints = hintSource();
    const entries = Array.from({ length: 40 }, (_, i) => entry(i + 1));
    const first = entries.map((e) => sentences.sentence(e, 1, say, hints));
    for (let round = 0; round < 3; round++) {
      for (const [i, e] of entries.entries()) expect(sentences.sentence(e, 1, say, hints)).toBe(first[i]);
    }
    expect(new Set(first.map((s) => s.hint)).size).toBe(40);
    expect(first[7]!.why).toBe(say(entries[7]!, 1));
  });

  it('are made again, with a new hint, once the entry moved or was learnt again', () => {
    const sentences = new ForwardSentences();
    const hints = hintSource();
    const entries = Array.from({ length: 5 }, (_, i) => entry(i + 1));
    const before = entries.map((e) => sentences.sentence(e, 1, say, hints));
    entries[0]!.port = 'p9';
    entries[1]!.learnedSeq = 77;
    const moved = sentences.sentence(entries[0]!, 1, say, hints);
    const relearnt = sentences.sentence(entries[1]!, 1, say, hints);
    expect(moved.hint).not.toBe(before[0]!.hint);
    expect(moved.why).toBe(say(entries[0]!, 1));
    expect(relearnt.hint).not.toBe(before[1]!.hint);
    expect(sentences.sentence(entries[2]!, 1, say, hints)).toBe(before[2]);
  });

  it('forget what they hold past their bound, and make it again', () => {
    const sentences = new ForwardSentences();
    const hints = hintSource();
    const entries = Array.from({ length: 2_000 }, (_, i) => entry(i + 1));
    const first = entries.map((e) => sentences.sentence(e, 1, say, hints));
    const again = sentences.sentence(entries[0]!, 1, say, hints);
    expect(again).not.toBe(first[0]);
    expect(again.why).toBe(first[0]!.why);
  });
});
