import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { runYaml } from '../helpers/run-topology.js';
import { S6_YAML } from '../helpers/stp-oracle.js';

// S6 after convergence, then a failure. Times are relative to the failure.
const withScenario = (steps: string, until: string): string =>
  S6_YAML.replace('limits: { until: 40s }', `scenario:\n${steps}\nlimits: { until: ${until} }`);

function timeline(events: SimEvent[], node: string, port: string, fromNs: number): string[] {
  return events
    .filter((e) => e.kind === 'stp' && e.node === node && e.port === port && e.t >= fromNs)
    .map((e) => `+${((e.t - fromNs) / 1e9).toFixed(1)} ${e.state} ${e.text}`);
}

describe('spanning tree re-convergence', () => {
  it('the root port goes down: the blocked port takes over at once and forwards after 2 × forward delay (30 s)', () => {
    const { events } = runYaml(withScenario('  - { at: 40s, on: br1, run: ip link set b1 down }', '80s'));
    expect(timeline(events, 'br1', 'b2', 40e9)).toEqual([
      '+0.0 listening role root',
      '+15.0 learning role root',
      '+30.0 forwarding role root',
    ]);
    const root = events.find((e) => e.kind === 'stp' && e.node === 'br1' && !e.port && e.t >= 40e9 && e.state === 'root')!;
    expect(root.text).toBe('root 8000.020000000a01 cost 2 port b2');
    // Each change cites what caused it: the port's link event, then the change before it.
    const link = events.find((e) => e.kind === 'link' && e.node === 'br1' && e.port === 'b1' && e.state === 'down')!;
    const listening = events.find((e) => e.kind === 'stp' && e.port === 'b2' && e.state === 'listening' && e.t >= 40e9)!;
    expect(listening.cause).toBe(link.seq);
    const learning = events.find((e) => e.kind === 'stp' && e.port === 'b2' && e.state === 'learning' && e.t >= 40e9)!;
    expect(learning.cause).toBe(listening.seq);
  });

  it('BPDUs stop without the link going down: max age (20 s) first, then 2 × forward delay: 50 s', () => {
    // br0 disables a1; in a topology file br1's b1 keeps its link, so br1 learns it only because BPDUs stop.
    const { events } = runYaml(withScenario('  - { at: 40s, on: br0, run: ip link set a1 down }', '100s'));
    const b1 = timeline(events, 'br1', 'b1', 40e9);
    const b2 = timeline(events, 'br1', 'b2', 40e9);
    const lastBpduAtB1 = events.filter((e) => e.kind === 'rx' && e.node === 'br1' && e.port === 'b1' && e.t < 40e9).at(-1)!.t;
    const expiry = (lastBpduAtB1 + 20e9 - 40e9) / 1e9;
    expect(b1[0]).toBe(`+${expiry.toFixed(1)} forwarding role designated`);
    expect(b2).toEqual([
      `+${expiry.toFixed(1)} listening role root`,
      `+${(expiry + 15).toFixed(1)} learning role root`,
      `+${(expiry + 30).toFixed(1)} forwarding role root`,
    ]);
    expect(expiry + 30).toBeGreaterThan(48);
    expect(expiry + 30).toBeLessThanOrEqual(50);
    const maxAge = events.find((e) => e.kind === 'stp' && e.node === 'br1' && e.port === 'b2' && e.state === 'listening' && e.t > 40e9)!;
    expect(maxAge.why).toMatch(/^br1:b1 heard nothing from 8000\.020000000a01 for max age \(20 s\): that information is discarded; /);
  });

  it('a new link that closes the loop: the port listens (it is designated until it hears better), then blocks at the next BPDU', () => {
    const yaml = withScenario('  - { at: 0s, on: br1, run: ip link set b2 down }\n  - { at: 40s, on: br1, run: ip link set b2 up }', '80s');
    const { events } = runYaml(yaml);
    // br_stp_enable_port: br_init_port makes it designated with its own information; br0's next hello corrects that.
    expect(timeline(events, 'br1', 'b2', 40e9)).toEqual(['+0.0 listening role designated', '+0.4 blocking role alternate']);
    expect(events.filter((e) => e.kind === 'move')).toEqual([]);
    expect(timeline(events, 'br1', 'b1', 40e9)).toEqual([]);
  });

  it('the root disappears: max age expires on each port in turn, and br1 becomes the root', () => {
    const yaml = withScenario(
      '  - { at: 40s, on: br0, run: ip link set a1 down }\n  - { at: 40s, on: br0, run: ip link set a2 down }',
      '100s',
    );
    const { events } = runYaml(yaml);
    const roots = events.filter((e) => e.kind === 'stp' && e.node === 'br1' && e.state === 'root' && e.t > 40e9).map((e) => e.text);
    // b1's information expires first (its BPDU arrived first), so br1 briefly reaches br0 through b2's, which expires next.
    expect(roots).toEqual(['root 8000.020000000a01 cost 2 port b2', 'root 8000.020000000b01 cost 0 port -']);
    const t = events.filter((e) => e.kind === 'stp' && e.node === 'br1' && e.state === 'root' && e.t > 40e9).map((e) => e.t / 1e9);
    expect(t[1]! - 40).toBeLessThanOrEqual(20);
  });
});
