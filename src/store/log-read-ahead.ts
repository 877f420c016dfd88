import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { PAGE_EVENTS } from './block-pages.js';
import { LOG_WIDTH } from './log-blocks.js';
import type { LogLayout } from './log-pages.js';
import { RecordingError } from './recording.js';
import { startWorker } from './worker-thread.js';

const WORKER = new URL('./log-read-ahead-worker.js', import.meta.url);

/** Pages the worker may read ahead of the reader: bounds the memory (8 pages of 4096 events: 1.3 MB). */
const SLOTS = 8;

/** Indexes into the shared state: pages written, pages read, stop asked, worker failed, pages in all (0 until the last is written). */
export const WRITTEN = 0;
export const READ = 1;
export const STOP = 2;
export const FAILED = 3;
export const PAGES = 4;

/** The code a failure carries when the worker found the recording damaged (a RecordingError there, and here). */
export const DAMAGED = 'HOPLAB_DAMAGED';

/** What the worker scans: a recording's events, stored as `layout` says, from the page holding `from` on (log-pages.ts). */
export interface LogScan {
  path: string;
  from: number;
  layout: LogLayout;
}

export interface ReadAheadWorkerData extends LogScan {
  slots: number;
  values: SharedArrayBuffer;
  counts: SharedArrayBuffer;
  state: SharedArrayBuffer;
  errors: MessagePort;
}

/** An error from the worker, with SQLite's code so the reader words it as it words its own. */
export interface ReadAheadFailure {
  message: string;
  code: string | undefined;
}

/**
 * Reads a recording's events in a second thread, a few pages ahead of the thread that turns
 * rows into events (log-read-ahead-worker.ts). SQLite's scan is most of what a
 * reader costs, and a machine with two cores can do it while the export encodes.
 * Pages go through a ring of SLOTS slots in shared memory, so nothing is copied
 * between threads and memory stays bounded however long the recording; each side
 * waits (Atomics.wait) only when the ring is empty or full. Rows come as numbers:
 * a NULL frame or cause is NaN.
 */
export class LogReadAhead {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  private readonly counts = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  readonly values: Float64Array;
  private readonly errors: MessagePort;
  private read = 0;

  constructor(readonly scan: LogScan) {
    this.values = new Float64Array(new SharedArrayBuffer(SLOTS * PAGE_EVENTS * LOG_WIDTH * Float64Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    this.errors = port1;
    const data: ReadAheadWorkerData = {
      ...scan,
      slots: SLOTS,
      values: this.values.buffer as SharedArrayBuffer,
      counts: this.counts.buffer as SharedArrayBuffer,
      state: this.state.buffer as SharedArrayBuffer,
      errors: port2,
    };
    this.worker = startWorker(WORKER, import.meta.url, { workerData: data, transferList: [port2] });
    this.worker.unref();
    this.errors.unref();
  }

  /**
   * Waits for the next page and returns where its rows start in `values`, how many
   * there are in `rows`, and whether it is the scan's last. Hand it back with `release`.
   */
  nextPage(): { offset: number; rows: number; last: boolean } {
    for (;;) {
      if (Atomics.load(this.state, FAILED) !== 0) this.fail();
      const written = Atomics.load(this.state, WRITTEN);
      if (written > this.read) break;
      Atomics.wait(this.state, WRITTEN, written);
    }
    const slot = this.read % SLOTS;
    // The worker states the number of pages before it counts the last one written.
    const last = Atomics.load(this.state, PAGES) === this.read + 1;
    return { offset: slot * PAGE_EVENTS * LOG_WIDTH, rows: this.counts[slot]!, last };
  }

  /** The page from `nextPage` is read: its slot may be filled again. */
  release(): void {
    this.read++;
    Atomics.store(this.state, READ, this.read);
    Atomics.notify(this.state, READ);
  }

  /** Stops the worker (the scan is done, or its reader stopped early). */
  close(): void {
    Atomics.store(this.state, STOP, 1);
    Atomics.notify(this.state, READ);
    void this.worker.terminate();
  }

  private fail(): never {
    const failure = receiveMessageOnPort(this.errors)?.message as ReadAheadFailure | undefined;
    if (failure?.code === DAMAGED) throw new RecordingError(failure.message);
    throw Object.assign(new Error(failure?.message ?? 'the read-ahead thread failed'), { code: failure?.code });
  }
}

/** Makes an event of a log row (a NULL frame or cause as null). */
export type LogRowEvent<E> = (seq: number, t: number, frame: number | null, cause: number | null, description: number) => E;

/**
 * The scan's rows as events, read a few pages ahead by the worker; it stops when the
 * consumer does. `first` (events the caller read itself, before `scan.from`) is given
 * first, while the worker starts.
 */
export function* readAheadEvents<E>(scan: LogScan, event: LogRowEvent<E>, first: Iterable<E> = []): IterableIterator<E> {
  const thread = new LogReadAhead(scan);
  try {
    yield* first;
    for (;;) {
      const { offset, rows, last } = thread.nextPage();
      const v = thread.values;
      for (let i = 0, at = offset; i < rows; i++, at += LOG_WIDTH) {
        const frame = v[at + 2]!;
        const cause = v[at + 3]!;
        yield event(v[at]!, v[at + 1]!, Number.isNaN(frame) ? null : frame, Number.isNaN(cause) ? null : cause, v[at + 4]!);
      }
      thread.release();
      if (last) return;
    }
  } finally {
    thread.close();
  }
}
