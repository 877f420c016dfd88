import { openRecording } from '../api/recording.js';
import { replay } from '../api/replay.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { printerSink } from '../pipeline/sinks.js';
import type { EventSink } from '../pipeline/event-sink.js';
import { matchesFilter } from '../stepper/stepper-filter.js';
import { checkNodes, checkPorts, eventFilter, type EventsFlags } from './event-flags.js';
import { useColor } from './flags.js';

/** `hoplab events REC.db`: list recorded events, through the same printer a live run uses. */
export async function eventsCommand(path: string, flags: EventsFlags): Promise<number> {
  const recording = openRecording(path);
  const out = new LineWriter(1);
  try {
    checkNodes(flags, recording.header());
    checkPorts(flags, recording.header());
  } catch (e) {
    recording.close();
    throw e;
  }
  try {
    await replay(recording, {
      ...eventFilter(flags),
      withBytes: true,
      withCopies: !!flags.json,
      sinks: [onlyMatching(flags, printerSink(out, { json: !!flags.json, bytes: !!flags.bytes, color: useColor(1) }))],
      // `| head` closing stdout ends the listing there, not after a full scan.
      stop$: out.closed$,
    });
  } finally {
    out.flush();
    recording.close();
  }
  return 0;
}

/** The printer behind --port and --proto, which the store cannot filter on: the stepper's filter, on each event as it streams. */
function onlyMatching(flags: EventsFlags, sink: EventSink): EventSink {
  if (!flags.port && !flags.proto) return sink;
  const filter = { text: '', ...(flags.port && { ports: flags.port }), ...(flags.proto && { protos: flags.proto }) };
  return { ...sink, next: (e) => matchesFilter(filter, e, (x) => x.bytes) && sink.next?.(e) };
}
