import type Database from 'better-sqlite3';
import { DESCRIPTION_COLUMNS, type DescriptionValues } from './descriptions.js';

/** The event_log table's columns, in insert order (positional parameters are the fastest binding). */
export const LOG_COLUMNS = ['seq', 't', 'frame', 'cause', 'description'] as const;
export const LOG_WIDTH = LOG_COLUMNS.length;

/**
 * Rows per INSERT statement: each statement run crosses from JavaScript into
 * SQLite once, and that crossing, with binding each parameter, is most of a
 * small row's cost. Measured on five-column rows: past 32 the gain flattens.
 */
const ROWS = 32;

function insertSql(table: string, columns: readonly string[], rows: number): string {
  const row = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO ${table} (${columns.join(',')}) VALUES ${Array<string>(rows).fill(row).join(',')}`;
}

/**
 * Inserts event_log rows ROWS per statement. A chunk carries them as numbers
 * (LOG_COLUMNS order), with 0 for "no frame" and "no cause" (frame ids and
 * seqs start at 1), stored as NULL.
 */
export class LogInserter {
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly single = new Array<number | null>(LOG_WIDTH);
  private readonly block = new Array<number | null>(LOG_WIDTH * ROWS);
  private held = 0;

  constructor(db: Database.Database) {
    this.one = db.prepare(insertSql('event_log', LOG_COLUMNS, 1));
    this.many = db.prepare(insertSql('event_log', LOG_COLUMNS, ROWS));
  }

  /** Adds the row at `values[at]` on (LOG_COLUMNS order, 0 for absent frame or cause). */
  add(values: ArrayLike<number>, at: number): void {
    const b = this.block;
    const base = this.held * LOG_WIDTH;
    b[base] = values[at]!;
    b[base + 1] = values[at + 1]!;
    b[base + 2] = values[at + 2] || null;
    b[base + 3] = values[at + 3] || null;
    b[base + 4] = values[at + 4]!;
    if (++this.held === ROWS) {
      this.many.run(b);
      this.held = 0;
    }
  }

  /** Inserts the rows still held (fewer than ROWS), one statement each. */
  drain(): void {
    for (let i = 0; i < this.held; i++) {
      for (let c = 0; c < LOG_WIDTH; c++) this.single[c] = this.block[i * LOG_WIDTH + c]!;
      this.one.run(this.single);
    }
    this.held = 0;
  }
}

/** Inserts descriptions (few: one per distinct description). */
export class DescriptionInserter {
  private readonly stmt: Database.Statement;

  constructor(db: Database.Database) {
    this.stmt = db.prepare(insertSql('descriptions', DESCRIPTION_COLUMNS, 1));
  }

  add(d: DescriptionValues): void {
    this.stmt.run(d);
  }
}
