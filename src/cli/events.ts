import { openRecording } from '../api/recording.js';
import { drive } from '../pipeline/drive.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { printerSink } from '../pipeline/sinks.js';
import { eventFilter, type EventsFlags } from './event-flags.js';
import { useColor } from './flags.js';

/** `hoplab events REC.db`: list recorded events, through the same printer a live run uses. */
export async function eventsCommand(path: string, flags: EventsFlags): Promise<number> {
  const recording = openRecording(path);
  const out = new LineWriter(1);
  try {
    const events$ = recording.events$({ ...eventFilter(flags), withBytes: true });
    // `| head` closing stdout ends the listing there, not after a full scan.
    await drive(events$, [printerSink(out, { json: !!flags.json, bytes: !!flags.bytes, color: useColor(1) })], out.closed$);
  } finally {
    out.flush();
    recording.close();
  }
  return 0;
}
