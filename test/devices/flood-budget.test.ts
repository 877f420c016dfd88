import { describe, expect, it } from 'vitest';
import { FloodBudget } from '../../src/devices/bridge-port.js';
import { LearningBridge } from '../../src/devices/learning-bridge.js';
import { BROADCAST_MAC, type Mac, parseMac } from '../../src/wire/mac.js';
import { Harness, frame, switchSpec } from './bridge-harness.js';

// A switch keeps each port's flood set (the ports a broadcast from it goes to)
// for the frames after, but a 2,000-port switch would keep 4M port names that
// way: a bridge keeps at most FloodBudget.ENTRIES of them (issue 21, peak RSS).

/** Host n's MAC, for n up to 65,535. */
const hex = (b: number): string => b.toString(16).padStart(2, '0');
const mac = (n: number): Mac => parseMac(`02:00:00:00:${hex(n >> 8)}:${hex(n & 255)}`);

/** The `out` of a broadcast that port `p` floods, twice: the same array when the bridge kept its set. */
function floodTwice(h: Harness, p: string, source: number): [readonly string[], readonly string[]] {
  const first = h.arrive(p, frame(mac(source), BROADCAST_MAC)).events.find((e) => e.kind === 'flood')!;
  const second = h.arrive(p, frame(mac(source), BROADCAST_MAC)).events.find((e) => e.kind === 'flood')!;
  return [first.out!, second.out!];
}

describe("a bridge's flood sets", () => {
  it('are kept within the budget and built anew past it, naming the same ports either way', () => {
    const names = Array.from({ length: 600 }, (_, i) => `p${i}`);
    const h = new Harness(new LearningBridge('sw1', 'switch', switchSpec('sw1', names)));
    let kept = 0;
    names.forEach((p, i) => {
      const [first, second] = floodTwice(h, p, i + 1);
      expect(second).toEqual(names.filter((q) => q !== p));
      expect(first).toEqual(second);
      if (first === second) kept++;
    });
    // Each set names 599 ports: the budget keeps as many whole sets as fit, and no more.
    expect(kept).toBe(Math.floor(FloodBudget.ENTRIES / 599));
  });

  it('free the budget when a port changes state', () => {
    const names = Array.from({ length: 600 }, (_, i) => `p${i}`);
    const bridge = new LearningBridge('sw1', 'switch', switchSpec('sw1', names));
    const h = new Harness(bridge);
    for (let i = 0; i < names.length; i++) floodTwice(h, names[i]!, i + 1);
    const [before, again] = floodTwice(h, 'p599', 600);
    expect(before).not.toBe(again);
    bridge.carrierChanged('p0', false, 0);
    const [after, reused] = floodTwice(h, 'p599', 600);
    expect(after).toBe(reused);
    expect(after).not.toContain('p0');
  });

  it('admit sets while their out ports fit, and again once reset', () => {
    const budget = new FloodBudget();
    expect(budget.admit(FloodBudget.ENTRIES - 1)).toBe(true);
    expect(budget.admit(2)).toBe(false);
    expect(budget.admit(1)).toBe(true);
    budget.reset([]);
    expect(budget.admit(FloodBudget.ENTRIES)).toBe(true);
  });
});
