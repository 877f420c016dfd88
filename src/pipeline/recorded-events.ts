// The class alone, not rxjs's index, as everywhere in hoplab: in Node the index is its
// CommonJS build, which loads every operator (about 100 ms here), where `hoplab state` needs
// two classes and `run` a dozen. Each file imports only what it uses, from the module the
// index re-exports, so the classes are the same ones (test/cli/lean-start.test.ts).
import { Observable } from 'rxjs/internal/Observable';
import type { SimEvent } from '../events/event.js';
import { CopyTracker } from '../events/frame-copy.js';
import type { EventFilter, RecordingReader } from '../store/recording.js';

export interface ReplayOptions extends EventFilter {
  /** Attach each event's frame bytes (for --bytes and pcap). */
  withBytes?: boolean;
  /** Virtual seconds per wall second; undefined = as fast as possible. */
  speed?: number;
  /** Say which copy of its frame each event concerns (`copy`, as a live run does: events/frame-copy.ts). */
  withCopies?: boolean;
}

const CHUNK = 10_000;

/**
 * A recording as the same RxJS stream a live run produces: read lazily from
 * the store's cursor, in chunks, optionally paced against the wall clock
 * (the pacer is the one place outside the CLI that reads it).
 */
export function recordedEvents(reader: RecordingReader, options: ReplayOptions = {}): Observable<SimEvent> {
  return new Observable<SimEvent>((subscriber) => {
    const it = reader.events(options);
    const copies = options.withCopies ? new CopyTracker((seq) => reader.event(seq)) : undefined;
    let cancelled = false;
    const started = Date.now();
    let firstT: number | undefined;
    const pump = (): void => {
      try {
        for (let i = 0; i < CHUNK && !cancelled; i++) {
          const next = it.next();
          if (next.done) {
            subscriber.complete();
            return;
          }
          const e = next.value;
          copies?.assign(e);
          if (options.withBytes && e.frame !== undefined) {
            const bytes = reader.frame(e.frame);
            if (bytes) e.bytes = bytes;
          }
          if (options.speed !== undefined) {
            firstT ??= e.t;
            const dueMs = (e.t - firstT) / 1e6 / options.speed;
            const waitMs = dueMs - (Date.now() - started);
            if (waitMs > 1) {
              setTimeout(() => {
                if (cancelled) return;
                subscriber.next(e);
                pump();
              }, waitMs);
              return;
            }
          }
          subscriber.next(e);
        }
        if (!cancelled) setImmediate(pump);
      } catch (err) {
        subscriber.error(err);
      }
    };
    pump();
    return () => {
      cancelled = true;
      it.return?.();
    };
  });
}
