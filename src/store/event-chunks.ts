import type Database from 'better-sqlite3';
import type { DescriptionValues } from './descriptions.js';
import { LOG_WIDTH } from './log-blocks.js';
import { EventTable } from './event-table.js';
import { forEachFrame, type PackedFrames } from './frame-packer.js';
import { RunSnapshots } from './run-snapshots.js';
import { type SnapshotPlan, snapshotMeta } from './snapshot-fold.js';

/** Events per committed transaction. */
const BATCH = 8192;

/**
 * A run of consecutive events on their way to the recording: their
 * event_log rows as numbers, flat (LOG_COLUMNS order; a typed array, so it
 * moves to the recorder's thread without a copy), the descriptions and
 * frames first seen in them.
 */
export interface EventChunk {
  log: Float64Array;
  count: number;
  descriptions: DescriptionValues[];
  frames: PackedFrames;
  /** Commit once written (flush, finish): what has been sent so far survives an interruption. */
  commit: boolean;
}

/**
 * Writes chunks in order on one connection, committing every BATCH events
 * and when a chunk asks, and, given a plan, folds the rows it writes into the
 * recording's snapshots (run-snapshots.ts). Snapshots wait for the commit of
 * the events they follow (a recording cut short holds no snapshot past its
 * last event). The same code runs in the recorder's worker thread and, where
 * there is none, in the simulating thread.
 */
export class ChunkWriter {
  private readonly table: EventTable;
  private readonly fold: RunSnapshots | undefined;
  private uncommitted = 0;
  private snapshots: Array<[number, string | Uint8Array]> = [];
  /** Meta of the snapshots, written with the first one. */
  private snapshotMeta: Record<string, string> | undefined;

  constructor(db: Database.Database, plan?: SnapshotPlan) {
    this.table = new EventTable(db);
    this.fold = plan && new RunSnapshots(plan);
    this.snapshotMeta = plan && snapshotMeta(plan);
  }

  write(chunk: EventChunk): void {
    for (const d of chunk.descriptions) {
      this.table.description(d);
      this.fold?.description(d);
    }
    forEachFrame(chunk.frames, (id, bytes) => this.table.frame(id, bytes));
    const end = chunk.count * LOG_WIDTH;
    for (let at = 0; at < end; at += LOG_WIDTH) {
      this.table.logRow(chunk.log, at);
      const snapshot = this.fold?.row(chunk.log, at);
      if (snapshot) this.snapshots.push(snapshot);
    }
    this.uncommitted += chunk.count;
    if (this.uncommitted >= BATCH || chunk.commit) this.commit();
  }

  private commit(): void {
    this.table.commit();
    this.uncommitted = 0;
    if (this.snapshots.length === 0) return;
    this.table.snapshots(this.snapshots, this.snapshotMeta);
    this.snapshots = [];
    this.snapshotMeta = undefined;
  }
}
