import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BlockPages, PAGE_EVENTS } from '../../src/store/block-pages.js';
import { LOG_WIDTH } from '../../src/store/log-blocks.js';
import { RecordingError } from '../../src/store/recording.js';

/** An in-memory event_blocks of `blocks` blocks of `size` events each: event seq at time 10 * seq, caused by the one before, description 1 + seq % 3. */
function recording(blocks: number, size: number): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE event_blocks (first INTEGER PRIMARY KEY, t INTEGER NOT NULL, events TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO event_blocks VALUES (?, ?, ?)');
  for (let b = 0; b < blocks; b++) {
    const first = 1 + b * size;
    const events = Array.from(
      { length: size },
      (_, i) => `[${10 * i},${(first + i) % 2},${first + i > 1 ? 1 : 0},${1 + ((first + i) % 3)}]`,
    );
    insert.run(first, 10 * first, `[${events.join(',')}]`);
  }
  return db;
}

/** Every event from seq `from` on, as [seq, t, frame, cause, description] (NaN for none). */
function scan(pages: BlockPages, from: number): number[][] {
  const out: number[][] = [];
  const v = new Float64Array(PAGE_EVENTS * LOG_WIDTH);
  for (let next: number | undefined = pages.startOf(from); next !== undefined; ) {
    const page = pages.read(next, v, 0);
    for (let i = 0; i < page.events; i++) out.push([...v.subarray(i * LOG_WIDTH, (i + 1) * LOG_WIDTH)]);
    next = page.next;
  }
  return out.filter((e) => e[0]! >= from);
}

const expected = (seq: number): number[] => [seq, 10 * seq, seq % 2 === 0 ? NaN : 1, seq > 1 ? seq - 1 : NaN, 1 + (seq % 3)];

describe('reading event blocks a page at a time', () => {
  it('gives every event once, in seq order, across pages, from any seq', () => {
    // 150 blocks of 40: three pages of 64 blocks, the last one short.
    const pages = new BlockPages('rec.db', recording(150, 40));
    expect(scan(pages, 1)).toEqual(Array.from({ length: 6000 }, (_, i) => expected(i + 1)));
    expect(scan(pages, 2601).map((e) => e[0])).toEqual(Array.from({ length: 3400 }, (_, i) => 2601 + i));
    expect(pages.startOf(2601)).toBe(2601);
    expect(pages.startOf(2620)).toBe(2601);
    expect(pages.lastSeq()).toBe(6000);
    const one = new Float64Array(LOG_WIDTH);
    expect(pages.event(4321, one)).toBe(true);
    expect([...one]).toEqual(expected(4321));
    expect(pages.event(6001, one)).toBe(false);
    expect(new BlockPages('rec.db', recording(0, 1)).lastSeq()).toBe(0);
  });

  it('names a gap, and a block that starts inside the one before', () => {
    const gap = recording(10, 20);
    gap.exec('DELETE FROM event_blocks WHERE first = 61');
    expect(() => scan(new BlockPages('rec.db', gap), 1)).toThrow(
      'rec.db: damaged recording: event_log has no events 61-80 (the next one stored is 81)',
    );
    const overlap = recording(10, 20);
    overlap.exec('UPDATE event_blocks SET first = 75 WHERE first = 81');
    expect(() => scan(new BlockPages('rec.db', overlap), 1)).toThrow('event_log holds event 75 again after event 80');
  });

  it('names the event and the field a damaged block gets wrong, as for a damaged row', () => {
    const cases: Array<[string, string | RegExp]> = [
      ['[[0,1,0,1],["soon",1,1,1]]', `event 22's time t is "soon", not a whole number of nanoseconds`],
      ['[[0,1,0,1],[5,"x",1,1]]', `event 22's frame is "x", not a frame id`],
      ['[[0,1,0,1],[5,1,-3,1]]', "event 22's cause is 25, not an earlier event"],
      ['[[0,1,0,1],[5,1,1,0]]', 'event 22 names description 0, which is not stored'],
      ['[[0,1,0,1],[5,1,1]]', 'the event block at 21 does not hold events as hoplab writes them'],
      ['not json', 'the event block at 21 does not hold events as hoplab writes them'],
    ];
    for (const [events, message] of cases) {
      const db = recording(3, 20);
      db.prepare('UPDATE event_blocks SET events = ? WHERE first = 21').run(events);
      expect(() => scan(new BlockPages('rec.db', db), 1), events).toThrow(message);
    }
    const db = recording(3, 20);
    db.exec("UPDATE event_blocks SET t = 'x' WHERE first = 41");
    expect(() => scan(new BlockPages('rec.db', db), 1)).toThrow('the event block at 41 has time x, not a whole number of nanoseconds');
  });

  it('refuses a block longer than any hoplab writes without parsing it again', () => {
    const db = recording(2, 20);
    const long = `[${Array<string>(20_000).fill('[0,"x",0,1]').join(',')}]`;
    db.prepare('UPDATE event_blocks SET events = ? WHERE first = 21').run(long);
    const error = (() => {
      try {
        scan(new BlockPages('rec.db', db), 1);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RecordingError);
    expect((error as Error).message).toMatch(/the event block at 21 does not hold events as hoplab writes them/);
  });
});
