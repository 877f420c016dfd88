import { Renamer, towardB, type Pairing } from '../compare/pairing.js';
import { summarizeFrame } from '../wire/decode.js';
import { NotFound } from './http-error.js';
import type { ViewSession } from './session.js';

/**
 * Where a host's view of the traffic first differs between two recordings
 * of the same scenario: the frames it received (rx), in order, told apart
 * by what they say (`summarizeFrame`); the answer is the first frame one
 * side received that the other did not, at that point of the sequence (what
 * h3 overheard on the hub and never saw behind the switch). `host` is named
 * as the diff's report names it: A's name, which B's paired host answers to
 * (pairing.ts), or B's own for a host only B has.
 */
export function hostDivergence(
  a: ViewSession,
  b: ViewSession,
  host: string,
  pairing?: Pairing,
): { side: number; seq: number; summary: string } | { same: true } {
  const inB = towardB(pairing).node(host);
  const known = a.nodes.includes(host) || (b.nodes.includes(inB) && new Renamer(pairing).node(inB) === host);
  if (!known) throw new NotFound(`no host '${host}' in either recording`);
  const seen = (s: ViewSession, name: string): IterableIterator<{ seq: number; summary: string }> =>
    (function* () {
      if (!s.nodes.includes(name)) return;
      for (const e of s.reader.events({ kinds: ['rx'], nodes: [name] })) {
        const bytes = e.frame === undefined ? undefined : s.reader.frame(e.frame);
        yield { seq: e.seq, summary: bytes ? summarizeFrame(bytes) : '' };
      }
    })();
  const ia = seen(a, host);
  const ib = seen(b, inB);
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done && y.done) return { same: true };
    if (x.done) return { side: 1, seq: y.value!.seq, summary: y.value!.summary };
    if (y.done) return { side: 0, seq: x.value.seq, summary: x.value.summary };
    if (x.value.summary !== y.value.summary) return { side: 0, seq: x.value.seq, summary: x.value.summary };
  }
}
