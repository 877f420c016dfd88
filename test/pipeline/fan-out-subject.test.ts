import fc from 'fast-check';
import { Subject, type SubjectLike, type Unsubscribable, share } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FanOutSubject } from '../../src/pipeline/fan-out-subject.js';

// FanOutSubject stands in for rxjs's Subject under a run's `share`: whatever
// anyone does with it (subscribe, leave, subscribe or leave from inside an
// event, end it, subscribe after the end), every observer hears what it would
// have heard from a Subject, in the same order.

type Op =
  | { op: 'subscribe'; onValue?: { value: number; act: 'subscribe' | 'leave-self' | 'leave-first' } }
  | { op: 'leave'; which: number }
  | { op: 'next'; value: number }
  | { op: 'complete' }
  | { op: 'error'; value: number };

const ops = fc.array(
  fc.oneof(
    fc.record(
      {
        op: fc.constant('subscribe' as const),
        onValue: fc.record({
          value: fc.integer({ min: 0, max: 3 }),
          act: fc.constantFrom('subscribe' as const, 'leave-self' as const, 'leave-first' as const),
        }),
      },
      { requiredKeys: ['op'] },
    ),
    fc.record({ op: fc.constant('leave' as const), which: fc.nat(8) }),
    fc.record({ op: fc.constant('next' as const), value: fc.integer({ min: 0, max: 3 }) }),
    fc.constant({ op: 'complete' as const }),
    fc.record({ op: fc.constant('error' as const), value: fc.nat(9) }),
  ),
  { maxLength: 30 },
);

/** Plays `script` on `subject`, and returns what each observer heard, in the order heard. */
function play(subject: SubjectLike<number>, script: Op[]): string[] {
  const heard: string[] = [];
  const subscriptions: Unsubscribable[] = [];
  const subscribe = (onValue?: Extract<Op, { op: 'subscribe' }>['onValue']): void => {
    const id = subscriptions.length;
    let own: Unsubscribable | undefined;
    own = subject.subscribe({
      next: (v) => {
        heard.push(`${id} next ${v}`);
        if (onValue?.value !== v) return;
        if (onValue.act === 'subscribe') subscribe();
        else if (onValue.act === 'leave-self') own?.unsubscribe();
        else subscriptions[0]?.unsubscribe();
      },
      complete: () => heard.push(`${id} complete`),
      error: (e) => heard.push(`${id} error ${String(e)}`),
    });
    subscriptions.push(own);
  };
  for (const step of script) {
    if (step.op === 'subscribe') subscribe(step.onValue);
    else if (step.op === 'leave') subscriptions[step.which]?.unsubscribe();
    else if (step.op === 'next') subject.next(step.value);
    else if (step.op === 'complete') subject.complete();
    else subject.error(step.value);
  }
  return heard;
}

describe('FanOutSubject', () => {
  it('tells every observer what a Subject would, in the same order', () => {
    fc.assert(
      fc.property(ops, (script) => {
        expect(play(new FanOutSubject<number>(), script)).toEqual(play(new Subject<number>(), script));
      }),
      { numRuns: 500 },
    );
  });

  it('shares a source as share() with a Subject does, ends and late subscribers included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 10 }), fc.boolean(), (values, fails) => {
        const through = (connector: () => SubjectLike<number>): string[] => {
          const heard: string[] = [];
          const source = new Subject<number>();
          const shared = source.pipe(share({ connector, resetOnComplete: false, resetOnError: false, resetOnRefCountZero: false }));
          const listen = (name: string): void => {
            shared.subscribe({
              next: (v) => heard.push(`${name} ${v}`),
              complete: () => heard.push(`${name} complete`),
              error: (e) => heard.push(`${name} error ${String(e)}`),
            });
          };
          listen('first');
          listen('second');
          for (const v of values) source.next(v);
          if (fails) source.error('boom');
          else source.complete();
          listen('late');
          return heard;
        };
        expect(through(() => new FanOutSubject<number>())).toEqual(through(() => new Subject<number>()));
      }),
    );
  });
});
