import type { FoldEvent } from '../state/evolve.js';
import { ONE_OFF_KIND, type DescriptionValues } from './descriptions.js';
import { factValuesOf, fillEvent, parsedFacts, type Facts } from './fold-rows.js';
import { SnapshotFold, type SnapshotPlan } from './snapshot-fold.js';
import { StringPool } from './string-pool.js';

/**
 * A run's snapshots, folded from the rows the recorder writes, where it
 * writes them: in the recorder's worker thread, beside SQLite, instead of in
 * the simulating thread (on the four-switch storm the fold and its snapshots
 * took a quarter of that thread). It folds what the stored rows say, read as
 * `StateSeeker` reads them back (fold-rows.ts), into a SnapshotFold;
 * `verify` feeds the same fold the re-simulated events and checks every
 * snapshot against it, so the two are held equal on every recording verified.
 */
export class RunSnapshots {
  private readonly fold: SnapshotFold;
  /**
   * Each description's facts, by id. Most descriptions differ only in their `why`
   * (a ping's sequence number; 287,000 in 2M events of 100 pinging pairs), so
   * facts are kept once per content and an id holds a reference to them.
   */
  private readonly facts: Array<Facts | undefined> = [];
  private readonly byContent = new Map<string, Facts>();
  private readonly names = new StringPool();
  private readonly e: FoldEvent = { seq: 0, t: 0, kind: 'tx', node: '' };

  constructor(plan: SnapshotPlan) {
    this.fold = new SnapshotFold(plan);
  }

  /**
   * A description first seen in this chunk: parsed once for every row that
   * names it. One of ONE_OFF_KIND is named by one row only (the interner
   * gives its id to no other event): its facts are not shared, and go once
   * that row is folded.
   */
  description(d: DescriptionValues): void {
    const values = factValuesOf(d);
    if (d[1] === ONE_OFF_KIND) {
      this.facts[d[0]] = parsedFacts(values, this.names);
      return;
    }
    const key = values.map((v) => v ?? '\u0001').join('\u0000');
    let facts = this.byContent.get(key);
    if (!facts) {
      facts = parsedFacts(values, this.names);
      this.byContent.set(key, facts);
    }
    this.facts[d[0]] = facts;
  }

  /** Folds the event_log row at `log[at]` (LOG_COLUMNS order, 0 for no frame or cause); the stored snapshot when one falls due after it. */
  row(log: Float64Array, at: number): [number, string | Uint8Array] | undefined {
    const seq = log[at]!;
    const id = log[at + 4]!;
    const facts = this.facts[id]!;
    fillEvent(this.e, facts, seq, log[at + 1]!, log[at + 2] || null, log[at + 3] || null);
    this.e.vlan = facts.vlan as number | null;
    if (facts.kind === ONE_OFF_KIND) this.facts[id] = undefined;
    const stored = this.fold.add(this.e);
    return stored === undefined ? undefined : [seq, stored];
  }
}
