import { evolve, type FoldEvent } from '../state/evolve.js';
import { initialState, type HeaderShape, type NetState } from '../state/node-state.js';
import { SnapshotBytes } from '../state/snapshot-bytes.js';
import { nextSnapshotAt, type SnapshotCadence } from './snapshot-cadence.js';
import { encodeSnapshotBytes, storedLength } from './snapshot-codec.js';

/** What a recording keeps snapshots of, and how: sent to the recorder's worker as it is. */
export interface SnapshotPlan {
  header: HeaderShape;
  cadence: SnapshotCadence;
  /** The snapshot format stored (SNAPSHOT_VERSION when a run records). */
  format: string;
}

/** What meta says of a plan's snapshots: written with the first one and when the recording finishes, so that a short one is indexed too. */
export function snapshotMeta(plan: SnapshotPlan): Record<string, string> {
  return { snapshot_format: plan.format, snapshot_interval: String(plan.cadence.interval) };
}

/**
 * The fold a run's snapshots are taken of, from the header's configuration
 * on, and the cadence they are taken at (snapshot-cadence.ts). The recorder's
 * worker feeds it the rows it writes (run-snapshots.ts); `verify` feeds it the
 * re-simulated events (snapshotSink), so both store and check the same states.
 */
export class SnapshotFold {
  private readonly state: NetState;
  private readonly bytes: SnapshotBytes;
  private next: number;

  constructor(private readonly plan: SnapshotPlan) {
    this.state = initialState(plan.header);
    this.bytes = new SnapshotBytes(plan.format);
    this.next = plan.cadence.interval;
  }

  /** Folds `e` in; the snapshot as stored (snapshot-codec.ts) when one falls due after it. */
  add(e: FoldEvent): string | Uint8Array | undefined {
    evolve(this.state, e);
    this.bytes.folded(this.state, e);
    if (e.seq < this.next) return undefined;
    const stored = encodeSnapshotBytes(this.bytes.of(this.state), this.plan.format);
    this.next = nextSnapshotAt(this.plan.cadence, e.seq, storedLength(stored));
    return stored;
  }
}
