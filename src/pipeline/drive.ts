import type { Observable } from 'rxjs';
// Each from its own module, not rxjs's index (pipeline/recorded-events.ts says why).
import { NEVER } from 'rxjs/internal/observable/never';
import { takeUntil } from 'rxjs/internal/operators/takeUntil';
import type { SimEvent } from '../events/event.js';
import type { EventSink } from './event-sink.js';
import { throughSinks } from './through-sinks.js';

/**
 * The one place where a stream of events meets its sinks, for live runs and
 * replays alike: every event goes through every sink (throughSinks); the
 * stream ends when its source completes, or at once when `stop$` emits
 * (Ctrl-C, a closed stdout), and each sink is then completed, so that it
 * flushes and closes what it holds. Resolves when all of that is done;
 * rejects with the error that ended the stream, after the sinks have heard it.
 *
 * A live run that must stop gracefully (its recording marked interrupted,
 * not cut) is stopped at its source (LiveRun.stoppedBy), not here.
 */
export function drive(events$: Observable<SimEvent>, sinks: readonly EventSink[], stop$: Observable<unknown> = NEVER): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    events$.pipe(takeUntil(stop$), throughSinks(sinks)).subscribe({ complete: resolve, error: reject });
  });
}
