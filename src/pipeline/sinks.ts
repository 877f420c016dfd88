import type { Observer } from 'rxjs';
import type { SimEvent } from '../events/event.js';
import { eventJson, formatEvent } from '../events/format-event.js';
import type { RecordingWriter } from '../store/recording.js';
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

export function printerSink(out: LineWriter, o: PrintOptions): Partial<Observer<SimEvent>> {
  return {
    next: (e) => {
      if (o.appOnly && e.kind !== 'app') return;
      out.line(o.json ? eventJson(e, o.bytes) : o.appOnly ? (e.text ?? '') : formatEvent(e, { color: o.color, bytes: o.bytes }));
    },
    complete: () => out.flush(),
    error: () => out.flush(),
  };
}

export function recorderSink(writer: RecordingWriter): Partial<Observer<SimEvent>> {
  return { next: (e) => writer.append(e) };
}
