import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { runYaml } from '../helpers/run-topology.js';
import { fixtureText } from '../helpers/fixtures.js';
import { S6_YAML, statesAt } from '../helpers/stp-oracle.js';

// S6 after convergence, then a failure. Times are relative to the failure.
const withScenario = (steps: string, until: string, yaml = S6_YAML): string =>
  yaml.replace('limits: { until: 40s }', `scenario:\n${steps}\nlimits: { until: ${until} }`);

/**
 * S6 with a repeater in the middle of each named link (br0:aN - rN - br1:bN): a port
 * that goes down then takes only the repeater's carrier, so the bridge across learns
 * of it only because BPDUs stop. Every bridge port keeps S6's cost of 2.
 */
function throughRepeaters(...links: Array<1 | 2>): string {
  let yaml = S6_YAML.replace(/(a[12]|b[12]): \{ mac: ("[^"]+") \}/g, '$1: { mac: $2, cost: 2 }');
  for (const n of links) {
    yaml = yaml
      .replace(`  - [br0:a${n}, br1:b${n}]\n`, `  - [br0:a${n}, r${n}:p1]\n  - [r${n}:p2, br1:b${n}]\n`)
      .replace('links:\n', `  r${n}: { kind: repeater }\nlinks:\n`);
  }
  return yaml;
}

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

  it("the far end's port goes down: br1:b1 loses its carrier, as a veth's peer, and b2 takes over at once (the kernel's S7)", () => {
    const { events } = runYaml(withScenario('  - { at: 40s, on: br0, run: ip link set a1 down }', '80s'));
    const a1 = events.find((e) => e.kind === 'link' && e.node === 'br0' && e.port === 'a1' && e.state === 'down')!;
    const b1 = events.find((e) => e.kind === 'link' && e.node === 'br1' && e.port === 'b1')!;
    expect(b1).toMatchObject({ t: 40e9, state: 'down', cause: a1.seq });
    expect(b1.why).toBe(
      'br1:b1 has no carrier: the far end of its cable went down, so br1 neither receives nor sends frames on it (NO-CARRIER)',
    );
    expect(timeline(events, 'br1', 'b1', 40e9)).toEqual(['+0.0 disabled role disabled']);
    expect(timeline(events, 'br1', 'b2', 40e9)).toEqual([
      '+0.0 listening role root',
      '+15.0 learning role root',
      '+30.0 forwarding role root',
    ]);
    // The kernel's polls after a veth end went down (oracle S7): both ends disabled, b2 listening, learning, forwarding.
    const poll = fixtureText('oracle/S7-stp-failover/poll.txt').split('\n');
    for (const t of [5, 10, 20, 25, 35, 40]) {
      const kernel = poll.slice(poll.indexOf(`--- t=${t}s`) + 1).slice(0, 4);
      const states = statesAt(events, 40e9 + t * 1e9);
      for (const line of kernel) {
        const [, port, state] = /^\d+: (\w+)@\w+: .* state (\w+) /.exec(line)!;
        expect(`+${t} ${port} ${states.get(port!)}`).toBe(`+${t} ${port} ${state}`);
      }
    }
  });

  it('and comes back: b1 has carrier again when a1 is up, rejoins the tree and blocks b2 again', () => {
    const { events } = runYaml(
      withScenario('  - { at: 40s, on: br0, run: ip link set a1 down }\n  - { at: 50s, on: br0, run: ip link set a1 up }', '60s'),
    );
    const b1 = events.filter((e) => e.kind === 'link' && e.node === 'br1' && e.port === 'b1').map((e) => `${e.t / 1e9} ${e.state}`);
    expect(b1).toEqual(['40 down', '50 up']);
    expect(timeline(events, 'br1', 'b2', 50e9).at(-1)).toBe('+0.4 blocking role alternate');
  });

  it('BPDUs stop without the link going down: max age (20 s) first, then 2 × forward delay: 50 s', () => {
    // br0 disables a1 behind a repeater: br1's b1 keeps its carrier, so br1 learns it only because BPDUs stop.
    const { events } = runYaml(withScenario('  - { at: 40s, on: br0, run: ip link set a1 down }', '100s', throughRepeaters(1)));
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
      throughRepeaters(1, 2),
    );
    const { events } = runYaml(yaml);
    const roots = events.filter((e) => e.kind === 'stp' && e.node === 'br1' && e.state === 'root' && e.t > 40e9).map((e) => e.text);
    // b1's information expires first (its BPDU arrived first), so br1 briefly reaches br0 through b2's, which expires next.
    expect(roots).toEqual(['root 8000.020000000a01 cost 2 port b2', 'root 8000.020000000b01 cost 0 port -']);
    const t = events.filter((e) => e.kind === 'stp' && e.node === 'br1' && e.state === 'root' && e.t > 40e9).map((e) => e.t / 1e9);
    expect(t[1]! - 40).toBeLessThanOrEqual(20);
  });
});
