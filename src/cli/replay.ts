import { basename } from 'node:path';
import { merge } from 'rxjs';
import { openRecording } from '../api/recording.js';
import { HOPLAB_VERSION } from '../api/version.js';
import { type CaptureFormat, captureFormatFor } from '../export/capture-format.js';
import { captureSummary } from '../export/capture-summary.js';
import { LiveCapture } from '../export/live-capture.js';
import { drive } from '../pipeline/drive.js';
import type { EventSink } from '../pipeline/event-sink.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { progressSink } from '../pipeline/progress-line.js';
import { printerSink } from '../pipeline/sinks.js';
import { eventFilter, type EventsFlags } from './event-flags.js';
import { useColor } from './flags.js';
import { progressLine } from './progress.js';
import { stopSignals } from './stop-signals.js';
import { UsageError } from './usage-error.js';

export interface ReplayFlags extends EventsFlags {
  speed?: number;
  pcap?: string;
  format?: CaptureFormat;
  progress?: boolean;
}

/**
 * `hoplab replay REC.db`: the recorded stream re-emitted in virtual time
 * (`--speed` virtual seconds per wall second, 1 by default) through the
 * sinks a live run uses: the same lines, the same NDJSON, the same pcapng.
 */
export async function replayCommand(path: string, flags: ReplayFlags): Promise<number> {
  if (flags.format !== undefined && flags.pcap === undefined)
    throw new UsageError('--format: says how to write --pcap, which is not given');
  const recording = openRecording(path);
  const out = new LineWriter(1);
  const progress = progressLine(flags, { label: `replay ${basename(path)}` }, out);
  const capture =
    flags.pcap !== undefined
      ? new LiveCapture(flags.pcap, recording.header(), captureFormatFor(flags.pcap, flags.format), HOPLAB_VERSION)
      : undefined;
  const sinks: EventSink[] = [printerSink(out, { json: !!flags.json, bytes: !!flags.bytes, color: useColor(1) })];
  if (capture) sinks.push({ next: (e) => capture.next(e), error: () => capture.error() });
  if (progress) sinks.push(progressSink(progress));
  // Paced output must show as it happens, not when a 64 KiB buffer fills.
  const flushTimer = setInterval(() => out.flush(), 50);
  try {
    const events$ = recording.events$({ ...eventFilter(flags), withBytes: true, speed: flags.speed ?? 1 });
    // Ctrl-C, or `| head` closing stdout, ends the replay there.
    await drive(events$, sinks, merge(stopSignals(), out.closed$));
    if (capture) for (const line of captureSummary(capture.complete(), capture.format, capture.path)) process.stderr.write(`${line}\n`);
  } finally {
    clearInterval(flushTimer);
    progress?.finish();
    out.flush();
    recording.close();
  }
  return 0;
}
