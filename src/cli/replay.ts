import { basename } from 'node:path';
// Each from its own module, not rxjs's index (pipeline/recorded-events.ts says why).
import { merge } from 'rxjs/internal/observable/merge';
import { openRecording } from '../api/recording.js';
import { replay } from '../api/replay.js';
import type { CaptureFormat } from '../export/capture-format.js';
import { captureSummary } from '../export/capture-summary.js';
import type { EventSink } from '../pipeline/event-sink.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { progressSink } from '../pipeline/progress-line.js';
import { printerSink } from '../pipeline/sinks.js';
import { checkNodes, eventFilter, type EventsFlags } from './event-flags.js';
import { useColor } from './flags.js';
import { progressLine } from './progress.js';
import { stopSignals } from './stop-signals.js';
import { UsageError } from './usage-error.js';
import { say } from './say.js';

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
  try {
    checkNodes(flags, recording.header());
  } catch (e) {
    recording.close();
    throw e;
  }
  const progress = progressLine(flags, { label: `replay ${basename(path)}` }, out);
  const sinks: EventSink[] = [printerSink(out, { json: !!flags.json, bytes: !!flags.bytes, color: useColor(1) })];
  if (progress) sinks.push(progressSink(progress));
  // Paced output must show as it happens, not when a 64 KiB buffer fills.
  const flushTimer = setInterval(() => out.flush(), 50);
  try {
    const result = await replay(recording, {
      ...eventFilter(flags),
      withBytes: true,
      withCopies: !!flags.json,
      speed: flags.speed ?? 1,
      sinks,
      ...(flags.pcap !== undefined && { capture: { path: flags.pcap, ...(flags.format !== undefined && { format: flags.format }) } }),
      // Ctrl-C, or `| head` closing stdout, ends the replay there.
      stop$: merge(stopSignals(), out.closed$),
    });
    progress?.finish();
    if (result.capture && flags.pcap !== undefined) {
      for (const line of captureSummary(result.capture, result.captureFormat!, flags.pcap)) say(line);
    }
  } finally {
    clearInterval(flushTimer);
    progress?.finish();
    out.flush();
    recording.close();
  }
  return 0;
}
