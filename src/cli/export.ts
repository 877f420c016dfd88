import { basename } from 'node:path';
import { capturePoints, selectCapturePoints, type CapturePoint } from '../export/capture-points.js';
import { openCaptureFile } from '../export/capture-file.js';
import type { CaptureDirection, CaptureSink, CaptureStats } from '../export/capture-sink.js';
import { exportRecording } from '../export/export-recording.js';
import { captureFormatFor, type CaptureFormat } from '../export/capture-format.js';
import type { SimEvent } from '../events/event.js';
import type { RecordingHeader } from '../store/recording.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { UsageError } from './usage-error.js';
import { HOPLAB_VERSION } from './version.js';

export const CAPTURE_DIRECTIONS = ['tx', 'rx'] as const;

export interface ExportFlags {
  output: string;
  format?: CaptureFormat;
  at?: string[];
  kind?: CaptureDirection;
}

/** Capture points named in an unknown `--at` error; a big topology's full list would bury the message. */
const LISTED_POINTS = 30;

/** `--at` names checked against the recording: an unknown one is named, with the ones there are. */
export function chosenCapturePoints(all: CapturePoint[], at: string[] | undefined): CapturePoint[] {
  const { points, unknown } = selectCapturePoints(all, at);
  if (unknown.length > 0) {
    const names = all.map((p) => p.name);
    const known = names.length === 0 ? 'none: the recording has no ports'
      : names.length <= LISTED_POINTS ? names.join(', ')
      : `${names.slice(0, LISTED_POINTS).join(', ')} and ${names.length - LISTED_POINTS} more`;
    throw new UsageError(`--at: unknown capture point${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} (capture points: ${known})`);
  }
  return points;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * One line for stderr: what went where. Classic pcap has no interfaces, so with more
 * than one capture point the reader cannot tell them apart; say so.
 */
export function captureSummary(stats: CaptureStats, format: CaptureFormat, path: string): string[] {
  const lines = [
    `hoplab: exported ${count(stats.packets, 'packet')} (${stats.tx} outbound, ${stats.rx} inbound) on ${count(stats.interfaces, 'capture point')} to ${path}${stats.losses ? `; ${stats.losses === 1 ? '1 of them is a frame' : `${stats.losses} of them are frames`} lost at a port, marked 'not sent' or 'not received'` : ''}`,
  ];
  if (format === 'pcap' && stats.interfaces > 1) {
    lines.push(`hoplab: note: classic pcap has no interfaces: the ${stats.interfaces} capture points are merged in time order and their names are lost (use --format pcapng, or one --at)`);
  }
  if (stats.unshown > 0) {
    const what = stats.unshown === 1 ? '1 drop or collision has' : `${stats.unshown} drops or collisions have`;
    lines.push(`hoplab: note: ${what} no packet in this file to be shown on (hoplab events --kind drop,collision lists them)`);
  }
  return lines;
}

/** `hoplab export REC.db -o OUT`: the recording as a Wireshark capture. */
export async function exportCommand(recording: string, flags: ExportFlags): Promise<number> {
  const format = captureFormatFor(flags.output, flags.format);
  const reader = new SqliteRecordingReader(recording);
  try {
    const header = reader.header();
    const points = chosenCapturePoints(capturePoints(header), flags.at);
    const sink = openCaptureFile(flags.output, header, {
      format, points, hoplabVersion: HOPLAB_VERSION, ...(flags.kind !== undefined && { kind: flags.kind }),
    });
    const stats = await exportRecording(reader, sink, recording);
    const status = reader.status();
    for (const line of captureSummary(stats, format, flags.output)) process.stderr.write(`${line}\n`);
    if (!status.complete) process.stderr.write(`hoplab: note: ${basename(recording)} is incomplete (stopped: ${status.stopReason}); the capture ends where it does\n`);
  } finally {
    reader.close();
  }
  return 0;
}

/** A flag taking one of a few words (commander parser); anything else names the flag and the words. */
export function choiceFlag<T extends string>(flag: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag}: '${value}' is not one of: ${allowed.join(', ')}`);
    return value as T;
  };
}

/**
 * `hoplab run --pcap OUT`: the same capture as `hoplab export` of the run's recording,
 * written as the run goes. A write that fails (a full disk) must not stop the
 * simulation or lose the recording: the capture is dropped and the failure reported
 * once the recording is safe.
 */
export class LiveCapture {
  private readonly sink: CaptureSink;
  private failure: unknown;

  constructor(readonly path: string, header: RecordingHeader, private readonly format: CaptureFormat) {
    this.sink = openCaptureFile(path, header, { format, points: capturePoints(header), hoplabVersion: HOPLAB_VERSION });
  }

  next(e: SimEvent): void {
    if (this.failure !== undefined) return;
    try {
      this.sink.next(e);
    } catch (err) {
      this.failure = err;
      this.sink.error();
    }
  }

  error(): void {
    this.sink.error();
  }

  /** Puts the file in place and says what it holds, or throws what went wrong while writing it. */
  complete(): void {
    if (this.failure !== undefined) throw this.failure;
    this.sink.complete();
    for (const line of captureSummary(this.sink.stats, this.format, this.path)) process.stderr.write(`${line}\n`);
  }
}
