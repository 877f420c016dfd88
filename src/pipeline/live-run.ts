// Each from its own module, not rxjs's index (pipeline/recorded-events.ts says why).
import { Observable } from 'rxjs/internal/Observable';
import { defer } from 'rxjs/internal/observable/defer';
import { finalize } from 'rxjs/internal/operators/finalize';
import type { SimEvent } from '../events/event.js';
import { Network } from '../net/network.js';
import { Simulator, type StopReason } from '../sim/simulator.js';
import type { Topology } from '../topology/model.js';

export interface RunOptions {
  seed?: number;
  untilNs?: number;
  maxEvents?: number;
}

export interface RunSummary {
  stopReason: StopReason;
  events: number;
  endTime: number;
}

/** Actions run between yields to Node's event loop, so Ctrl-C is heard during long runs. */
const SLICE = 50_000;

/** Ten minutes of virtual time: a run with no `until` that never goes idle still ends. */
export const DEFAULT_UNTIL_NS = 600e9;

/**
 * Ten million events: what a run with no event limit stops at. Ten minutes of a
 * broadcast storm's virtual time is billions of events (hours, hundreds of GB);
 * ten million take 10-20 s here and about 200 MB, enough to see any storm grow.
 */
export const DEFAULT_MAX_EVENTS = 10_000_000;

/**
 * A live run as an RxJS stream: subscribing builds the network and runs it in
 * virtual time, emitting every event as it happens; the stream completes when
 * the run stops. The same sinks subscribe to this and to a replayed recording.
 */
export class LiveRun {
  readonly sim: Simulator;
  readonly network: Network;
  readonly events$: Observable<SimEvent>;
  summary: RunSummary | undefined;

  constructor(topology: Topology, options: RunOptions = {}) {
    this.sim = new Simulator(options.seed ?? topology.seed, {
      until: options.untilNs ?? topology.limits.untilNs ?? DEFAULT_UNTIL_NS,
      maxEvents: options.maxEvents ?? topology.limits.maxEvents ?? DEFAULT_MAX_EVENTS,
    });
    this.network = new Network(topology, this.sim);
    this.events$ = new Observable<SimEvent>((subscriber) => {
      let cancelled = false;
      this.sim.onEvent((e) => subscriber.next(e));
      this.network.start();
      const step = (): void => {
        if (cancelled) return;
        let reason: StopReason | undefined;
        try {
          reason = this.sim.runSlice(SLICE);
        } catch (e) {
          subscriber.error(e);
          return;
        }
        if (reason) {
          this.summary = { stopReason: reason, events: this.sim.eventCount, endTime: this.sim.now };
          subscriber.complete();
        } else setImmediate(step);
      };
      step();
      return () => {
        cancelled = true;
      };
    });
  }

  /** Stops the run before its next action; the stream then completes normally. */
  interrupt(): void {
    this.sim.interrupt();
  }

  /**
   * The run's stream, stopped as Ctrl-C stops it when `stop$` emits: the
   * action under way finishes, the stream completes, and the summary says
   * `interrupted`. Unlike cutting the stream (takeUntil), every event the
   * simulation made reaches the sinks, so the recording holds all of them.
   */
  stoppedBy(stop$: Observable<unknown>): Observable<SimEvent> {
    return defer(() => {
      const stopping = stop$.subscribe(() => this.interrupt());
      return this.events$.pipe(finalize(() => stopping.unsubscribe()));
    });
  }

  /** Runs synchronously to the end, handing each event to `onEvent` (tests, benchmarks, verify). */
  runSync(onEvent: (e: SimEvent) => void): RunSummary {
    this.sim.onEvent(onEvent);
    this.network.start();
    const stopReason = this.sim.runToEnd();
    this.summary = { stopReason, events: this.sim.eventCount, endTime: this.sim.now };
    return this.summary;
  }
}
