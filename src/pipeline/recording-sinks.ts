import type { RecordingHeader, RecordingStatus, RecordingWriter } from '../store/recording.js';
import { snapshotSink } from '../store/snapshots.js';
import type { SqliteRecordingWriter } from '../store/sqlite-writer.js';
import type { EventSink } from './event-sink.js';

/**
 * What records a run: every event appended to the writer, the fold's
 * snapshots stored beside them (so that `state --at` and `step` start near
 * any event), and, when the stream ends, the recording finished with the
 * status `status()` gives then (or left incomplete, marked `failed`, if the stream failed).
 */
export function recordingSinks(writer: SqliteRecordingWriter, header: RecordingHeader, status: () => RecordingStatus): EventSink[] {
  const snapshots = snapshotSink(header, writer);
  return [
    { next: (e) => writer.append(e) },
    snapshots,
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
