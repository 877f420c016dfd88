import { InputError } from '../errors/input-error.js';
import { type CaptureFormat, captureFormatFor } from '../export/capture-format.js';
import { openCaptureFile } from '../export/capture-file.js';
import { captureStartSeconds } from '../export/capture-start.js';
import { type CapturePoint, capturePoints, selectCapturePoints } from '../export/capture-points.js';
import type { CaptureDirection, CaptureStats } from '../export/capture-sink.js';
import type { EventSink } from '../pipeline/event-sink.js';
import { exportRecording } from '../pipeline/export-recording.js';
import type { RecordingStatus } from '../store/recording.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { HOPLAB_VERSION } from './version.js';

export interface ExportOptions {
  /** pcapng (the default) or classic pcap; default: pcap for a `.pcap` name, else pcapng. */
  format?: CaptureFormat;
  /** Capture points `node:port` to keep (default: every port of every node). */
  at?: readonly string[];
  /** Only frames leaving (`tx`) or arriving (`rx`). */
  kind?: CaptureDirection;
  /** Also write frames lost at a port (never on a wire) as packets, on `node:port lost` interfaces. */
  withDrops?: boolean;
  /** The instant time 0 of the run is shown as: ISO 8601 with a zone, whole seconds (default DEFAULT_CAPTURE_START). */
  startTime?: string;
  /** More sinks for the events as they are exported (a progress line). */
  sinks?: readonly EventSink[];
}

export interface ExportResult {
  stats: CaptureStats;
  format: CaptureFormat;
  /** The recording's own status: an incomplete one gives a capture that ends where it does. */
  recording: RecordingStatus;
}

/** Capture points named in an unknown `at` error; a big topology's full list would bury the message. */
const LISTED_POINTS = 30;

/**
 * Writes a recording as a Wireshark capture: one interface per capture point
 * `node:port`, each packet commented with its event and decision. The file
 * appears under its name only when it is complete.
 */
export async function exportCapture(recordingPath: string, outputPath: string, options: ExportOptions = {}): Promise<ExportResult> {
  const format = captureFormatFor(outputPath, options.format);
  const reader = new SqliteRecordingReader(recordingPath);
  try {
    const header = reader.header();
    const points = chosenCapturePoints(capturePoints(header), options.at);
    const sink = openCaptureFile(outputPath, header, {
      format,
      points,
      hoplabVersion: HOPLAB_VERSION,
      startSeconds: captureStartSeconds(options.startTime),
      ...(options.kind !== undefined && { kind: options.kind }),
      ...(options.withDrops !== undefined && { withDrops: options.withDrops }),
    });
    const stats = await exportRecording(reader, sink, recordingPath, options.sinks);
    return { stats, format, recording: reader.status() };
  } finally {
    reader.close();
  }
}

/** `at` names checked against the recording: an unknown one is named, with the ones there are. */
export function chosenCapturePoints(all: CapturePoint[], at: readonly string[] | undefined): CapturePoint[] {
  const { points, unknown } = selectCapturePoints(all, at ? [...at] : undefined);
  if (unknown.length > 0) {
    const names = all.map((p) => p.name);
    const known =
      names.length === 0
        ? 'none: the recording has no ports'
        : names.length <= LISTED_POINTS
          ? names.join(', ')
          : `${names.slice(0, LISTED_POINTS).join(', ')} and ${names.length - LISTED_POINTS} more`;
    throw new InputError(
      `--at: unknown capture point${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} (capture points: ${known})`,
    );
  }
  return points;
}
