import { takeUntil } from 'rxjs';
import { recordedEvents } from '../pipeline/recorded-events.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { printerSink } from '../pipeline/sinks.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { eventFilter, type EventsFlags } from './event-flags.js';
import { useColor } from './flags.js';

/** `hoplab events REC.db`: list recorded events, through the same printer a live run uses. */
export async function eventsCommand(path: string, flags: EventsFlags): Promise<number> {
  const reader = new SqliteRecordingReader(path);
  const out = new LineWriter(1);
  const sink = printerSink(out, { json: !!flags.json, bytes: !!flags.bytes, color: useColor(1) });
  try {
    await new Promise<void>((resolve, reject) => {
      recordedEvents(reader, { ...eventFilter(flags), withBytes: true })
        // `| head` closing stdout ends the listing there, not after a full scan.
        .pipe(takeUntil(out.closed$))
        .subscribe({ next: (e) => sink.next!(e), error: reject, complete: () => resolve() });
    });
  } finally {
    out.flush();
    reader.close();
  }
  return 0;
}
