import { workerData, type MessagePort } from 'node:worker_threads';
import { BlockPages, PAGE_EVENTS } from './block-pages.js';
import { LOG_WIDTH } from './log-blocks.js';
import type { LogPages } from './log-pages.js';
import { RowPages } from './row-pages.js';
import { DAMAGED, FAILED, PAGES, READ, STOP, WRITTEN, type ReadAheadFailure, type ReadAheadWorkerData } from './log-read-ahead.js';
import { RecordingError } from './recording.js';

/**
 * The read-ahead worker (log-read-ahead.ts): reads the recording's events a
 * page at a time (log-pages.ts), from blocks or rows as its layout says, and
 * puts each page's events, as numbers, in the next free slot of the shared
 * ring. It waits while every slot is full and stops when asked, at the last
 * page, or at an error, which it hands back with SQLite's code (or DAMAGED,
 * for a block or row that is not what hoplab writes).
 */
const { path, from, layout, slots, values, counts, state, errors } = workerData as ReadAheadWorkerData;
const shared = new Int32Array(state);
const rowCounts = new Int32Array(counts);
const out = new Float64Array(values);

/** Waits for a free slot; false if the reader asked to stop. */
function waitForRoom(written: number): boolean {
  for (;;) {
    if (Atomics.load(shared, STOP) !== 0) return false;
    const read = Atomics.load(shared, READ);
    if (written - read < slots) return true;
    Atomics.wait(shared, READ, read);
  }
}

try {
  // Loaded here, not imported above, so that a failure to load is reported like any other.
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  // As open-readonly.ts does: the reader on the main thread has checked the schema; this one only reads event_blocks or event_log.
  db.pragma('trusted_schema = OFF');
  try {
    const pages: LogPages = layout === 'rows' ? new RowPages(path, db) : new BlockPages(path, db);
    let written = 0;
    for (let next: number | undefined = pages.startOf(from); next !== undefined && waitForRoom(written); ) {
      const slot = written % slots;
      const page = pages.read(next, out, slot * PAGE_EVENTS * LOG_WIDTH);
      rowCounts[slot] = page.events;
      next = page.next;
      if (next === undefined) Atomics.store(shared, PAGES, written + 1);
      Atomics.store(shared, WRITTEN, ++written);
      Atomics.notify(shared, WRITTEN);
    }
  } finally {
    db.close();
  }
} catch (e) {
  const code = e instanceof RecordingError ? DAMAGED : (e as { code?: string }).code;
  const failure: ReadAheadFailure = { message: (e as Error).message, code };
  (errors as MessagePort).postMessage(failure);
  Atomics.store(shared, FAILED, 1);
  Atomics.notify(shared, WRITTEN);
}
