import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PAGE_EVENTS } from '../../src/store/block-pages.js';
import { LOG_WIDTH } from '../../src/store/log-blocks.js';
import { logPages } from '../../src/store/log-pages.js';
import { RowPages } from '../../src/store/row-pages.js';

/** An in-memory event_log (schema versions 2 to 5) of `events` rows: event seq at time 10 * seq, caused by the one before, description 1 + seq % 3. */
function recording(events: number): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE event_log (seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, frame INTEGER, cause INTEGER, description INTEGER NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO event_log VALUES (?, ?, ?, ?, ?)');
  for (let seq = 1; seq <= events; seq++) insert.run(seq, 10 * seq, seq % 2 === 0 ? null : 1, seq > 1 ? seq - 1 : null, 1 + (seq % 3));
  return db;
}

/** Every event from seq `from` on, as [seq, t, frame, cause, description] (NaN for none). */
function scan(pages: RowPages, from: number): number[][] {
  const out: number[][] = [];
  const v = new Float64Array(PAGE_EVENTS * LOG_WIDTH);
  for (const events of logPages(pages, from, v))
    for (let i = 0; i < events; i++) out.push([...v.subarray(i * LOG_WIDTH, (i + 1) * LOG_WIDTH)]);
  return out;
}

const expected = (seq: number): number[] => [seq, 10 * seq, seq % 2 === 0 ? NaN : 1, seq > 1 ? seq - 1 : NaN, 1 + (seq % 3)];

describe('reading event_log rows (schema versions 2 to 5) a page at a time', () => {
  it('gives every row once, in seq order, across pages, from any seq', () => {
    const pages = new RowPages('rec.db', recording(2 * PAGE_EVENTS + 100));
    expect(scan(pages, 1)).toEqual(Array.from({ length: 2 * PAGE_EVENTS + 100 }, (_, i) => expected(i + 1)));
    expect(scan(pages, 5000).map((e) => e[0])).toEqual(Array.from({ length: 2 * PAGE_EVENTS + 100 - 4999 }, (_, i) => 5000 + i));
    expect(scan(new RowPages('rec.db', recording(0)), 1)).toEqual([]);
    expect(scan(new RowPages('rec.db', recording(PAGE_EVENTS)), 1)).toHaveLength(PAGE_EVENTS);
  });

  it('names the row and the field a damaged page gets wrong, whether its text parses or not', () => {
    const cases: Array<[string, string]> = [
      ["UPDATE event_log SET t = 'soon' WHERE seq = 5000", `event 5000's time t is "soon", not a whole number of nanoseconds`],
      ['UPDATE event_log SET t = 1.5 WHERE seq = 5000', `event 5000's time t is 1.5, not a whole number of nanoseconds`],
      ['UPDATE event_log SET frame = 0 WHERE seq = 5000', "event 5000's frame is 0, not a frame id"],
      ['UPDATE event_log SET cause = 0 WHERE seq = 5000', "event 5000's cause is 0, not an earlier event"],
      ['UPDATE event_log SET cause = 5000 WHERE seq = 5000', "event 5000's cause is 5000, not an earlier event"],
      ['UPDATE event_log SET cause = 6000 WHERE seq = 5000', "event 5000's cause is 6000, not an earlier event"],
      ['UPDATE event_log SET description = 0 WHERE seq = 5000', 'event 5000 names description 0, which is not stored'],
      ["UPDATE event_log SET description = 'x' WHERE seq = 5000", 'event 5000 names description x, which is not stored'],
    ];
    for (const [sql, message] of cases) {
      const db = recording(PAGE_EVENTS + 2000);
      db.exec(sql);
      expect(() => scan(new RowPages('rec.db', db), 1), sql).toThrow(`rec.db: damaged recording: ${message}`);
    }
  });
});
