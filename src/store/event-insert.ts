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
const SHORT_ROWS = 16;

/**
 * Inserts descriptions: few in a storm, one every few events where each reads
 * differently (hosts reading each other's ARP requests). Most set only kind,
 * node, port and why; those go SHORT_ROWS to a statement of five parameters
 * each instead of thirteen (each bound parameter, and each statement run,
 * costs about as much as a small row's other work). Rows may reach the table
 * out of id order; the primary key orders them.
 */
export class DescriptionInserter {
  private readonly full: Database.Statement;
  private readonly shortOne: Database.Statement;
  private readonly shortMany: Database.Statement;
  private readonly block = new Array<unknown>(SHORT_WIDTH * SHORT_ROWS);
  private readonly single = new Array<unknown>(SHORT_WIDTH);
  private held = 0;

  constructor(db: Database.Database) {
    this.full = db.prepare(insertSql('descriptions', DESCRIPTION_COLUMNS, 1));
    const short = DESCRIPTION_COLUMNS.slice(0, SHORT_WIDTH);
    this.shortOne = db.prepare(insertSql('descriptions', short, 1));
    this.shortMany = db.prepare(insertSql('descriptions', short, SHORT_ROWS));
  }

  add(d: DescriptionValues): void {
    for (let c = SHORT_WIDTH; c < d.length; c++) {
      if (d[c] !== null) {
        this.full.run(d);
        return;
      }
    }
    const base = this.held * SHORT_WIDTH;
    for (let c = 0; c < SHORT_WIDTH; c++) this.block[base + c] = d[c];
    if (++this.held === SHORT_ROWS) {
      this.shortMany.run(this.block);
      this.held = 0;
    }
  }

  /** Inserts the short rows still held, one statement each. */
  drain(): void {
    for (let i = 0; i < this.held; i++) {
      for (let c = 0; c < SHORT_WIDTH; c++) this.single[c] = this.block[i * SHORT_WIDTH + c];
      this.shortOne.run(this.single);
    }
    this.held = 0;
  }
}
