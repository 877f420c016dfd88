/**
 * `hoplab export` as a library call: a recording, read lazily through the same stream a
 * replay uses, into a capture sink. Resolves once the file is in place.
 */

import type { CaptureSink, CaptureStats } from '../export/capture-sink.js';
import { withFrameCache } from '../store/frame-caching-reader.js';
import type { RecordingReader } from '../store/recording.js';
import { recordedEvents } from './recorded-events.js';

/**
 * Streams every event of `reader` into `sink` and completes it; on failure the sink is
 * aborted. `name` (the recording's path) names it in errors.
 */
export function exportRecording(reader: RecordingReader, sink: CaptureSink, name: string): Promise<CaptureStats> {
  return new Promise((resolve, reject) => {
    recordedEvents(withFrameCache(reader, name, { readAhead: true }), { withBytes: true }).subscribe({
      next: (e) => sink.next(e),
      error: (err: unknown) => {
        sink.error();
        reject(err);
      },
      complete: () => {
        try {
          sink.complete();
          resolve(sink.stats);
        } catch (err) {
          reject(err);
        }
      },
    });
  });
}
