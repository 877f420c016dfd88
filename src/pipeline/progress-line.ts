import type { SimEvent } from '../events/event.js';
import { formatSeconds } from '../events/time.js';
import type { EventSink } from './event-sink.js';

/** Where the line is drawn: a terminal's stderr. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly columns?: number;
}

/** What the line reports; each part is left out when unknown. */
export interface ProgressOptions {
  /** What is being done: `run mesh-storm`, `export storm.db`. */
  label: string;
  /** The run's limits, to say how far it has come to the nearer one. */
  limits?: { events?: number; untilNs?: number };
  /** The size of the file being written, in bytes (read at each redraw). */
  bytes?: () => number;
  /** Milliseconds between redraws: a few times a second. */
  intervalMs?: number;
  /** The wall clock in milliseconds (STYLE rule 3: only progress and the replay pacer read it). */
  clock?: () => number;
}

/** How many events pass between two looks at the clock: reading it costs as much as handling an event. */
const CLOCK_EVERY = 1024;
const ERASE = '\r\x1b[K';

/**
 * A one-line progress report on a terminal, redrawn a few times a second in
 * place (carriage return, erase to end of line) and erased at the end, as
 * curl and cargo draw theirs: events done, virtual time reached, events per
 * second, the recording's size, and how far to the limit. A library like
 * log-update was weighed and not taken: it hides the cursor through
 * restore-cursor, whose exit handlers would stand between Ctrl-C and the
 * run's own clean stop, and one line needs only `\r` and `ESC [K`.
 */
export class ProgressLine {
  private events = 0;
  private t = 0;
  private drawn = false;
  private lastDraw: number;
  private lastEvents = 0;
  private rate = 0;
  private readonly clock: () => number;
  private readonly interval: number;
  private timer: NodeJS.Timeout | undefined;
  private limits: { events?: number; untilNs?: number } | undefined;

  constructor(
    private readonly out: ProgressOutput,
    private readonly options: ProgressOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.interval = options.intervalMs ?? 250;
    this.lastDraw = this.clock();
    this.limits = options.limits;
    // While a paced replay or a slow consumer waits, no event arrives to trigger a redraw.
    this.timer = setInterval(() => this.redrawIfDue(), this.interval);
    this.timer.unref();
  }

  /** `events` done so far, virtual time `t` (ns) reached. Cheap: the clock is read every CLOCK_EVERY calls. */
  update(events: number, t?: number): void {
    this.events = events;
    if (t !== undefined) this.t = t;
    if ((events & (CLOCK_EVERY - 1)) === 0) this.redrawIfDue();
  }

  /** The limits to measure the way left against, once they are known (events at most, virtual time at most in ns). */
  limitTo(limits: { events?: number; untilNs?: number }): void {
    this.limits = limits;
  }

  /** Takes the line off the screen for a moment (before other output is written to the same terminal). */
  erase(): void {
    if (this.drawn) this.out.write(ERASE);
    this.drawn = false;
  }

  /** Puts the line back after other output. */
  restore(): void {
    if (this.timer) this.draw();
  }

  /** Erases the line for good. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  /** The text of the line as it would be drawn now: `hoplab: run storm  1,234,567 events  t=0.002 s  1.1M/s  412.0 MB  12%`. */
  text(): string {
    const { bytes, label } = this.options;
    const limits = this.limits;
    const parts = [`hoplab: ${label}`, `${this.events.toLocaleString('en-US')} events`];
    if (this.t > 0) parts.push(`t=${formatSeconds(this.t).replace(/0+$/, '').replace(/\.$/, '')} s`);
    if (this.rate > 0) parts.push(`${perSecond(this.rate)}/s`);
    if (bytes) parts.push(`${(bytes() / 1e6).toFixed(1)} MB`);
    const done = Math.max(limits?.events ? this.events / limits.events : 0, limits?.untilNs ? this.t / limits.untilNs : 0);
    if (done > 0) parts.push(`${Math.min(100, Math.floor(done * 100))}%`);
    return parts.join('  ');
  }

  private redrawIfDue(): void {
    const now = this.clock();
    const elapsed = now - this.lastDraw;
    if (elapsed < this.interval) return;
    this.rate = ((this.events - this.lastEvents) * 1000) / elapsed;
    this.lastEvents = this.events;
    this.lastDraw = now;
    this.draw();
  }

  private draw(): void {
    const width = Math.max(20, (this.out.columns || 80) - 1);
    const line = this.text();
    this.out.write(`${ERASE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.drawn = true;
  }
}

/** 912345 -> '912k', 1234567 -> '1.2M': a rate to read at a glance. */
function perSecond(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)}M`;
  if (rate >= 1e3) return `${Math.round(rate / 1e3)}k`;
  return String(Math.round(rate));
}

/** The line as a sink of a stream: each event moves it on; the end of the stream erases it. */
export function progressSink(line: ProgressLine): EventSink {
  return {
    next: (e: SimEvent) => line.update(e.seq, e.t),
    complete: () => line.finish(),
    error: () => line.finish(),
  };
}
