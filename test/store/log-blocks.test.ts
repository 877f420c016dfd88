import Database from 'better-sqlite3';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_EVENTS, LogBlockBuilder, parseLogBlock } from '../../src/store/log-blocks.js';

/** A run's rows: seq from `first` on, times never decreasing, causes earlier events or 0, frames 0 or an id. */
const rows = (first: number) =>
  fc
    .array(fc.tuple(fc.nat({ max: 5_000_000 }), fc.option(fc.maxSafeNat(), { nil: 0 }), fc.nat(), fc.integer({ min: 1, max: 2 ** 40 })), {
      minLength: 1,
      maxLength: 3 * BLOCK_EVENTS,
    })
    .map((picked) => {
      const out: number[][] = [];
      let t = 0;
      for (const [i, [dt, frame, back, description]] of picked.entries()) {
        const seq = first + i;
        t += dt;
        out.push([seq, t, frame, back % seq === 0 ? 0 : seq - (back % seq), description]);
      }
      return out;
    });

/** Builds blocks of `log` as the recorder does: a row that does not fit ends the block. */
function blocks(log: number[][]): Array<{ first: number; t: number; events: string }> {
  const builder = new LogBlockBuilder();
  const out: Array<{ first: number; t: number; events: string }> = [];
  const end = (): void => {
    const { first, t } = builder;
    out.push({ first, t, events: builder.take() });
  };
  for (const row of log) {
    if (!builder.fits(row, 0)) end();
    builder.add(row, 0);
  }
  if (builder.count > 0) end();
  return out;
}

function parsed(first: number, t: number, text: string): number[] | undefined {
  const out = new Float64Array(BLOCK_EVENTS * 5 + 2).fill(-1);
  const count = parseLogBlock(first, t, text, out, 2);
  return count < 0 ? undefined : [...out.subarray(2, 2 + count * 5)];
}

/** A row as a reader gives it: no frame or cause as NaN. */
const asRead = (row: number[]): number[] => row.map((v, i) => ((i === 2 || i === 3) && v === 0 ? NaN : v));

describe('events stored in blocks', () => {
  it('writes each event as [dt, frame, back, description] from the block start', () => {
    const log = [
      [7, 1000, 0, 0, 1],
      [8, 1000, 3, 7, 2],
      [9, 2152, 3, 8, 12],
    ];
    expect(blocks(log)).toEqual([{ first: 7, t: 1000, events: '[[0,0,0,1],[0,3,1,2],[1152,3,1,12]]' }]);
  });

  it('reads back every run of rows it wrote, in blocks of at most BLOCK_EVENTS', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.context(), (first, ctx) => {
        fc.assert(
          fc.property(rows(first), (log) => {
            const stored = blocks(log);
            ctx.log(JSON.stringify(stored));
            expect(stored.every((b) => JSON.parse(b.events).length <= BLOCK_EVENTS)).toBe(true);
            expect(stored.flatMap((b) => parsed(b.first, b.t, b.events) ?? [-1])).toEqual(log.flatMap(asRead));
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it('starts a new block at a gap in seq or a time that goes back', () => {
    const log = [
      [1, 50, 0, 0, 1],
      [2, 60, 0, 0, 1],
      [4, 60, 0, 0, 1], // seq 3 missing
      [5, 10, 0, 0, 1], // earlier than the block's start
    ];
    expect(blocks(log).map((b) => [b.first, b.t])).toEqual([
      [1, 50],
      [4, 60],
      [5, 10],
    ]);
  });

  it('is read by SQLite as rows with json_each, as a sqlite3 user reads it', () => {
    fc.assert(
      fc.property(rows(1), (log) => {
        const db = new Database(':memory:');
        db.exec('CREATE TABLE event_blocks (first INTEGER PRIMARY KEY, t INTEGER NOT NULL, events TEXT NOT NULL)');
        const insert = db.prepare('INSERT INTO event_blocks VALUES (?, ?, ?)');
        for (const b of blocks(log)) insert.run(b.first, b.t, b.events);
        const read = db
          .prepare(
            `SELECT b.first + e.key, b.t + (e.value ->> 0), e.value ->> 1, iif(e.value ->> 2 = 0, 0, b.first + e.key - (e.value ->> 2)), e.value ->> 3
             FROM event_blocks AS b, json_each(b.events) AS e ORDER BY 1`,
          )
          .raw()
          .all();
        db.close();
        expect(read).toEqual(log);
      }),
      { numRuns: 30 },
    );
  });

  it('accepts JSON whitespace, as a block edited by hand may hold', () => {
    expect(parsed(3, 10, ' [ [ 0 , 1 , 0 , 2 ] ,\n\t[5,0,1,3] ] ')).toEqual([3, 10, 1, NaN, 2, 4, 15, NaN, 3, 3]);
  });

  it('refuses anything that is not a block of well-formed events', () => {
    const tooMany = `[${Array<string>(BLOCK_EVENTS + 1)
      .fill('[0,0,0,1]')
      .join(',')}]`;
    for (const [first, text] of [
      [1, ''],
      [1, '[]'], // no event
      [1, '[[0,0,0,1]'], // unclosed
      [1, '[[0,0,0,1]]x'], // trailing text
      [1, '[[0,0,0]]'], // three numbers
      [1, '[[0,0,0,1,5]]'], // five
      [1, '[[0,0,0,0]]'], // description 0
      [1, '[[-1,0,0,1]]'], // time going back from the block's start
      [1, '[[0.5,0,0,1]]'], // not an integer
      [1, '[[1e3,0,0,1]]'],
      [1, '[[01,0,0,1]]'], // a leading zero: not JSON
      [1, '[[0,"1",0,1]]'], // text
      [1, '[[0,0,null,1]]'],
      [1, '[[9007199254740992,0,0,1]]'], // past 2^53
      [1, '[[0,0,1,1]]'], // cause 0: seq 1 has no earlier event
      [5, '[[0,0,5,1]]'], // cause 0
      [5, '[[0,0,0,1],[0,0,6,1]]'], // seq 6's cause 0
      [1, tooMany],
    ] as const) {
      expect(parsed(first, 0, text), text.slice(0, 40)).toBeUndefined();
    }
    expect(parsed(1, 2 ** 53 - 1, '[[1,0,0,1]]'), 'a time past 2^53').toBeUndefined();
  });
});
