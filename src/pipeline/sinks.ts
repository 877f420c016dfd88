import { eventJson, formatEvent } from '../events/format-event.js';
import type { EventSink } from './event-sink.js';
import type { LineWriter } from './line-writer.js';

/**
 * The sinks every stream goes through, live or replayed: they subscribe to
 * events and never know which kind of run produced them (STYLE rule 6).
 */
export interface PrintOptions {
  json?: boolean;
  color?: boolean;
  bytes?: boolean;
  /** Print only what programs print (a script's stdout), not every event. */
  appOnly?: boolean;
}

export function printerSink(out: LineWriter, o: PrintOptions): EventSink {
  return {
    next: (e) => {
      if (o.appOnly && e.kind !== 'app') return;
      out.line(o.json ? eventJson(e, o.bytes) : o.appOnly ? (e.text ?? '') : formatEvent(e, { color: o.color, bytes: o.bytes }));
    },
    complete: () => out.flush(),
    error: () => out.flush(),
  };
}
