import { summarizeFrame } from '../wire/decode.js';
import { NotFound } from './http-error.js';
import type { ViewSession } from './session.js';

/**
 * Where a host's view of the traffic first differs between two recordings
 * of the same scenario: the frames it received (rx), in order, told apart
 * by what they say (`summarizeFrame`); the answer is the first frame one
 * side received that the other did not, at that point of the sequence (what
 * h3 overheard on the hub and never saw behind the switch).
 */
export function hostDivergence(
  a: ViewSession,
  b: ViewSession,
  host: string,
): { side: number; seq: number; summary: string } | { same: true } {
  if (!a.nodes.includes(host) && !b.nodes.includes(host)) throw new NotFound(`no host '${host}' in either recording`);
  const seen = (s: ViewSession): IterableIterator<{ seq: number; summary: string }> =>
    (function* () {
      if (!s.nodes.includes(host)) return;
      for (const e of s.reader.events({ kinds: ['rx'], nodes: [host] })) {
        const bytes = e.frame === undefined ? undefined : s.reader.frame(e.frame);
        yield { seq: e.seq, summary: bytes ? summarizeFrame(bytes) : '' };
      }
    })();
  const ia = seen(a);
  const ib = seen(b);
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done && y.done) return { same: true };
    if (x.done) return { side: 1, seq: y.value!.seq, summary: y.value!.summary };
    if (y.done) return { side: 0, seq: x.value.seq, summary: x.value.summary };
    if (x.value.summary !== y.value.summary) return { side: 0, seq: x.value.seq, summary: x.value.summary };
  }
}
