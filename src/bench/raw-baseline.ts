import { readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SimEvent } from '../events/event.js';
import { DescriptionInterner } from '../store/descriptions.js';
import { BlockPages, PAGE_EVENTS } from '../store/block-pages.js';
import { logPages } from '../store/log-pages.js';
import { DescriptionInserter, LogInserter } from '../store/event-insert.js';
import { LOG_WIDTH } from '../store/log-blocks.js';

const SCHEMA = readFileSync(new URL('../store/schema.sql', import.meta.url), 'utf8');

/**
 * The ceiling for recording: better-sqlite3 appending `count` rows of the
 * same schema, with the same values a real run produces (cycled from a
 * sample), frames and descriptions stored once, in the same batch size and
 * in the same blocks the recorder writes (log-blocks.ts), and nothing else (no
 * simulation, no event objects, no thread hand-off).
 */
export function rawAppend(path: string, sample: SimEvent[], count: number, batch = 8192): number {
  rmSync(path, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.exec(SCHEMA);
  const insert = new LogInserter(db);
  const insertDescription = new DescriptionInserter(db);
  const insertFrame = db.prepare('INSERT OR IGNORE INTO frames (id, bytes) VALUES (?, ?)');
  const interner = new DescriptionInterner();
  const rows = sample.map((e) => [e.seq, e.t, e.frame ?? 0, e.cause ?? 0, interner.idOf(e)]);
  const descriptions = interner.takeFresh();
  const frames = sample.filter((e) => e.bytes).map((e) => [e.frame!, e.bytes!] as const);
  const started = process.hrtime.bigint();
  const tx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const row = rows[i % rows.length]!;
      row[0] = i + 1;
      insert.add(row, 0);
    }
    insert.drain();
  });
  db.transaction(() => {
    for (const [id, bytes] of frames) insertFrame.run(id, bytes);
    for (const d of descriptions) insertDescription.add(d);
  })();
  for (let i = 0; i < count; i += batch) tx(i, Math.min(count, i + batch));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return seconds;
}

/**
 * The ceiling for reading: a bare scan of the event blocks, every event parsed
 * into numbers as the reader parses them (block-pages.ts), nothing done with
 * them. A description is read once per recording, not per event, so it is not
 * part of the scan.
 */
export function rawScan(path: string): { rows: number; seconds: number } {
  const db = new Database(path, { readonly: true });
  const started = process.hrtime.bigint();
  const pages = new BlockPages(path, db);
  const values = new Float64Array(PAGE_EVENTS * LOG_WIDTH);
  let rows = 0;
  for (const events of logPages(pages, 1, values)) rows += events;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { rows, seconds };
}
