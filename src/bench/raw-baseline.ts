import { readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SimEvent } from '../events/event.js';
import { EventInserter } from '../store/event-insert.js';
import { toRowValues } from '../store/event-row.js';

const SCHEMA = readFileSync(new URL('../store/schema.sql', import.meta.url), 'utf8');

/**
 * The ceiling for recording: better-sqlite3 appending `count` rows of the
 * same schema, with the same values a real run produces (cycled from a
 * sample), frames stored once, in the same batch size and with the same
 * multi-row INSERT the recorder uses — and nothing else (no simulation, no
 * thread hand-off).
 */
export function rawAppend(path: string, sample: SimEvent[], count: number, batch = 8192): number {
  rmSync(path, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.exec(SCHEMA);
  const insert = new EventInserter(db);
  const insertFrame = db.prepare('INSERT OR IGNORE INTO frames (id, bytes) VALUES (?, ?)');
  const rows = sample.map(toRowValues);
  const frames = sample.filter((e) => e.bytes).map((e) => [e.frame!, e.bytes!] as const);
  const started = process.hrtime.bigint();
  const tx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const row = rows[i % rows.length]!;
      row[0] = i + 1;
      insert.addValues(row, 0);
    }
    insert.drain();
  });
  db.transaction(() => {
    for (const [id, bytes] of frames) insertFrame.run(id, bytes);
  })();
  for (let i = 0; i < count; i += batch) tx(i, Math.min(count, i + batch));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return seconds;
}

/** The ceiling for reading: a bare scan of the events table, every column. */
export function rawScan(path: string): { rows: number; seconds: number } {
  const db = new Database(path, { readonly: true });
  const started = process.hrtime.bigint();
  let rows = 0;
  for (const _ of db.prepare('SELECT * FROM events ORDER BY seq').raw().iterate()) rows++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { rows, seconds };
}
