import { evolve, type FoldEvent } from '../state/evolve.js';
import { initialState, type HeaderShape, type NetState } from '../state/node-state.js';
import { toSnapshot } from '../state/state-snapshot.js';
import type { DescriptionValues } from './descriptions.js';
import { factValuesOf, fillEvent, parsedFacts, type Facts } from './fold-rows.js';
import { nextSnapshotAt, type SnapshotCadence } from './snapshot-cadence.js';
import { encodeSnapshot, storedLength } from './snapshot-codec.js';

/** What a recording keeps snapshots of, and how: sent to the recorder's worker as it is. */
export interface SnapshotPlan {
  header: HeaderShape;
  cadence: SnapshotCadence;
  /** The snapshot format stored (SNAPSHOT_VERSION when a run records). */
  format: string;
}

/**
 * A run's snapshots, folded from the rows the recorder writes, where it
 * writes them: in the recorder's worker thread, beside SQLite, instead of in
 * the simulating thread (on the four-switch storm the fold and its snapshots
 * took a quarter of that thread). It folds what the stored rows say, read as
 * `StateSeeker` reads them back (fold-rows.ts), at the cadence of
 * snapshot-cadence.ts; `verify` folds the re-simulated events and checks every
 * snapshot against it, so the two folds are held equal on every recording
 * verified.
 */
export class RunSnapshots {
  private readonly state: NetState;
  /**
   * Each description's facts, by id. Most descriptions differ only in their `why`
   * (a ping's sequence number; 287,000 in 2M events of 100 pinging pairs), so
   * facts are kept once per content and an id holds a reference to them.
   */
  private readonly facts: Facts[] = [];
  private readonly byContent = new Map<string, Facts>();
  private readonly e: FoldEvent = { seq: 0, t: 0, kind: 'tx', node: '' };
  private next: number;

  constructor(private readonly plan: SnapshotPlan) {
    this.state = initialState(plan.header);
    this.next = plan.cadence.interval;
  }

  /** What meta says of these snapshots: written at the first one and when the recording finishes, so a short one is indexed too. */
  meta(): Record<string, string> {
    return { snapshot_format: this.plan.format, snapshot_interval: String(this.plan.cadence.interval) };
  }

  /** A description first seen in this chunk: parsed once for every row that names it. */
  description(d: DescriptionValues): void {
    const values = factValuesOf(d);
    const key = values.map((v) => v ?? '\u0001').join('\u0000');
    let facts = this.byContent.get(key);
    if (!facts) {
      facts = parsedFacts(values);
      this.byContent.set(key, facts);
    }
    this.facts[d[0]] = facts;
  }

  /** Folds the event_log row at `log[at]` (LOG_COLUMNS order, 0 for no frame or cause); the stored snapshot when one falls due after it. */
  row(log: Float64Array, at: number): [number, string | Uint8Array] | undefined {
    const seq = log[at]!;
    const facts = this.facts[log[at + 4]!]!;
    fillEvent(this.e, facts, seq, log[at + 1]!, log[at + 2] || null, log[at + 3] || null);
    this.e.vlan = facts.vlan as number | null;
    evolve(this.state, this.e);
    if (seq < this.next) return undefined;
    const stored = encodeSnapshot(JSON.stringify(toSnapshot(this.state)), this.plan.format);
    this.next = nextSnapshotAt(this.plan.cadence, seq, storedLength(stored));
    return [seq, stored];
  }
}
