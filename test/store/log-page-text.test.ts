import Database from 'better-sqlite3';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageTextSql, parsePageText } from '../../src/store/log-page-text.js';

const PAGE_SQL = 'SELECT l.seq, l.t, l.frame, l.cause, l.description FROM event_log AS l WHERE l.seq >= ? ORDER BY l.seq LIMIT 4096';

function parse(text: string | null, rows: number): number[] | undefined {
  const out = new Float64Array(rows * 5 + 2).fill(-1);
  return parsePageText(text, rows, out, 2) ? [...out.subarray(2)] : undefined;
}

describe('a page of event_log rows read as text', () => {
  it('gives each row as five numbers, a NULL frame or cause as NaN', () => {
    expect(parse('1,0,,,1;2,0,1,1,2;3,1152,1,2,3', 3)).toEqual([1, 0, NaN, NaN, 1, 2, 0, 1, 1, 2, 3, 1152, 1, 2, 3]);
    expect(parse(null, 0)).toEqual([]);
    expect(parse('9007199254740991,9007199254740991,,,1', 1)).toEqual([9007199254740991, 9007199254740991, NaN, NaN, 1]);
  });

  it('refuses anything that is not rows of five non-negative safe integers in increasing seq order', () => {
    for (const [text, rows] of [
      ['1,0,,,1;2,0,1,1,2', 1], // more rows than counted
      ['1,0,,,1', 2], // fewer
      [null, 1],
      ['', 1],
      ['1,0,,1', 1], // four fields
      ['1,0,,,1,7', 1], // six
      ['1,0,,,1;1,0,,,1', 2], // seq not increasing
      ['2,0,,,1;1,0,,,1', 2],
      [',0,,,1', 1], // NULL seq
      ['1,,,,1', 1], // NULL t
      ['1,0,,,', 1], // NULL description
      ['1,0.5,,,1', 1], // a REAL
      ['1,-5,,,1', 1], // negative
      ['1,0,x,,1', 1], // text
      ['1,9007199254740992,,,1', 1], // past 2^53
      ['1;0,,,1', 1], // a row cut short
    ] as const) {
      expect(parse(text, rows), `${text} as ${rows}`).toBeUndefined();
    }
  });

  it("reads what SQLite's paging query returns as rows, whatever the values", () => {
    const row = fc.tuple(
      fc.maxSafeNat(),
      fc.option(fc.maxSafeNat(), { nil: null }),
      fc.option(fc.maxSafeNat(), { nil: null }),
      fc.maxSafeNat(),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), fc.nat({ max: 5 }), (rows, gap) => {
        const db = new Database(':memory:');
        db.exec(
          'CREATE TABLE event_log (seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, frame INTEGER, cause INTEGER, description INTEGER NOT NULL)',
        );
        const insert = db.prepare('INSERT INTO event_log VALUES (?, ?, ?, ?, ?)');
        for (const [i, r] of rows.entries()) insert.run(1 + i * (gap + 1), ...r);
        const expected = (db.prepare(PAGE_SQL).raw().all(1) as Array<Array<number | null>>).flat().map((v) => v ?? NaN);
        const [count, , text] = db.prepare(pageTextSql(PAGE_SQL)).raw().get(1) as [number, number | null, string | null];
        db.close();
        expect(count).toBe(rows.length);
        expect(parse(text, count)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
