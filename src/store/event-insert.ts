import type Database from 'better-sqlite3';
import { DESCRIPTION_COLUMNS, type DescriptionValues } from './descriptions.js';
import { BLOCK_EVENTS, LogBlockBuilder } from './log-blocks.js';

function insertSql(table: string, columns: readonly string[], rows: number): string {
  const row = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO ${table} (${columns.join(',')}) VALUES ${Array<string>(rows).fill(row).join(',')}`;
}

/**
 * Inserts events as event_blocks rows (log-blocks.ts). A chunk carries them
 * as numbers (LOG_COLUMNS order), with 0 for "no frame" and "no cause"
 * (frame ids and seqs start at 1). A block ends when it is full, at a row
 * that does not follow it (none in a run; a caller may still send one), and
 * when drained: a commit stores every event it was given.
 */
export class LogInserter {
  private readonly insert: Database.Statement;
  private readonly block = new LogBlockBuilder();

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO event_blocks (first, t, events) VALUES (?, ?, ?)');
  }

  /** Adds the row at `values[at]` on (LOG_COLUMNS order, 0 for absent frame or cause). */
  add(values: ArrayLike<number>, at: number): void {
    if (!this.block.fits(values, at)) this.drain();
    this.block.add(values, at);
    if (this.block.count === BLOCK_EVENTS) this.drain();
  }

  /** Inserts the block being built, however few events it holds. */
  drain(): void {
    if (this.block.count === 0) return;
    const { first, t } = this.block;
    this.insert.run(first, t, this.block.take());
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
