import type { RecordingStatus, RecordingWriter } from '../store/recording.js';
import type { SqliteRecordingWriter } from '../store/sqlite-writer.js';
import type { EventSink } from './event-sink.js';

/**
 * What records a run: every event appended to the writer, which keeps the
 * fold's snapshots beside them (so that `state --at` and `step` start near
 * any event; folded where the rows are written), and, when the stream ends, the recording finished with the
 * status `status()` gives then (or left incomplete, marked `failed`, if the stream failed).
 */
export function recordingSinks(writer: SqliteRecordingWriter, status: () => RecordingStatus): EventSink[] {
  writer.keepSnapshots();
  return [
    { next: (e) => writer.append(e) },
    {
      complete: () => finish(writer, status()),
      error: () => writer.abort(),
    },
  ];
}

/** Finishes the file; a write that fails at the end (a full disk) leaves it incomplete, never removed. */
function finish(writer: RecordingWriter, status: RecordingStatus): void {
  try {
    writer.finish(status);
  } catch (e) {
    writer.abort();
    throw e;
  }
}
