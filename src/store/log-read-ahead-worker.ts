import { workerData, type MessagePort } from 'node:worker_threads';
import { parsePageText, pageTextSql } from './log-page-text.js';
import { LOG_WIDTH } from './event-insert.js';
import { FAILED, READ, STOP, WRITTEN, type ReadAheadFailure, type ReadAheadWorkerData } from './log-read-ahead.js';

/**
 * The read-ahead worker (log-read-ahead.ts): runs the reader's paging query over
 * event_log and puts each page's rows, as numbers, in the next free slot of the
 * shared ring (read as text, log-page-text.ts, or as rows if that text is not
 * what it should be). It waits while every slot is full and stops when asked, at the
 * last page, or at an error, which it hands back with SQLite's code.
 */
const { path, sql, params, from, page, slots, values, counts, state, errors } = workerData as ReadAheadWorkerData;
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

/** A page read as rows, when its text was not what parsePageText takes. */
function copyRows(rows: Array<Array<number | null>>, at: number): void {
  for (const r of rows) {
    out[at] = r[0]!;
    out[at + 1] = r[1]!;
    out[at + 2] = r[2] ?? NaN;
    out[at + 3] = r[3] ?? NaN;
    out[at + 4] = r[4]!;
    at += LOG_WIDTH;
  }
}

try {
  // Loaded here, not imported above, so that a failure to load is reported like any other.
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  // As open-readonly.ts does: the reader on the main thread has checked the schema; this one only reads event_log.
  db.pragma('trusted_schema = OFF');
  try {
    const asText = db.prepare(pageTextSql(sql)).raw();
    const asRows = db.prepare(sql).raw();
    let written = 0;
    for (let next = from; waitForRoom(written); ) {
      const slot = written % slots;
      const at = slot * page * LOG_WIDTH;
      let [count, last, text] = asText.get(...params, next) as [number, number | null, string | null];
      if (!parsePageText(text, count, out, at)) {
        const rows = asRows.all(...params, next) as Array<Array<number | null>>;
        copyRows(rows, at);
        count = rows.length;
        last = count > 0 ? rows[count - 1]![0]! : null;
      }
      rowCounts[slot] = count;
      Atomics.store(shared, WRITTEN, ++written);
      Atomics.notify(shared, WRITTEN);
      if (count < page) break;
      next = last! + 1;
    }
  } finally {
    db.close();
  }
} catch (e) {
  const failure: ReadAheadFailure = { message: (e as Error).message, code: (e as { code?: string }).code };
  (errors as MessagePort).postMessage(failure);
  Atomics.store(shared, FAILED, 1);
  Atomics.notify(shared, WRITTEN);
}
