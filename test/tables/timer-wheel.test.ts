import { describe, expect, it } from 'vitest';
import { JIFFY_NS, timerWheelExpiry } from '../../src/tables/timer-wheel.js';

// When a kernel timer fires on the jiffy wheel at HZ=250 (kernel/time/timer.c
// calc_wheel_index), against what oracle S5-unreachable measured: a 1 s
// timer fired 1.032 s after it was armed off the grid, then 1.024 s apart.

const ms = 1e6;

describe('the timer wheel at HZ=250', () => {
  it('fires a 1 s timer on the next 32 ms tick: 1.024 s from a tick, up to 1.032 s from between two', () => {
    expect(JIFFY_NS).toBe(4 * ms);
    expect(timerWheelExpiry(0, 1000 * ms)).toBe(1024 * ms);
    // Armed 6 jiffies past a tick of the 8-jiffy grid: 258 jiffies later, oracle S5's first gap.
    expect(timerWheelExpiry(24 * ms, 1024 * ms) - 24 * ms).toBe(1032 * ms);
    // Armed on a tick of it: exactly 256 jiffies, S5's later gaps.
    expect(timerWheelExpiry(1024 * ms, 2024 * ms)).toBe(2048 * ms);
    // The jiffy counts, not the nanoseconds within it.
    expect(timerWheelExpiry(3.9 * ms, 1003.9 * ms)).toBe(1024 * ms);
  });

  it('rounds each level up to its own granularity, so that no timer fires early', () => {
    // Under 63 jiffies, level 0: one jiffy later than asked (armed at the edge of a tick).
    expect(timerWheelExpiry(0, 100 * ms)).toBe(104 * ms);
    expect(timerWheelExpiry(0, 0)).toBe(4 * ms);
    // 200 ms is 50 jiffies, level 0: ping -i 0.2's receive timeout.
    expect(timerWheelExpiry(0, 200 * ms)).toBe(204 * ms);
    // 5 s is 1250 jiffies, level 2, 64 jiffies (256 ms) a bucket: delay_first_probe_time's timer.
    expect(timerWheelExpiry(0, 5000 * ms)).toBe(5120 * ms);
    // 30 s is 7500 jiffies, level 3, 512 jiffies (2.048 s) a bucket.
    expect(timerWheelExpiry(0, 30000 * ms)).toBe(30720 * ms);
  });
});
