import { parentPort, workerData } from 'node:worker_threads';
import { RecordingError, type RecordingHeader } from '../store/recording.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import type { Decision, DecisionSink } from './decision-matcher.js';
import { pairedViews } from './diff.js';
import type { Pairing } from './pairing.js';
import type { AlignedStep } from './scenario-align.js';
import { SideWalker } from './side-walker.js';

/**
 * One side of a parallel diff (diff-parallel.ts), in a worker thread: reads
 * its recording, folds it with the same SideWalker as the one-thread diff,
 * and sends its decisions to the main thread in batches, then its tallies.
 * `credits` is shared with the main thread: a batch may only be sent while
 * a credit is left, so a fast side waits for a slow one instead of piling
 * decisions up in memory.
 */
export interface DiffWorkerData {
  path: string;
  side: 0 | 1;
  headers: [RecordingHeader, RecordingHeader];
  aligned: AlignedStep[];
  pairing: Pairing;
  credits: SharedArrayBuffer;
}

/** A batch of decisions, as flat arrays (cheap to clone between threads). */
export interface DecisionBatch {
  type: 'batch';
  /** Virtual time of the event that made the batch's first decision: the main thread merges batches by it. */
  firstT: number;
  keys: string[];
  sigs: string[];
  /** seq, step, depth, ord per decision. */
  nums: Float64Array;
}

export const BATCH_DECISIONS = 2048;

class Batcher implements DecisionSink {
  t = 0;
  private firstT = 0;
  private keys: string[] = [];
  private sigs: string[] = [];
  private nums = new Float64Array(BATCH_DECISIONS * 4);

  constructor(private readonly credits: Int32Array) {}

  offer(d: Decision): void {
    const i = this.keys.length;
    if (i === 0) this.firstT = this.t;
    this.keys.push(d.key);
    this.sigs.push(d.sig);
    this.nums.set([d.seq, d.step, d.depth, d.ord], i * 4);
    if (this.keys.length === BATCH_DECISIONS) this.flush();
  }

  flush(): void {
    if (this.keys.length === 0) return;
    while (Atomics.load(this.credits, 0) <= 0) Atomics.wait(this.credits, 0, 0);
    Atomics.sub(this.credits, 0, 1);
    const batch: DecisionBatch = {
      type: 'batch',
      firstT: this.firstT,
      keys: this.keys,
      sigs: this.sigs,
      nums: this.nums.slice(0, this.keys.length * 4),
    };
    parentPort!.postMessage(batch, [batch.nums.buffer as ArrayBuffer]);
    this.keys = [];
    this.sigs = [];
  }
}

function run(data: DiffWorkerData): void {
  const reader = new SqliteRecordingReader(data.path);
  try {
    const views = pairedViews(data.headers, data.pairing);
    const batcher = new Batcher(new Int32Array(data.credits));
    const walker = new SideWalker(data.side, reader, views[data.side], data.aligned, batcher);
    for (const e of reader.events()) {
      batcher.t = e.t;
      walker.add(e);
    }
    batcher.flush();
    parentPort!.postMessage({ type: 'done', tallies: walker.tallies() });
  } finally {
    reader.close();
  }
}

try {
  run(workerData as DiffWorkerData);
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message, recording: e instanceof RecordingError });
}
