import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimEvent } from '../events/event.js';
import { AtomicFileWriter, type ByteSink } from '../export/atomic-file.js';
import { openCaptureFile } from '../export/capture-file.js';
import { capturePoints } from '../export/capture-points.js';
import { CaptureSink } from '../export/capture-sink.js';
import { exportRecording } from '../pipeline/export-recording.js';
import { withFrameCache } from '../store/frame-caching-reader.js';
import { PcapngWriter } from '../export/pcapng-writer.js';
import { recordedEvents } from '../pipeline/recorded-events.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';

export interface ExportBenchResult {
  events: number;
  packets: number;
  /** `hoplab export` end to end: read the recording, comment every packet, write pcapng. */
  seconds: number;
  packetsPerSecond: number;
  fileBytes: number;
  /** The baseline: the same read of the same recording, each tx/rx frame's bytes written bare: no blocks, no comments. */
  rawSeconds: number;
  rawPacketsPerSecond: number;
  rawBytesPerSecond: number;
  /** rawSeconds / seconds: 1 would mean pcapng, comments and losses cost nothing on top of reading and writing the frames. */
  ratio: number;
  /** The sink and the pcapng encoder alone, fed events already in memory: the export's own ceiling. */
  encodePacketsPerSecond: number;
}

/** Events kept in memory for the encode-only figure (they are replayed until as many packets as the export wrote). */
const SAMPLE = 100_000;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Read every event with its bytes, as the export does (the log scanned by a read-ahead thread), handing each to `next`. */
function readAll(path: string, next: (e: SimEvent) => void): Promise<void> {
  const reader = new SqliteRecordingReader(path);
  return new Promise<void>((resolve, reject) => {
    recordedEvents(withFrameCache(reader, path, { readAhead: true }), { withBytes: true }).subscribe({
      next,
      error: reject,
      complete: resolve,
    });
  }).finally(() => reader.close());
}

async function timeExport(path: string, out: string): Promise<{ seconds: number; packets: number; events: number }> {
  const started = process.hrtime.bigint();
  const reader = new SqliteRecordingReader(path);
  try {
    const header = reader.header();
    const sink = openCaptureFile(out, header, { format: 'pcapng', points: capturePoints(header), hoplabVersion: 'bench' });
    const stats = await exportRecording(reader, sink, path);
    return { seconds: seconds(started), packets: stats.packets, events: reader.status().events };
  } finally {
    reader.close();
  }
}

async function timeRaw(path: string, out: string): Promise<{ seconds: number; packets: number; bytes: number }> {
  const started = process.hrtime.bigint();
  const file = new AtomicFileWriter(out);
  let packets = 0;
  await readAll(path, (e) => {
    if ((e.kind === 'tx' || e.kind === 'rx') && e.bytes) {
      file.write(e.bytes);
      packets++;
    }
  });
  file.commit();
  return { seconds: seconds(started), packets, bytes: file.bytesWritten };
}

/** The sink and encoder over the recording's first events, replayed with shifted seq and time until `packets` are written. */
function timeEncode(path: string, packets: number): number {
  const reader = withFrameCache(new SqliteRecordingReader(path), path);
  const header = reader.header();
  const sample: SimEvent[] = [];
  for (const e of reader.events({ to: SAMPLE })) {
    if (e.frame !== undefined) e.bytes = reader.frame(e.frame);
    sample.push(e);
  }
  reader.close();
  const last = sample[sample.length - 1];
  if (!last) return 0;
  const discard: ByteSink = { write: () => undefined };
  const sink = new CaptureSink(new PcapngWriter(discard), capturePoints(header));
  const started = process.hrtime.bigint();
  for (let round = 0; sink.stats.packets < packets; round++) {
    const seqShift = round * last.seq;
    const tShift = round * (last.t + 1);
    // A fresh object per event, as a reader would hand over. Copied with Object.assign, not
    // spread with a conditional `cause`: that spread alone cost more than the sink did.
    for (const e of sample) {
      const copy = Object.assign({}, e);
      copy.seq += seqShift;
      copy.t += tShift;
      if (copy.cause !== undefined) copy.cause += seqShift;
      sink.next(copy);
    }
  }
  sink.complete();
  return sink.stats.packets / seconds(started);
}

/**
 * `hoplab export` of the recording at `recordingPath`, timed next to its baseline (the
 * same frames read the same way and written bare) and to the encoder alone. The files
 * go to a temporary directory, removed afterwards.
 */
export async function benchExport(recordingPath: string): Promise<ExportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoplab-export-bench-'));
  try {
    const out = join(dir, 'export.pcapng');
    const exported = await timeExport(recordingPath, out);
    const fileBytes = statSync(out).size;
    rmSync(out);
    const raw = await timeRaw(recordingPath, join(dir, 'raw.bin'));
    const packetsPerSecond = exported.packets / exported.seconds;
    return {
      events: exported.events,
      packets: exported.packets,
      seconds: exported.seconds,
      packetsPerSecond: Math.round(packetsPerSecond),
      fileBytes,
      rawSeconds: raw.seconds,
      rawPacketsPerSecond: Math.round(raw.packets / raw.seconds),
      rawBytesPerSecond: Math.round(raw.bytes / raw.seconds),
      ratio: Math.round((raw.seconds / exported.seconds) * 100) / 100,
      encodePacketsPerSecond: Math.round(timeEncode(recordingPath, exported.packets)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
