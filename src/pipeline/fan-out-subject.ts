import type { SubjectLike } from 'rxjs';
// Observable alone, not rxjs's index (pipeline/recorded-events.ts says why).
import { Observable } from 'rxjs/internal/Observable';
import type { Subscriber } from 'rxjs/internal/Subscriber';

/** How the stream ended, for those who subscribe after. */
type Ending = { error: unknown } | 'complete';

/**
 * The subject `share` multicasts a run's events through: what rxjs's Subject
 * does for a stream that is shared, with `next` a plain loop. Node runs rxjs's
 * CommonJS build, where Subject.next wraps its loop in a closure
 * (errorContext) and walks the observers with a compiled-down iterator: three
 * objects made for every event, whoever listens. On 2M events of the 5,000-host
 * tree they were 450 MB of the 1.66 GB the simulating thread allocated
 * (sampling heap profiler), and its scavenges cost a tenth of the run.
 *
 * What it keeps of Subject: observers are called in the order they came; one
 * that subscribes or leaves during an event hears from the next event on (the
 * list is replaced, never changed under a loop: Subject's `currentObservers`);
 * an observer that throws stops that event there and the error goes to the
 * caller; after `complete` or `error` every observer, present and later, hears
 * that end once, and `next` does nothing. Held to Subject by
 * `test/pipeline/fan-out-subject.test.ts`.
 */
export class FanOutSubject<T> extends Observable<T> implements SubjectLike<T> {
  private observers: ReadonlyArray<Subscriber<T>> = [];
  private ending: Ending | undefined;

  constructor() {
    super((subscriber) => this.add(subscriber));
  }

  next(value: T): void {
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i]!.next(value);
  }

  error(err: unknown): void {
    this.end({ error: err });
  }

  complete(): void {
    this.end('complete');
  }

  private add(subscriber: Subscriber<T>): (() => void) | undefined {
    if (this.ending !== undefined) {
      tell(subscriber, this.ending);
      return undefined;
    }
    this.observers = [...this.observers, subscriber];
    return () => {
      this.observers = this.observers.filter((o) => o !== subscriber);
    };
  }

  private end(ending: Ending): void {
    if (this.ending !== undefined) return;
    this.ending = ending;
    const observers = this.observers;
    this.observers = [];
    for (const o of observers) tell(o, ending);
  }
}

function tell<T>(subscriber: Subscriber<T>, ending: Ending): void {
  if (ending === 'complete') subscriber.complete();
  else subscriber.error(ending.error);
}
