import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { unpackDescriptions } from './descriptions.js';
import { ChunkWriter } from './event-chunks.js';
import { openWal } from './wal-recording.js';
import { CONSUMED, DONE, FAILED, type RecorderMessage, type RecorderWorkerData } from './recorder-thread.js';

/**
 * The recorder's worker thread: it owns the connection that inserts events,
 * and folds them into the recording's snapshots, so that SQLite's work and
 * the fold run beside the simulation instead of in its thread. It
 * writes chunks in the order they are sent and counts each one off in the
 * shared state, which is how the simulating thread waits (back-pressure,
 * flush, finish) without a message back.
 */
const { path, state, errors, snapshots } = workerData as RecorderWorkerData;
const shared = new Int32Array(state);
let failed = false;
let db: Database.Database | undefined;
let writer: ChunkWriter | undefined;
try {
  db = openWal(path);
  writer = new ChunkWriter(db, snapshots);
} catch (e) {
  fail(e);
}

function fail(e: unknown): void {
  failed = true;
  (errors as MessagePort).postMessage((e as Error).message);
  Atomics.store(shared, FAILED, 1);
}

function signal(index: number): void {
  Atomics.add(shared, index, 1);
  Atomics.notify(shared, index);
}

parentPort!.on('message', (m: RecorderMessage) => {
  if (!failed) {
    try {
      writer!.write({ ...m, descriptions: unpackDescriptions(m.descriptions) });
      if (m.close) db!.close();
    } catch (e) {
      fail(e);
    }
  }
  signal(CONSUMED);
  if (m.close) {
    signal(DONE);
    parentPort!.close();
  }
});
