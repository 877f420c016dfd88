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

/** The columns after seq: SQLite gives a row whose seq is left out the next one (see LogInserter). */
const AFTER_SEQ = LOG_COLUMNS.slice(1);
const AFTER_SEQ_WIDTH = AFTER_SEQ.length;

/**
 * Inserts event_log rows ROWS per statement. A chunk carries them as numbers
 * (LOG_COLUMNS order), with 0 for "no frame" and "no cause" (frame ids and
 * seqs start at 1), stored as NULL.
 *
 * A run's seqs are 1, 2, 3 ... in order, and a rowid table gives a row
 * inserted without its INTEGER PRIMARY KEY one more than the largest it holds
 * (https://sqlite.org/autoinc.html). So a row whose seq is the next one is
 * inserted without it: four parameters to bind instead of five, a fifth less
 * of the statement's cost, the same row. A row out of that order (none in a
 * run; a caller may still send one) drains what is held and is inserted with
 * its seq.
 */
export class LogInserter {
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly explicit: Database.Statement;
  private readonly single = new Array<number | null>(AFTER_SEQ_WIDTH);
  private readonly block = new Array<number | null>(AFTER_SEQ_WIDTH * ROWS);
  private held = 0;
  /** The largest seq in the table once the held rows are in: the next row without a seq gets one more. */
  private last: number;

  constructor(db: Database.Database) {
    this.one = db.prepare(insertSql('event_log', AFTER_SEQ, 1));
    this.many = db.prepare(insertSql('event_log', AFTER_SEQ, ROWS));
    this.explicit = db.prepare(insertSql('event_log', LOG_COLUMNS, 1));
    this.last = (db.prepare('SELECT max(seq) AS last FROM event_log').get() as { last: number | null }).last ?? 0;
  }

  /** Adds the row at `values[at]` on (LOG_COLUMNS order, 0 for absent frame or cause). */
  add(values: ArrayLike<number>, at: number): void {
    const seq = values[at]!;
    if (seq !== this.last + 1) {
      this.addWithSeq(values, at);
      return;
    }
    this.last = seq;
    const b = this.block;
    const base = this.held * AFTER_SEQ_WIDTH;
    b[base] = values[at + 1]!;
    b[base + 1] = values[at + 2] || null;
    b[base + 2] = values[at + 3] || null;
    b[base + 3] = values[at + 4]!;
    if (++this.held === ROWS) {
      this.many.run(b);
      this.held = 0;
    }
  }

  /** A row out of seq order: what is held goes in first, then this row with its seq. */
  private addWithSeq(values: ArrayLike<number>, at: number): void {
    this.drain();
    const seq = values[at]!;
    this.explicit.run(seq, values[at + 1]!, values[at + 2] || null, values[at + 3] || null, values[at + 4]!);
    this.last = Math.max(this.last, seq);
  }

  /** Inserts the rows still held (fewer than ROWS), one statement each. */
  drain(): void {
    for (let i = 0; i < this.held; i++) {
      for (let c = 0; c < AFTER_SEQ_WIDTH; c++) this.single[c] = this.block[i * AFTER_SEQ_WIDTH + c]!;
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
