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

/** id, kind, node, port, why: the columns every description has. */
const SHORT_WIDTH = 5;
/** Where an app line's text and channel are in a description row (DESCRIPTION_COLUMNS). */
const TEXT = DESCRIPTION_COLUMNS.indexOf('text');
const CHANNEL = DESCRIPTION_COLUMNS.indexOf('channel');
const BATCH_ROWS = 16;

/**
 * Description rows of one shape (the columns `from` picks of each), BATCH_ROWS
 * to a statement, the rest one statement each when drained.
 */
class RowBatch {
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly block: unknown[];
  private readonly single: unknown[];
  private held = 0;

  constructor(
    db: Database.Database,
    columns: readonly string[],
    private readonly from: readonly number[],
  ) {
    this.one = db.prepare(insertSql('descriptions', columns, 1));
    this.many = db.prepare(insertSql('descriptions', columns, BATCH_ROWS));
    this.block = new Array<unknown>(from.length * BATCH_ROWS);
    this.single = new Array<unknown>(from.length);
  }

  /** Holds the row's values at `from`'s indexes; runs the statement when BATCH_ROWS are held. */
  add(d: DescriptionValues): void {
    const width = this.from.length;
    const base = this.held * width;
    for (let c = 0; c < width; c++) this.block[base + c] = d[this.from[c]!];
    if (++this.held === BATCH_ROWS) {
      this.many.run(this.block);
      this.held = 0;
    }
  }

  drain(): void {
    const width = this.from.length;
    for (let i = 0; i < this.held; i++) {
      for (let c = 0; c < width; c++) this.single[c] = this.block[i * width + c];
      this.one.run(this.single);
    }
    this.held = 0;
  }
}

/**
 * Inserts descriptions: few in a storm, one every few events where each reads
 * differently (hosts reading each other's ARP requests; every line a program
 * prints). Most set only kind, node, port and why; those go BATCH_ROWS to a
 * statement of five parameters each instead of seventeen (each bound
 * parameter, and each statement run, costs about as much as a small row's
 * other work). An app line adds only its text and channel: those go BATCH_ROWS
 * to a statement of seven (on 100 pinging pairs, 285,000 of 287,000
 * descriptions). Rows may reach the table out of id order; the primary key
 * orders them.
 */
export class DescriptionInserter {
  private readonly full: Database.Statement;
  private readonly short: RowBatch;
  private readonly lines: RowBatch;

  constructor(db: Database.Database) {
    this.full = db.prepare(insertSql('descriptions', DESCRIPTION_COLUMNS, 1));
    const short = [0, 1, 2, 3, 4];
    this.short = new RowBatch(db, DESCRIPTION_COLUMNS.slice(0, SHORT_WIDTH), short);
    this.lines = new RowBatch(db, [...DESCRIPTION_COLUMNS.slice(0, SHORT_WIDTH), 'text', 'channel'], [...short, TEXT, CHANNEL]);
  }

  add(d: DescriptionValues): void {
    let line = false;
    for (let c = SHORT_WIDTH; c < d.length; c++) {
      if (d[c] === null) continue;
      if (c === TEXT || c === CHANNEL) line = true;
      else {
        this.full.run(d);
        return;
      }
    }
    (line ? this.lines : this.short).add(d);
  }

  /** Inserts the rows still held, one statement each. */
  drain(): void {
    this.short.drain();
    this.lines.drain();
  }
}
