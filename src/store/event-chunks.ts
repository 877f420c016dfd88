import type Database from 'better-sqlite3';
import { EVENT_COLUMNS } from './event-row.js';
import { EventTable } from './event-table.js';

/** Events per committed transaction. */
const BATCH = 8192;
const WIDTH = EVENT_COLUMNS.length;

/**
 * A run of consecutive events on their way to the events table: their row
 * values flat (EVENT_COLUMNS order), the frames first seen in them, and the
 * snapshots that may be stored once they are committed.
 */
export interface EventChunk {
  rows: unknown[];
  frames: Array<[number, Uint8Array]>;
  snapshots: Array<[number, string]>;
  snapshotMeta: Record<string, string> | undefined;
  /** Commit once written (flush, finish): what has been sent so far survives an interruption. */
  commit: boolean;
}

/**
 * Writes chunks in order on one connection, committing every BATCH events
 * and when a chunk asks. Snapshots wait for the commit of the events they
 * follow (a recording cut short holds no snapshot past its last event). The
 * same code runs in the recorder's worker thread and, where there is none,
 * in the simulating thread.
 */
export class ChunkWriter {
  private readonly table: EventTable;
  private uncommitted = 0;
  private snapshots: Array<[number, string]> = [];
  private snapshotMeta: Record<string, string> | undefined;

  constructor(db: Database.Database) {
    this.table = new EventTable(db);
  }

  write(chunk: EventChunk): void {
    for (const [id, bytes] of chunk.frames) this.table.frame(id, bytes);
    for (let at = 0; at < chunk.rows.length; at += WIDTH) this.table.row(chunk.rows, at);
    this.uncommitted += chunk.rows.length / WIDTH;
    this.snapshots.push(...chunk.snapshots);
    this.snapshotMeta ??= chunk.snapshotMeta;
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
