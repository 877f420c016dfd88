import type { Observer } from 'rxjs';
import type { SimEvent } from '../events/event.js';
import { eventJson, formatEvent } from '../events/format-event.js';
import type { LineWriter } from '../pipeline/line-writer.js';

/** Whether a program's line went to stderr, as its event says (a recording older than schema version 4 says it through its reader, legacy-channel.ts). */
export function isStderrLine(e: Pick<SimEvent, 'kind' | 'channel'>): boolean {
  return e.kind === 'app' && e.channel === 'stderr';
}

export interface ScriptPrintOptions {
  /** Interleave every hop event (formatted) with what the commands print. */
  events?: boolean;
  json?: boolean;
  color?: boolean;
}

/**
 * A script run's output, as a shell shows it (SPEC §2): what the commands
 * print, each line on its own stream; with `events`, every other event as
 * its text line on stdout in between; with `json`, every event as NDJSON.
 * Switching streams flushes the other, so a terminal shows them in order.
 */
export function scriptPrinterSink(stdout: LineWriter, stderr: LineWriter, o: ScriptPrintOptions): Partial<Observer<SimEvent>> {
  let last: LineWriter = stdout;
  const write = (to: LineWriter, text: string): void => {
    if (to !== last) last.flush();
    last = to;
    to.line(text);
  };
  const flush = (): void => {
    stdout.flush();
    stderr.flush();
  };
  return {
    next: (e) => {
      if (o.json) return write(stdout, eventJson(e));
      if (e.kind === 'app') return write(isStderrLine(e) ? stderr : stdout, e.text ?? '');
      if (o.events) write(stdout, formatEvent(e, { color: o.color }));
    },
    complete: flush,
    error: flush,
  };
}
