import type { Observable } from 'rxjs';
// Each from its own module, not rxjs's index (pipeline/recorded-events.ts says why).
import { fromEvent } from 'rxjs/internal/observable/fromEvent';
import { merge } from 'rxjs/internal/observable/merge';
import { map } from 'rxjs/internal/operators/map';
import { take } from 'rxjs/internal/operators/take';

/** The signals that ask a run to stop cleanly, with the exit status a shell reports for each (128 + its number). */
const STOPPING = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof STOPPING;

/**
 * Ctrl-C (SIGINT), a polite kill (SIGTERM) or a closed terminal (SIGHUP),
 * once: the run stops cleanly at the first, recorded as interrupted; the
 * handlers are then gone, so a second one ends the process as the default
 * action does.
 */
export function stopSignals(): Observable<StopSignal> {
  const signals = (Object.keys(STOPPING) as StopSignal[]).map((name) => fromEvent(process, name).pipe(map(() => name)));
  return merge(...signals).pipe(take(1));
}

/** The exit status for a run stopped by `signal`. */
export function exitStatusFor(signal: StopSignal): number {
  return STOPPING[signal];
}
