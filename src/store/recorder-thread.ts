import { OutputFailure } from '../errors/output-failure.js';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { packDescriptions } from './descriptions.js';
import type { EventChunk } from './event-chunks.js';
import type { SnapshotPlan } from './snapshot-fold.js';
import { startWorker } from './worker-thread.js';

const WORKER = new URL('./recorder-worker.js', import.meta.url);
/**
 * Chunks sent but not yet written before the simulation waits: bounds the
 * memory a fast run can queue (a chunk's log is 80 kB, plus its new frames).
 * Enough to ride out a snapshot: on 5,000 hosts the worker stores a state of
 * megabytes, tens of milliseconds in which the simulation makes more than
 * eight chunks (16,000 events). At 32, 2M events of the 5,000-host tree ran
 * 5.5-6.5 s against 6.0-6.6 s at 8 (three runs each), peak RSS 3 MB higher; 128 gained nothing
 * more and cost 12 MB (BENCHMARKS.md, issue 21).
 */
export const IN_FLIGHT = 32;
/**
 * The worker's young generation, in MB. Its fold allocates an object per
 * frame on a wire; left to V8's default the worker's nursery grew by 35 MB
 * of RSS on 100 pinging pairs. At 8 MB the four-switch storm ran as fast as
 * at the default (3.7-4.2 s for 2M events) and peaked 12 MB lower; at 2 MB
 * it ran 15% slower (BENCHMARKS.md, issue 21).
 */
const YOUNG_GENERATION_MB = 8;

/** Indexes into the shared state: chunks written, worker closed, worker failed. */
export const CONSUMED = 0;
export const DONE = 1;
export const FAILED = 2;

export interface RecorderWorkerData {
  path: string;
  state: SharedArrayBuffer;
  errors: MessagePort;
  /** The recording's snapshots, folded in the worker from the rows it writes. */
  snapshots: SnapshotPlan | undefined;
}

/**
 * A chunk as sent: its log and frames as views of the chunk ring's shared
 * memory (chunk-ring.ts), or moved (transferred), never copied; its new
 * descriptions packed into one flat array (packDescriptions); then whether to close.
 */
export type RecorderMessage = Omit<EventChunk, 'descriptions'> & { descriptions: Array<string | number | null>; close: boolean };

/**
 * The simulating thread's side of the recorder's worker (recorder-worker.ts).
 * Sending never blocks unless IN_FLIGHT chunks are waiting; sync() and
 * close() block until the worker has written everything sent (Atomics.wait),
 * so the writer's flush/finish keep their synchronous contract.
 */
export class RecorderThread {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly errors: MessagePort;
  private sent = 0;

  constructor(
    private readonly path: string,
    snapshots: SnapshotPlan | undefined,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.errors = port1;
    const data: RecorderWorkerData = { path, state: this.state.buffer as SharedArrayBuffer, errors: port2, snapshots };
    this.worker = startWorker(WORKER, import.meta.url, {
      workerData: data,
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.worker.unref();
    this.errors.unref();
  }

  send(chunk: EventChunk, close = false): void {
    this.check();
    const message: RecorderMessage = { ...chunk, descriptions: packDescriptions(chunk.descriptions), close };
    // Views of the chunk ring's shared memory go as they are; a buffer of the chunk's own is moved.
    const transfer: ArrayBuffer[] = [];
    for (const view of [chunk.log, chunk.frames.bytes])
      if (view.buffer instanceof ArrayBuffer && view.byteLength > 0) transfer.push(view.buffer);
    this.worker.postMessage(message, transfer);
    this.sent++;
    this.waitUntil(this.sent - IN_FLIGHT);
  }

  /** Blocks until every chunk sent is written (and committed, if it asked to be). */
  sync(): void {
    this.waitUntil(this.sent);
  }

  /** Blocks until the worker has written `chunks` chunks (whose memory may then be written again). */
  waitUntilWritten(chunks: number): void {
    if (chunks > 0) this.waitUntil(chunks);
  }

  /** Sends the last chunk, waits until the worker has written it and closed its connection. */
  close(last: EventChunk): void {
    this.send(last, true);
    while (Atomics.load(this.state, DONE) === 0 && Atomics.load(this.state, FAILED) === 0) Atomics.wait(this.state, DONE, 0, 1000);
    this.check();
  }

  /** Stops the worker where it is (abort: the file is about to be removed). */
  terminate(): void {
    void this.worker.terminate();
  }

  private waitUntil(consumed: number): void {
    for (;;) {
      const now = Atomics.load(this.state, CONSUMED);
      if (now >= consumed || Atomics.load(this.state, FAILED) !== 0) break;
      Atomics.wait(this.state, CONSUMED, now, 1000);
    }
    this.check();
  }

  private check(): void {
    if (Atomics.load(this.state, FAILED) === 0) return;
    const message = receiveMessageOnPort(this.errors)?.message as string | undefined;
    throw new OutputFailure(this.path, message ?? 'the recorder thread failed');
  }
}
