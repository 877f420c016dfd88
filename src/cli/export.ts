import { basename } from 'node:path';
import { exportCapture } from '../api/export.js';
import type { CaptureFormat } from '../export/capture-format.js';
import type { CaptureDirection } from '../export/capture-sink.js';
import { captureSummary } from '../export/capture-summary.js';
import { progressSink } from '../pipeline/progress-line.js';
import { progressLine } from './progress.js';
import { say } from './say.js';

export interface ExportFlags {
  output: string;
  format?: CaptureFormat;
  at?: string[];
  kind?: CaptureDirection;
  withDrops?: boolean;
  startTime?: string;
  progress?: boolean;
}

/** `hoplab export REC.db -o OUT`: the recording as a Wireshark capture. */
export async function exportCommand(recording: string, flags: ExportFlags): Promise<number> {
  const progress = progressLine(flags, { label: `export ${basename(recording)}` });
  try {
    const result = await exportCapture(recording, flags.output, {
      ...(flags.format !== undefined && { format: flags.format }),
      ...(flags.at !== undefined && { at: flags.at }),
      ...(flags.kind !== undefined && { kind: flags.kind }),
      ...(flags.withDrops !== undefined && { withDrops: flags.withDrops }),
      ...(flags.startTime !== undefined && { startTime: flags.startTime }),
      ...(progress && { sinks: [progressSink(progress)] }),
    });
    progress?.finish();
    for (const line of captureSummary(result.stats, result.format, flags.output)) say(line);
    if (!result.recording.complete) {
      say(`hoplab: note: ${basename(recording)} is incomplete (stopped: ${result.recording.stopReason}); the capture ends where it does`);
    }
  } finally {
    progress?.finish();
  }
  return 0;
}
