import { basename } from 'node:path';
import { capturePoints, selectCapturePoints, type CapturePoint } from '../export/capture-points.js';
import { openCaptureFile } from '../export/capture-file.js';
import type { CaptureDirection } from '../export/capture-sink.js';
import { captureSummary } from '../export/capture-summary.js';
import { exportRecording } from '../pipeline/export-recording.js';
import { captureFormatFor, type CaptureFormat } from '../export/capture-format.js';
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
