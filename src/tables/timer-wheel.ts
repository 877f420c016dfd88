/**
 * When a kernel timer fires: Linux's timers (timer_list) run on a wheel that
 * counts jiffies, and each level of the wheel holds its timers in buckets of
 * its own granularity, rounded up so that none fires early
 * (kernel/time/timer.c, calc_wheel_index and calc_index). A 1 s timer at
 * HZ=250 (Debian's CONFIG_HZ) is 250 jiffies away, on level 1, whose buckets
 * are 8 jiffies (32 ms) wide: it fires 1.004 to 1.032 s after it was armed,
 * and exactly 1.024 s after a tick of that grid. Oracle S5-unreachable shows
 * it: ARP requests for a silent neighbour 1.032, 1.024 and 1.024 s apart, and
 * a ping that hears nothing sends 1.024 s apart (its receive timeout is such a
 * timer), on the very ticks the neighbour's timer fires.
 *
 * Virtual time 0 is a tick of every level: hoplab's runs start in step with
 * the wheel, where a real run starts at a random phase of it.
 */

/** HZ=250: one jiffy is 4 ms. */
export const JIFFY_NS = 4_000_000;
/** LVL_CLK_SHIFT: each level's buckets are 8 times wider than the one below. */
const LEVEL_CLOCK_SHIFT = 3;
/** LVL_BITS: 64 buckets a level. */
const LEVEL_SIZE = 64;
/** LVL_DEPTH at HZ=250 (HZ > 100). */
const LEVEL_DEPTH = 9;

/** LVL_START(n): how far away a timer must be to go on level n. */
function levelStart(level: number): number {
  return (LEVEL_SIZE - 1) * 2 ** ((level - 1) * LEVEL_CLOCK_SHIFT);
}

/**
 * When a timer armed at `now` to expire at `at` (both in ns of virtual time)
 * fires: the tick that ends its bucket. `at` is counted in whole jiffies, as
 * the kernel's `jiffies + delay` is.
 */
export function timerWheelExpiry(now: number, at: number): number {
  const clock = Math.floor(now / JIFFY_NS);
  const expires = Math.max(Math.floor(at / JIFFY_NS), clock);
  const delta = expires - clock;
  let level = 0;
  while (level < LEVEL_DEPTH - 1 && delta >= levelStart(level + 1)) level++;
  const granularity = 2 ** (level * LEVEL_CLOCK_SHIFT);
  return (Math.floor(expires / granularity) + 1) * granularity * JIFFY_NS;
}
