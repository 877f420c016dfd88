import { type MonoTypeOperatorFunction, tap } from 'rxjs';
import type { SimEvent } from '../events/event.js';
import type { EventSink } from './event-sink.js';

/**
 * An operator that hands each event to every sink, in the order given, before
 * the next event comes, and passes it on; completion and errors reach every
 * sink once, in the same order. One operator for all the sinks, not a
 * subscriber each: a run of a million events a second cannot pay a Subject's
 * per-subscriber cost several times over (measured: 100-150 ns an event for
 * four subscribers, against 25 for one loop).
 */
export function throughSinks(sinks: readonly EventSink[]): MonoTypeOperatorFunction<SimEvent> {
  const nexts = sinks.flatMap((s) => (s.next ? [s.next.bind(s)] : []));
  const deliver =
    nexts.length === 1
      ? nexts[0]!
      : (e: SimEvent): void => {
          for (const next of nexts) next(e);
        };
  return tap({
    next: deliver,
    complete: () => {
      for (const s of sinks) s.complete?.();
    },
    error: (err: unknown) => {
      for (const s of sinks) s.error?.(err);
    },
  });
}
