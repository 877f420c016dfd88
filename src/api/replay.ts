import type { Observable } from 'rxjs';
import { type CaptureFormat, captureFormatFor } from '../export/capture-format.js';
import type { CaptureStats } from '../export/capture-sink.js';
import { LiveCapture } from '../export/live-capture.js';
import { drive } from '../pipeline/drive.js';
import type { EventSink } from '../pipeline/event-sink.js';
import type { Recording, ReplayOptions } from './recording.js';
import { HOPLAB_VERSION } from './version.js';

export interface ReplayThroughOptions extends ReplayOptions {
  /** Where every event goes: a printer, a progress line, anything that observes. */
  sinks?: readonly EventSink[];
  /** Also write the replayed frames to a capture file, as a live run's `capture` does. */
  capture?: { path: string; format?: CaptureFormat };
  /** End the replay when this emits (Ctrl-C, a closed stdout); the sinks are completed. */
  stop$?: Observable<unknown>;
}

export interface ReplayResult {
  /** What went into the capture file, when one was asked for, and in which format. */
  capture?: CaptureStats;
  captureFormat?: CaptureFormat;
}

/**
 * A recording's events sent through sinks, as a live run sends its own
 * (`hoplab events` and `hoplab replay`): the same printer, the same capture
 * file. Resolves when the last event, or the stop signal, has gone through.
 */
export async function replay(recording: Recording, options: ReplayThroughOptions = {}): Promise<ReplayResult> {
  const { sinks = [], capture: asked, stop$, ...read } = options;
  const capture = asked
    ? new LiveCapture(asked.path, recording.header(), captureFormatFor(asked.path, asked.format), HOPLAB_VERSION)
    : undefined;
  const all: EventSink[] = [...sinks];
  if (capture) all.push({ next: (e) => capture.next(e), error: () => capture.error() });
  await drive(recording.events$({ ...read, withBytes: read.withBytes ?? capture !== undefined }), all, stop$);
  return capture ? { capture: capture.complete(), captureFormat: capture.format } : {};
}
