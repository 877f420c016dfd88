import { withFrameCache } from '../store/frame-caching-reader.js';
import { recordedEvents } from '../pipeline/recorded-events.js';
import Database from 'better-sqlite3';
import { StateSeeker, snapshotSink } from '../store/snapshots.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { rawScan } from './raw-baseline.js';

/**
 * Figures for `npm run bench` (the lead's harness calls these): replay
 * throughput next to a bare better-sqlite3 scan of the same table, and the
 * cost of `state --at` a random event next to folding from the start.
 */
export interface ReplayFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** The same recording, replayed with every frame's bytes attached, as `hoplab replay` does (cached lookups). */
  withBytesEventsPerSecond: number;
  /** Ceiling: the event blocks read and parsed into numbers, nothing else (raw-baseline.ts). */
  baselineEventsPerSecond: number;
}

export interface SeekFigures {
  samples: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  /** Folding the recording once and storing its snapshots, as `hoplab run` does as it goes (the bench's recording has none). */
  indexBuildMs: number;
  /** Baseline: the state at the last event, folded from the first event with no snapshot. */
  foldFromStartMs: number;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function replayOnce(path: string, withBytes: boolean): Promise<{ events: number; seconds: number }> {
  const reader = new SqliteRecordingReader(path);
  const started = process.hrtime.bigint();
  let events = 0;
  await new Promise<void>((resolve, reject) => {
    recordedEvents(withBytes ? withFrameCache(reader, path) : reader, { withBytes }).subscribe({
      next: () => events++,
      error: reject,
      complete: resolve,
    });
  });
  const seconds = ms(started) / 1e3;
  reader.close();
  return { events, seconds };
}

/** `hoplab replay` into a sink that does nothing: what reading and re-emitting costs. */
export async function benchReplay(recordingPath: string): Promise<ReplayFigures> {
  const plain = await replayOnce(recordingPath, false);
  const bytes = await replayOnce(recordingPath, true);
  const raw = rawScan(recordingPath);
  return {
    events: plain.events,
    seconds: plain.seconds,
    eventsPerSecond: Math.round(plain.events / plain.seconds),
    withBytesEventsPerSecond: Math.round(bytes.events / bytes.seconds),
    baselineEventsPerSecond: Math.round(raw.rows / raw.seconds),
  };
}

/**
 * `state --at` random events, each as the command does it: open the
 * recording, load its snapshot index, seek, close. Deterministic sample
 * points (a fixed LCG), so two runs measure the same seeks.
 */
export function benchStateSeek(recordingPath: string, samples: number): SeekFigures {
  const reader = new SqliteRecordingReader(recordingPath);
  const last = reader.status().events;
  reader.close();

  const fromStart = process.hrtime.bigint();
  const bare = new SqliteRecordingReader(recordingPath);
  const unindexed = new StateSeeker(recordingPath, bare, { stored: false });
  unindexed.stateAt(last);
  const foldFromStartMs = ms(fromStart);
  unindexed.close();
  bare.close();

  const build = process.hrtime.bigint();
  storeRunSnapshots(recordingPath);
  const indexBuildMs = ms(build);

  let x = 12345;
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const at = 1 + (x % last);
    const started = process.hrtime.bigint();
    seekOnce(recordingPath, at);
    times.push(ms(started));
  }
  times.sort((a, b) => a - b);
  const pick = (q: number): number => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return {
    samples,
    medianMs: pick(0.5),
    p90Ms: pick(0.9),
    maxMs: pick(1),
    indexBuildMs: Math.round(indexBuildMs),
    foldFromStartMs: Math.round(foldFromStartMs),
  };
}

/**
 * Stores the snapshots `hoplab run` stores as it records (the same snapshotSink, over the
 * recorded events): readers never write them, and the bench's recording is made without.
 */
function storeRunSnapshots(path: string): void {
  const reader = new SqliteRecordingReader(path);
  const rows: Array<[number, string | Uint8Array]> = [];
  let meta: Record<string, string> = {};
  const sink = snapshotSink(reader.header(), {
    snapshot: (seq, state) => rows.push([seq, state]),
    snapshotsKept: (format, interval) => (meta = { snapshot_format: format, snapshot_interval: String(interval) }),
  });
  for (const e of reader.events()) sink.next!(e);
  reader.close();
  const db = new Database(path);
  const insert = db.prepare('INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const [seq, state] of rows) insert.run(seq, state);
    for (const [key, value] of Object.entries(meta)) setMeta.run(key, value);
  })();
  db.close();
}

function seekOnce(path: string, at: number): void {
  const reader = new SqliteRecordingReader(path);
  const seeker = new StateSeeker(path, reader);
  seeker.stateAt(at);
  seeker.close();
  reader.close();
}
