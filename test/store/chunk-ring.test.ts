import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { ChunkRing } from '../../src/store/chunk-ring.js';
import { LOG_WIDTH } from '../../src/store/log-blocks.js';
import { CONSUMED, DONE, IN_FLIGHT, type RecorderMessage, type RecorderWorkerData } from '../../src/store/recorder-thread.js';
import { SqliteRecordingWriter } from '../../src/store/sqlite-writer.js';
import { tempDir } from '../helpers/cli.js';

// The writer fills chunks in a ring of shared memory and the recorder's
// worker reads them there. A slot must not be written again before the worker
// has written the chunk in it. The worker here is a stand-in in this thread
// that lags as far behind as the writer lets it (IN_FLIGHT chunks), and reads
// each chunk only then: it sees the chunk as it was sent, or the test fails.

/** What the stand-in worker saw: chunks read, and those whose memory had changed since they were sent. */
const seen = vi.hoisted(() => ({ chunks: 0, changed: 0, events: 0 }));

interface Sent {
  message: RecorderMessage;
  log: number[];
  frames: number[];
}

vi.mock('../../src/store/worker-thread.js', () => ({
  startWorker: (_worker: URL, _caller: string, options: { workerData: RecorderWorkerData }) => {
    const state = new Int32Array(options.workerData.state);
    const pending: Sent[] = [];
    const read = (): void => {
      const { message, log, frames } = pending.shift()!;
      const same = sameNumbers(message.log.subarray(0, log.length), log) && sameNumbers(message.frames.bytes, frames);
      if (!same) seen.changed++;
      seen.chunks++;
      seen.events += message.count;
      Atomics.add(state, CONSUMED, 1);
    };
    return {
      unref() {},
      terminate: async () => 0,
      postMessage(message: RecorderMessage) {
        pending.push({ message, log: [...message.log.subarray(0, message.count * LOG_WIDTH)], frames: [...message.frames.bytes] });
        while (pending.length > (message.close ? 0 : IN_FLIGHT)) read();
        if (message.close) Atomics.store(state, DONE, 1);
      },
    };
  },
}));

function sameNumbers(now: ArrayLike<number>, sent: readonly number[]): boolean {
  if (now.length !== sent.length) return false;
  for (let i = 0; i < sent.length; i++) if (now[i] !== sent[i]) return false;
  return true;
}

const dir = tempDir();

describe('the chunk ring', () => {
  it("gives each slot its own memory, the log's and the frames'", () => {
    const ring = new ChunkRing(3, 4, 16);
    const views = [0, 1, 2].flatMap((slot) => [ring.log(slot), ring.frames(slot)]);
    views.forEach((v, i) => {
      v.fill(i + 1);
    });
    views.forEach((v, i) => {
      expect([...v].every((x) => x === i + 1)).toBe(true);
    });
    expect([0, 1, 2, 3, 4].map((n) => ring.slotOf(n))).toEqual([0, 1, 2, 0, 1]);
  });

  it('keeps every chunk as sent until the worker has read it, however far behind it runs', () => {
    const writer = new SqliteRecordingWriter(join(dir, 'ring.db'));
    writer.writeHeader({
      name: 'ring',
      seed: 1,
      hoplabVersion: 'test',
      commandLine: 'test',
      topologyPath: 't',
      topologySource: '',
      nodes: [],
      ports: [],
      scenario: [],
    });
    // 150 chunks' worth of events: more than the ring has slots, many times over. Every third event
    // brings a new 100-byte frame: some chunks' frames fit their slot, some outgrow it.
    const events = 150 * 2048;
    for (let seq = 1; seq <= events; seq++) {
      const e: SimEvent = { seq, t: seq, kind: 'tx', node: 'h1', port: 'eth0', why: 'h1 sends' };
      if (seq % 3 === 0) {
        e.frame = seq;
        e.bytes = new Uint8Array(100 + (seq % 7)).fill(seq & 0xff);
      }
      writer.append(e);
    }
    writer.finish({ complete: true, stopReason: 'idle', events, endTime: events });
    expect(seen.events).toBe(events);
    expect(seen.chunks).toBeGreaterThan(2 * (IN_FLIGHT + 1));
    expect(seen.changed).toBe(0);
  });
});
