import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogInserter } from '../../src/store/event-insert.js';
import { BLOCK_EVENTS, LOG_COLUMNS } from '../../src/store/log-blocks.js';

// LogInserter puts rows that follow one another in blocks of up to
// BLOCK_EVENTS (log-blocks.ts) and starts a new block at any other row and at
// a drain. Whatever the seqs, the drains and the rows the table already held,
// event_log gives back every row with the seq it was given.

const SCHEMA = readFileSync(new URL('../../src/store/schema.sql', import.meta.url), 'utf8');

/** Seqs that go up by one, mostly, with jumps forward now and then. */
const steps = fc.array(fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 40 }) }), {
  maxLength: 150,
});

interface Row {
  seq: number;
  t: number;
  frame: number | null;
  cause: number | null;
  description: number;
}

function rowsFrom(first: number, gaps: number[]): Row[] {
  let seq = first;
  return gaps.map((gap, i) => {
    seq += gap;
    return { seq, t: 1000 * seq, frame: i % 3 === 0 ? null : i, cause: i % 4 === 0 ? null : seq - 1, description: 1 + (i % 5) };
  });
}

function insert(db: Database.Database, rows: Row[], drainEvery: number): void {
  const inserter = new LogInserter(db);
  const values: number[] = [];
  db.transaction(() => {
    rows.forEach((r, i) => {
      values.length = 0;
      values.push(r.seq, r.t, r.frame ?? 0, r.cause ?? 0, r.description);
      inserter.add(values, 0);
      if ((i + 1) % drainEvery === 0) inserter.drain();
    });
    inserter.drain();
  })();
}

const stored = (db: Database.Database): Row[] => db.prepare(`SELECT ${LOG_COLUMNS.join(', ')} FROM event_log ORDER BY seq`).all() as Row[];

describe('LogInserter', () => {
  it('stores every row with its own seq, in order or not, across batches and drains', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 100 }), (gaps, drainEvery) => {
        const db = new Database(':memory:');
        db.exec(SCHEMA);
        const rows = rowsFrom(0, gaps);
        insert(db, rows, drainEvery);
        expect(stored(db)).toEqual(rows);
        db.close();
      }),
      { numRuns: 300 },
    );
  });

  it('stores consecutive rows BLOCK_EVENTS to a block until a drain', () => {
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    const rows = rowsFrom(0, Array<number>(3 * BLOCK_EVENTS + 5).fill(1));
    insert(db, rows, 2 * BLOCK_EVENTS + 1);
    const counts = db.prepare('SELECT json_array_length(events) FROM event_blocks ORDER BY first').pluck().all();
    expect(counts).toEqual([BLOCK_EVENTS, BLOCK_EVENTS, 1, BLOCK_EVENTS, 4]);
    expect(stored(db)).toEqual(rows);
    db.close();
  });

  it('gives seqs rightly beside rows the table already holds, before or after theirs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), steps, (held, after, gaps) => {
        const db = new Database(':memory:');
        db.exec(SCHEMA);
        // A row already there: the new ones start past it, or below it (far enough not to meet it).
        const earlier = rowsFrom((after ? 0 : 10_000) + held - 1, [1]);
        insert(db, earlier, 1);
        const rows = rowsFrom(after ? earlier[0]!.seq : 0, gaps);
        insert(db, rows, 64);
        expect(stored(db)).toEqual(after ? [...earlier, ...rows] : [...rows, ...earlier]);
        db.close();
      }),
      { numRuns: 200 },
    );
  });

  it('stores a run of consecutive seqs past one statement as given', () => {
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    const rows = rowsFrom(0, new Array<number>(1000).fill(1));
    insert(db, rows, 1001);
    expect(stored(db)).toEqual(rows);
    db.close();
  });
});
