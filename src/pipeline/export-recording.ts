/**
 * `hoplab export` as a library call: a recording, read lazily through the same stream a
 * replay uses, into a capture sink. Resolves once the file is in place.
 */

import type { CaptureSink, CaptureStats } from '../export/capture-sink.js';
import { withFrameCache } from '../store/frame-caching-reader.js';
import type { RecordingReader } from '../store/recording.js';
import { drive } from './drive.js';
import type { EventSink } from './event-sink.js';
import { recordedEvents } from './recorded-events.js';

/**
 * Streams every event of `reader` into `sink`, then completes it (the file is put in
 * place); on failure the sink is aborted. `name` (the recording's path) names it in
 * errors; `also` are more sinks for the same events (a progress line).
 */
export async function exportRecording(
  reader: RecordingReader,
  sink: CaptureSink,
  name: string,
  also: readonly EventSink[] = [],
): Promise<CaptureStats> {
  const events$ = recordedEvents(withFrameCache(reader, name, { readAhead: true }), { withBytes: true });
  await drive(events$, [sink, ...also]);
  return sink.stats;
}
