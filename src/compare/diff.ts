import type { SimEvent } from '../events/event.js';
import type { RecordingReader } from '../store/recording.js';
import { DecisionMatcher } from './decision-matcher.js';
import { allPairsEqual, hostPairs, pairCounts, type DiffReport, type StepPairs } from './diff-report.js';
import { describeDivergence } from './divergence-describe.js';
import { hostNotes } from './host-notes.js';
import { RecordingView } from './recording-view.js';
import { alignScenarios } from './scenario-align.js';
import { SideWalker } from './side-walker.js';

export { ScenarioMismatch } from './scenario-align.js';

/**
 * `hoplab diff A.db B.db` as a library call: compares two recordings of the
 * same scenario (throws ScenarioMismatch otherwise) and returns the report.
 *
 * Both recordings stream once, merged by virtual time so that the two sides'
 * decisions about the same frame meet in the matcher soon after each other.
 * Memory: 6 bytes per event for the cause lineage (event-lineage.ts), the
 * tallies (bounded by the topology), and the decisions still awaiting their
 * counterpart (capped).
 */
export function diffRecordings(a: RecordingReader, b: RecordingReader): DiffReport {
  const ha = a.header();
  const hb = b.header();
  const aligned = alignScenarios(ha.scenario, hb.scenario);
  const va = new RecordingView(ha);
  const vb = new RecordingView(hb);
  va.pairWith(vb);
  vb.pairWith(va);
  const matcher = new DecisionMatcher();
  const wa = new SideWalker(0, a, va, aligned, matcher);
  const wb = new SideWalker(1, b, vb, aligned, matcher);
  mergeByTime(a.events(), b.events(), (e) => wa.add(e), (e) => wb.add(e));

  const names: [string, string] = [ha.name, hb.name];
  // Sentences name each side by its topology; two runs of one topology are just A and B.
  const say: [string, string] = ha.name === hb.name ? ['A', 'B'] : names;
  const hostNames = [...va.hosts, ...vb.hosts.filter((h) => !va.hosts.includes(h))];
  const hosts = Object.fromEntries(hostNames.map((h) => [h, hostPairs(wa.hosts.get(h), wb.hosts.get(h))]));
  const steps: StepPairs[] = aligned.map((s, k) => {
    const ca = s.a !== undefined ? wa.steps[k] : undefined;
    const cb = s.b !== undefined ? wb.steps[k] : undefined;
    const duration = (c: typeof ca): number | null => (c?.commandT !== undefined && c.lastT !== undefined ? c.lastT - c.commandT : c ? 0 : null);
    return {
      at: s.at[0] === s.at[1] ? s.at[0]! : s.at,
      on: s.on, run: s.run,
      in: s.a !== undefined && s.b !== undefined ? 'both' : s.a !== undefined ? 'a' : 'b',
      totals: pairCounts(ca, cb),
      duration: [duration(ca), duration(cb)],
    };
  });
  const divergence = matcher.finish();
  const sameEvents = wa.digestHex() === wb.digestHex();
  const totals = pairCounts(wa.totals, wb.totals);
  const firstDivergence = divergence ? describeDivergence(divergence, { reader: a, view: va, name: say[0] }, { reader: b, view: vb, name: say[1] }) : null;
  const identical = sameEvents || (!firstDivergence && allPairsEqual({ totals, hosts, steps }));
  return { identical, sameEvents, names, totals, hosts, steps, firstDivergence, notes: hostNotes(hosts, say) };
}

/** Feeds two seq-ordered streams to their handlers in order of virtual time (A first on ties). */
function mergeByTime(ia: Iterator<SimEvent>, ib: Iterator<SimEvent>, onA: (e: SimEvent) => void, onB: (e: SimEvent) => void): void {
  let x = ia.next();
  let y = ib.next();
  while (!x.done || !y.done) {
    if (!x.done && (y.done || x.value.t <= y.value.t)) {
      onA(x.value);
      x = ia.next();
    } else if (!y.done) {
      onB(y.value);
      y = ib.next();
    }
  }
}
