// The spanning tree's timers (br_stp_timer.c) on the simulator's queue, and
// the kernel's round_jiffies, which puts the hello and hold timers on whole
// seconds of its own clock.

/** Where the kernel's whole jiffies seconds fall in virtual time: 0.4 s past each second, as in the oracle (spanning-tree.ts). */
const JIFFY_SECOND_PHASE_NS = 0.4e9;
const NS_PER_S = 1e9;

/**
 * A timer as the kernel's timer_list: armed for one instant, or not. The
 * queue cannot take an action back, so each arming gets a token and an
 * expiry whose token is no longer the timer's does nothing (del_timer).
 */
export class StpTimer {
  at: number | undefined;
  token = 0;
  /** The seq of the event that armed it: the cause of what its expiry does. */
  cause = 0;

  get pending(): boolean {
    return this.at !== undefined;
  }

  stop(): void {
    this.at = undefined;
    this.token++;
  }

  /** mod_timer: (re)arms it for `at`; `fire(arg)` runs then unless it was stopped or re-armed meanwhile. */
  arm<T>(
    at: number,
    cause: number,
    schedule: (at: number, handler: (e: Expiry<T>) => void, arg: Expiry<T>) => void,
    fire: (arg: T) => void,
    arg: T,
  ): void {
    this.at = at;
    this.cause = cause;
    schedule(at, expire, { timer: this, token: ++this.token, fire, arg });
  }
}

export interface Expiry<T> {
  timer: StpTimer;
  token: number;
  fire: (arg: T) => void;
  arg: T;
}

function expire<T>(e: Expiry<T>): void {
  if (e.timer.token !== e.token || e.timer.at === undefined) return;
  // Like a timer_list, it is no longer pending while its function runs.
  e.timer.at = undefined;
  e.fire(e.arg);
}

/**
 * round_jiffies (kernel/time/timer.c): to the kernel's whole second, down when
 * less than a quarter second past one, else up; the time itself if that
 * second has already begun.
 */
export function roundJiffies(at: number, now: number): number {
  const rem = (((at - JIFFY_SECOND_PHASE_NS) % NS_PER_S) + NS_PER_S) % NS_PER_S;
  const rounded = rem < NS_PER_S / 4 ? at - rem : at - rem + NS_PER_S;
  return rounded <= now ? at : rounded;
}
