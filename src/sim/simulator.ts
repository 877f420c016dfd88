import type { DescriptionHint } from '../events/description-hint.js';
import type { EventInit, SimEvent } from '../events/event.js';
import { isUnnumbered } from '../events/event-init.js';
import { CopyTracker } from '../events/frame-copy.js';
import { EventQueue, type Handler } from './event-queue.js';
import { Rng } from './rng.js';

export type StopReason = 'idle' | 'until' | 'max-events' | 'interrupted';

export interface RunLimits {
  /** Last instant (ns) at which actions still run. */
  until: number;
  /** Events beyond this count are neither emitted nor recorded. */
  maxEvents: number;
}

/**
 * The discrete-event kernel: a virtual clock, the one action queue, the seeded
 * RNG, and the numbering of events. It knows nothing of networks: devices and
 * cables schedule actions and emit events through it.
 */
export class Simulator {
  now = 0;
  readonly rng: Rng;
  private readonly queue = new EventQueue();
  private lastSeq = 0;
  private nextFrameId = 1;
  private lastHint = 0;
  private readonly copies = new CopyTracker();
  private listener: (event: SimEvent) => void = () => {};
  /** Listeners inside the run (a script's tcpdump), told of each event after the stream has it. */
  private readonly taps = new Set<(event: SimEvent) => void>();
  private stopped: StopReason | undefined;

  constructor(
    seed: number,
    readonly limits: RunLimits,
  ) {
    this.rng = new Rng(seed);
  }

  get eventCount(): number {
    return this.lastSeq;
  }

  /** Actions in the queue, waiting for their time. */
  get pending(): number {
    return this.queue.size;
  }

  onEvent(listener: (event: SimEvent) => void): void {
    this.listener = listener;
  }

  /**
   * Adds a listener that is part of the simulation (a script's tcpdump): it is
   * told of every event after the stream, and may emit events of its own in
   * answer, which come next. Returns its removal.
   */
  tap(listener: (event: SimEvent) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  schedule<T>(at: number, handler: Handler<T>, arg: T): void {
    this.queue.push(Math.max(at, this.now), handler, arg);
  }

  /**
   * Takes the next place in the order of actions for one that may never be
   * needed (EventQueue.reserve): the end of a cable's transmission matters
   * only to a frame waiting behind it. Scheduled later with
   * `scheduleReserved`, the action runs exactly where it would have run had
   * it been scheduled at once, so the run is the same either way.
   */
  reserveTurn(): number {
    return this.queue.reserve();
  }

  /** Schedules `handler(arg)` at `at` (not before now) in the place `turn` took. */
  scheduleReserved<T>(at: number, turn: number, handler: Handler<T>, arg: T): void {
    this.queue.pushReserved(at, turn, handler, arg);
  }

  /** Whether an action at `at` in the place `turn` took would have run by now. */
  hasPassed(at: number, turn: number): boolean {
    return this.queue.hasPassed(this.now, at, turn);
  }

  /** Gives the event its seq and time and hands it to the stream. Returns its seq (0 past the event limit). */
  emit(init: EventInit): number {
    if (this.lastSeq >= this.limits.maxEvents) {
      this.stopped ??= 'max-events';
      return 0;
    }
    const event = isUnnumbered(init) ? numbered(init, ++this.lastSeq, this.now) : this.copied(init);
    this.copies.assign(event);
    this.listener(event);
    if (this.taps.size > 0) for (const tap of this.taps) tap(event);
    return event.seq;
  }

  /**
   * `init` as an event of its own, numbered next, at the present time: one
   * shape for every event the builders of event-init.ts do not make, their
   * fields first and in their order (at the same offsets as in theirs), then
   * the six only these events have.
   */
  private copied(init: EventInit): SimEvent {
    return {
      seq: ++this.lastSeq,
      t: this.now,
      kind: init.kind,
      node: init.node,
      port: init.port,
      frame: init.frame,
      cause: init.cause,
      copy: init.copy,
      why: init.why,
      out: init.out,
      reason: init.reason,
      mac: init.mac,
      from: init.from,
      vlan: init.vlan,
      bytes: init.bytes,
      hint: init.hint,
      ip: init.ip,
      state: init.state,
      text: init.text,
      senders: init.senders,
      channel: init.channel,
      config: init.config,
    };
  }

  newFrameId(): number {
    return this.nextFrameId++;
  }

  /** A new description hint (description-hint.ts): the run's own sequence, from 1. */
  newHint(): DescriptionHint {
    return ++this.lastHint as DescriptionHint;
  }

  /** Asks the run to stop before its next action (Ctrl-C). */
  interrupt(): void {
    this.stopped ??= 'interrupted';
  }

  /**
   * Runs at most `budget` actions. Returns why it stopped, or undefined when the
   * budget ran out and there is more to do (the caller yields to I/O, then calls again).
   */
  runSlice(budget: number): StopReason | undefined {
    for (let i = 0; i < budget; i++) {
      if (this.stopped) return this.stopped;
      const next = this.queue.peekTime();
      if (next === undefined) return 'idle';
      if (next > this.limits.until) {
        this.now = this.limits.until;
        this.queue.ranThrough();
        return 'until';
      }
      this.now = next;
      this.queue.popAndRun();
    }
    return this.stopped;
  }

  /** Runs to the end in one go (tests, benchmarks). */
  runToEnd(): StopReason {
    for (;;) {
      const reason = this.runSlice(1 << 20);
      if (reason) return reason;
    }
  }
}

/** An event a builder made whole (event-init.ts), numbered in place. */
function numbered(event: SimEvent, seq: number, t: number): SimEvent {
  event.seq = seq;
  event.t = t;
  return event;
}
