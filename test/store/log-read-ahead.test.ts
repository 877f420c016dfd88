import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { alteredCopy, asSchemaV5 } from '../helpers/altered-recording.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// The read-ahead thread runs the same source as the reader (under vitest its
// worker loads the TypeScript through tsx, store/worker-thread.ts); what the
// reader gives in this thread is the expected answer.

/** Threads the read-ahead started (each scan starts one). */
const threads = vi.hoisted(() => ({ started: 0 }));
vi.mock('../../src/store/worker-thread.js', async (original) => {
  const actual = await original<typeof import('../../src/store/worker-thread.js')>();
  return {
    ...actual,
    startWorker: (...args: Parameters<typeof actual.startWorker>) => {
      threads.started++;
      return actual.startWorker(...args);
    },
  };
});

const dir = tempDir();
/** Past the 65,536 rows below which the reader does not start a thread. */
const EVENTS = 70_000;

function readAhead(path: string, filter: Parameters<SqliteRecordingReader['events']>[0] = {}): SimEvent[] {
  const reader = new SqliteRecordingReader(path);
  try {
    return [...reader.eventsReadingAhead(filter)];
  } finally {
    reader.close();
  }
}

function inThread(path: string, filter: Parameters<SqliteRecordingReader['events']>[0] = {}): SimEvent[] {
  const reader = new SqliteRecordingReader(path);
  try {
    return [...reader.events(filter)];
  } finally {
    reader.close();
  }
}

/** A copy of the storm with one change made in SQL. */
function altered(storm: string, name: string, sql: string): string {
  return alteredCopy(storm, join(dir, `${basename(storm, '.db')}-${name}`), sql);
}

const recorded = join(dir, 'storm.db');
expect(hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', String(EVENTS), '-o', recorded]).status).toBe(0);

// Schema version 6 keeps events in blocks (block-pages.ts); versions 2 to 5 a row each (row-pages.ts).
describe.each([
  ['in blocks (schema version 6)', recorded],
  ['a row each (schema version 5)', asSchemaV5(recorded, join(dir, 'storm-v5.db'))],
])('reading the event log ahead in a second thread: events stored %s', (_, storm) => {
  it('gives exactly the events the reader gives in-thread, filtered or not, from a second thread', () => {
    const before = threads.started;
    const all = readAhead(storm);
    expect(threads.started).toBe(before + 1);
    expect(all).toHaveLength(EVENTS);
    expect(all).toEqual(inThread(storm));
    const filter = { from: 3, to: 69_999, kinds: ['tx' as const, 'drop' as const], nodes: ['sw2', 'sw3'] };
    expect(readAhead(storm, filter)).toEqual(inThread(storm, filter));
  });

  it('refuses a REAL time as the in-thread reader does', () => {
    const path = altered(storm, 'real-t.db', 'UPDATE event_log SET t = t + 0.5 WHERE seq = 50000');
    expect(() => inThread(path)).toThrow(/damaged recording: event 50000's time t is \d+\.5, not a whole number of nanoseconds$/);
    expect(() => readAhead(path)).toThrow(inThreadError(path));
  });

  it('names a gap in seq as the in-thread reader does, inside a page or between two', () => {
    for (const [name, from, to] of [
      ['gap-in-page', 1000, 1010],
      ['gap-at-page', 4097, 4200],
    ] as const) {
      const path = altered(storm, `${name}.db`, `DELETE FROM event_log WHERE seq BETWEEN ${from} AND ${to}`);
      expect(() => inThread(path)).toThrow(`event_log has no events ${from}-${to} (the next one stored is ${to + 1})`);
      expect(() => readAhead(path)).toThrow(inThreadError(path));
    }
  });

  it('starts inside a block, and filters by cause, as the in-thread reader does', () => {
    const filter = { from: 1000, causedBy: { seqs: [999, 1003, 5000, 66_000], orKinds: ['learn'] } };
    const got = readAhead(storm, filter);
    expect(got.length).toBeGreaterThan(4);
    expect(got[0]!.seq).toBeGreaterThanOrEqual(1000);
    expect(got).toEqual(inThread(storm, filter));
  });

  it('stops its thread when the consumer stops early', () => {
    const reader = new SqliteRecordingReader(storm);
    const it = reader.eventsReadingAhead();
    const first = [it.next().value, it.next().value] as SimEvent[];
    it.return?.();
    reader.close();
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('names a damaged recording as the in-thread reader does', () => {
    const path = altered(
      storm,
      'no-description.db',
      'DELETE FROM descriptions WHERE id = (SELECT description FROM event_log WHERE seq = 60000)',
    );
    expect(() => inThread(path)).toThrow(/damaged recording: event \d+ names description \d+, which is not stored/);
    expect(() => readAhead(path)).toThrow(inThreadError(path));
  });
});

function inThreadError(path: string): string {
  try {
    inThread(path);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the in-thread read to fail');
}
