import { describe, expect, it } from 'vitest';
import { alignScenarios, normalizeStep, ScenarioMismatch } from '../../src/compare/scenario-align.js';

const ping = { at: 0, node: 'h1', run: 'ping -c 2 10.0.0.2' };

describe('alignScenarios', () => {
  it('pairs the same traffic commands step by step', () => {
    const later = { at: 3e9, node: 'h1', run: 'ping -c 2 10.0.0.11' };
    expect(alignScenarios([ping, later], [ping, later])).toEqual([
      { on: 'h1', run: 'ping -c 2 10.0.0.2', traffic: true, at: [0, 0], a: 0, b: 0 },
      { on: 'h1', run: 'ping -c 2 10.0.0.11', traffic: true, at: [3e9, 3e9], a: 1, b: 1 },
    ]);
  });

  it('refuses recordings whose traffic differs, naming the command', () => {
    expect(() => alignScenarios([ping], [{ ...ping, run: 'ping -c 2 10.0.0.3' }])).toThrow(ScenarioMismatch);
    expect(() => alignScenarios([ping], [{ ...ping, run: 'ping -c 2 10.0.0.3' }])).toThrow(
      /A runs `ping -c 2 10.0.0.2` on h1, B runs `ping -c 2 10.0.0.3` on h1/,
    );
    expect(() => alignScenarios([ping], [ping, { ...ping, node: 'h2' }])).toThrow(
      /A has no such command, B runs `ping -c 2 10.0.0.2` on h2/,
    );
    expect(() => alignScenarios([ping], [])).toThrow(ScenarioMismatch);
  });

  it('keeps configuration that only one topology runs as a one-sided step (a link taken down)', () => {
    const down = { at: 0, node: 'sw3', run: 'ip link set p2 down' };
    const steps = alignScenarios([ping], [down, ping]);
    expect(steps.map((s) => [s.on, s.run, s.a, s.b])).toEqual([
      ['sw3', 'ip link set p2 down', undefined, 0],
      ['h1', 'ping -c 2 10.0.0.2', 0, 1],
    ]);
    expect(steps[0]!.at).toEqual([null, 0]);
  });

  it('pairs equal configuration steps between the same traffic', () => {
    const flush = { at: 1e9, node: 'sw1', run: 'bridge fdb flush' };
    const steps = alignScenarios([ping, flush, ping], [ping, flush, ping]);
    expect(steps.map((s) => [s.a, s.b])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('reads a script line as the namespace command it runs', () => {
    expect(normalizeStep({ node: 'root', run: 'sudo ip netns exec h1 ping -c 1 10.0.0.2' })).toEqual({
      node: 'h1',
      run: 'ping -c 1 10.0.0.2',
      traffic: true,
    });
    expect(normalizeStep({ node: 'root', run: 'ip -n sw link set p1 down' })).toEqual({
      node: 'sw',
      run: 'ip link set p1 down',
      traffic: false,
    });
  });
});
