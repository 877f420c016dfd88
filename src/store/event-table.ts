import type Database from 'better-sqlite3';
import type { DescriptionValues } from './descriptions.js';
import { DescriptionInserter, LogInserter } from './event-insert.js';

/** Writes meta keys in one transaction (a savepoint inside an open one). */
export function writeMeta(db: Database.Database, values: Record<string, string>): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) stmt.run(k, v);
  })();
}

/**
 * The event-time writes of a recording on one connection: frames, events and
 * snapshots. A transaction opens at the first write after a commit and stays
 * open until commit(): the chunk writer decides how many events a
 * transaction holds.
 */
export class EventTable {
  private readonly log: LogInserter;
  private readonly descriptions: DescriptionInserter;
  private readonly insertFrame: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly end: Database.Statement;
  private open = false;

  constructor(private readonly db: Database.Database) {
    this.log = new LogInserter(db);
    this.descriptions = new DescriptionInserter(db);
    this.insertFrame = db.prepare('INSERT OR IGNORE INTO frames (id, bytes) VALUES (?, ?)');
    this.begin = db.prepare('BEGIN');
    this.end = db.prepare('COMMIT');
  }

  private ensureOpen(): void {
    if (this.open) return;
    this.begin.run();
    this.open = true;
  }

  frame(id: number, bytes: Uint8Array): void {
    this.ensureOpen();
    this.insertFrame.run(id, bytes);
  }

  description(d: DescriptionValues): void {
    this.ensureOpen();
    this.descriptions.add(d);
  }

  /** One event's event_log row, from `values[at]` on (LOG_COLUMNS order, 0 for absent frame or cause). */
  logRow(values: ArrayLike<number>, at: number): void {
    this.ensureOpen();
    this.log.add(values, at);
  }

  commit(): void {
    if (!this.open) return;
    this.log.drain();
    this.descriptions.drain();
    this.end.run();
    this.open = false;
  }

  /** Stores folded states (after the events they follow are committed) and, the first time, the snapshot meta keys. */
  snapshots(rows: Array<[number, string | Uint8Array]>, meta: Record<string, string> | undefined): void {
    this.commit();
    const insert = this.db.prepare('INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [seq, state] of rows) insert.run(seq, state);
    })();
    if (meta) writeMeta(this.db, meta);
  }
}
