import { takeUntil } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import type { EventSink } from '../../src/pipeline/event-sink.js';
import { throughSinks } from '../../src/pipeline/through-sinks.js';

// The pipeline's composition in virtual time (RxJS marble tests): every event
// reaches every sink in order before the next one, completion and errors
// reach each sink once, and a stop signal cuts the stream and completes them.

const ev = (seq: number): SimEvent => ({ seq, t: seq, kind: 'tx', node: 'h1', why: `event ${seq}` });
const values = { a: ev(1), b: ev(2), c: ev(3), d: ev(4) };

/** A sink that writes what it hears into `log`, tagged with its name and the scheduler's frame. */
function logSink(name: string, log: string[], scheduler: TestScheduler): EventSink {
  return {
    next: (e) => log.push(`${scheduler.now()} ${name} #${e.seq}`),
    complete: () => log.push(`${scheduler.now()} ${name} complete`),
    error: (err) => log.push(`${scheduler.now()} ${name} error ${String(err)}`),
  };
}

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('throughSinks', () => {
  it('passes every event on unchanged, at the time it came', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-c|', values).pipe(throughSinks([]))).toBe('-a-b-c|', values);
    });
  });

  it('hands each event to every sink in the order given before the next event, then completes each once', () => {
    const s = scheduler();
    const log: string[] = [];
    s.run(({ cold, expectObservable }) => {
      const out = cold('-a-b-c|', values).pipe(throughSinks([logSink('printer', log, s), logSink('recorder', log, s)]));
      expectObservable(out).toBe('-a-b-c|', values);
    });
    expect(log).toEqual([
      '1 printer #1',
      '1 recorder #1',
      '3 printer #2',
      '3 recorder #2',
      '5 printer #3',
      '5 recorder #3',
      '6 printer complete',
      '6 recorder complete',
    ]);
  });

  it('a stop signal (Ctrl-C, a closed stdout) ends the stream there and completes every sink', () => {
    const s = scheduler();
    const log: string[] = [];
    s.run(({ cold, hot, expectObservable }) => {
      const stop$ = hot('----x');
      const out = cold('-a-b-c-d|', values).pipe(takeUntil(stop$), throughSinks([logSink('printer', log, s), logSink('recorder', log, s)]));
      expectObservable(out).toBe('-a-b|', values);
    });
    expect(log).toEqual(['1 printer #1', '1 recorder #1', '3 printer #2', '3 recorder #2', '4 printer complete', '4 recorder complete']);
  });

  it('an error reaches every sink once, after the events before it, and ends the stream', () => {
    const s = scheduler();
    const log: string[] = [];
    s.run(({ cold, expectObservable }) => {
      const out = cold('-a-#', values, 'disk full').pipe(throughSinks([logSink('printer', log, s), logSink('recorder', log, s)]));
      expectObservable(out).toBe('-a-#', values, 'disk full');
    });
    expect(log).toEqual(['1 printer #1', '1 recorder #1', '3 printer error disk full', '3 recorder error disk full']);
  });

  it('a sink that throws while completing (a capture that cannot be put in place) turns the end into an error', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const failing: EventSink = {
        complete: () => {
          throw new Error('cannot write out.pcapng');
        },
      };
      expectObservable(cold('-a|', values).pipe(throughSinks([failing]))).toBe('-a#', values, new Error('cannot write out.pcapng'));
    });
  });
});
