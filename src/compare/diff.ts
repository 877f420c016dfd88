import type { SimEvent } from '../events/event.js';
import type { RecordingHeader, RecordingReader } from '../store/recording.js';
import { DecisionMatcher, type Divergence } from './decision-matcher.js';
import { allPairsEqual, hostPairs, pairCounts, type DiffReport, type RunEnd, type StepPairs } from './diff-report.js';
import { describeDivergence } from './divergence-describe.js';
import { hostNotes } from './host-notes.js';
import { pairingText, pairNodes, Renamer, type Pairing } from './pairing.js';
import { pairPingTimes } from './ping-times.js';
import { RecordingView } from './recording-view.js';
import { alignScenarios, ScenarioMismatch, type AlignedStep } from './scenario-align.js';
import { SideWalker, type SideTallies } from './side-walker.js';

export { ScenarioMismatch } from './scenario-align.js';

/** The two recordings, lined up: what both ways of running a diff start from. */
export interface DiffSetup {
  readers: [RecordingReader, RecordingReader];
  views: [RecordingView, RecordingView];
  aligned: AlignedStep[];
  /** Which node of B stands for which of A (pairing.ts). */
  pairing: Pairing;
}

/**
 * Reads both headers, pairs their nodes (`map`: --map's pairs, else by name
 * and address) and aligns the scenarios; throws PairingError for a bad map
 * and ScenarioMismatch when the traffic differs.
 */
export function setUpDiff(a: RecordingReader, b: RecordingReader, map?: Array<[string, string]>): DiffSetup {
  const [ha, hb] = [a.header(), b.header()];
  const pairing = pairNodes(ha, hb, map);
  const [va, vb] = pairedViews([ha, hb], pairing);
  try {
    return { readers: [a, b], views: [va, vb], pairing, aligned: alignScenarios(ha.scenario, hb.scenario, vb.rename) };
  } catch (e) {
    // B's commands were read through the pairing: say so, or "B runs ... on h2" names a node B does not have.
    if (!(e instanceof ScenarioMismatch) || !pairing.pairs.length) throw e;
    throw new ScenarioMismatch(`${e.message} (B's nodes read as A's: ${pairingText(pairing.pairs)})`);
  }
}

/** The two views, B's seeing its nodes by A's names. */
export function pairedViews([ha, hb]: [RecordingHeader, RecordingHeader], pairing: Pairing): [RecordingView, RecordingView] {
  const va = new RecordingView(ha);
  const vb = new RecordingView(hb, new Renamer(pairing));
  va.pairWith(vb);
  vb.pairWith(va);
  return [va, vb];
}

/**
 * `hoplab diff A.db B.db` as a library call, in one thread (diff-parallel.ts
 * reads the two recordings in two): compares two recordings of the same
 * scenario (throws ScenarioMismatch otherwise) and returns the report.
 *
 * Both recordings stream once, merged by virtual time so that the two sides'
 * decisions about the same frame meet in the matcher soon after each other.
 * Memory: 6 bytes per event for the cause lineage (event-lineage.ts), the
 * tallies (bounded by the topology), and the decisions still awaiting their
 * counterpart (capped).
 */
export function diffRecordings(a: RecordingReader, b: RecordingReader, map?: Array<[string, string]>): DiffReport {
  const setup = setUpDiff(a, b, map);
  const matcher = new DecisionMatcher();
  const wa = new SideWalker(0, a, setup.views[0], setup.aligned, matcher);
  const wb = new SideWalker(1, b, setup.views[1], setup.aligned, matcher);
  mergeByTime(
    a.events(),
    b.events(),
    (e) => wa.add(e),
    (e) => wb.add(e),
  );
  return buildReport(setup, [wa.tallies(), wb.tallies()], matcher.finish());
}

/** The report from both sides' tallies and the matcher's answer. */
export function buildReport(setup: DiffSetup, [ta, tb]: [SideTallies, SideTallies], divergence: Divergence | undefined): DiffReport {
  const [va, vb] = setup.views;
  const names: [string, string] = [va.header.name, vb.header.name];
  // Sentences name each side by its topology; two runs of one topology are just A and B.
  const say: [string, string] = names[0] === names[1] ? ['A', 'B'] : names;
  const hostNames = [...va.hosts, ...vb.hosts.filter((h) => !va.hosts.includes(h))];
  const hosts = Object.fromEntries(hostNames.map((h) => [h, hostPairs(ta.hosts[h], tb.hosts[h])]));
  const steps: StepPairs[] = setup.aligned.map((s, k) => {
    const ca = s.a !== undefined ? ta.steps[k] : undefined;
    const cb = s.b !== undefined ? tb.steps[k] : undefined;
    const duration = (c: typeof ca): number | null =>
      c?.commandT !== undefined && c.lastT !== undefined ? c.lastT - c.commandT : c ? 0 : null;
    return {
      at: s.at,
      on: s.on,
      run: s.run,
      in: s.a !== undefined && s.b !== undefined ? 'both' : s.a !== undefined ? 'a' : 'b',
      totals: pairCounts(ca, cb),
      duration: [duration(ca), duration(cb)],
    };
  });
  const sameEvents = ta.digest === tb.digest;
  const totals = pairCounts(ta.totals, tb.totals);
  const [ra, rb] = setup.readers;
  const runs = setup.readers.map((r) => runEnd(r)) as [RunEnd, RunEnd];
  const real = divergence && !pastTheCut(divergence, setup.readers, runs) ? divergence : undefined;
  const firstDivergence = real
    ? describeDivergence(real, { reader: ra, view: va, name: say[0] }, { reader: rb, view: vb, name: say[1] }, setup.pairing)
    : null;
  const rtt = pairPingTimes(ta.pings, tb.pings);
  const identical = sameEvents || (!firstDivergence && allPairsEqual({ totals, hosts, steps, rtt }));
  const pairing = setup.pairing.pairs;
  return { identical, sameEvents, runs, names, pairing, totals, hosts, steps, rtt, firstDivergence, notes: hostNotes(hosts, say) };
}

/**
 * A decision one side made with no counterpart, at or after the instant the
 * other side's run was cut short (its event limit, Ctrl-C): the other side
 * never got there, so it says how long each run went, not how the
 * topologies differ. A mismatch, where both sides decided, is never this.
 */
function pastTheCut(d: Divergence, readers: readonly RecordingReader[], runs: [RunEnd, RunEnd]): boolean {
  if (d.a && d.b) return false;
  const side = d.a ? 0 : 1;
  const other = runs[side === 0 ? 1 : 0];
  if (other.complete) return false;
  const t = readers[side]!.event((d.a ?? d.b)!.seq)?.t;
  return t !== undefined && t >= other.endTime;
}

function runEnd(reader: RecordingReader): RunEnd {
  const { complete, stopReason, events, endTime } = reader.status();
  return { complete, stopReason, events, endTime };
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
