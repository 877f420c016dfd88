import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { runYaml } from '../helpers/run-topology.js';
import { oraclePolls, statesAt } from '../helpers/stp-oracle.js';

// recordings/triangle-stp.yaml: the storm's triangle with the spanning tree on.
const YAML = readFileSync(new URL('../../recordings/triangle-stp.yaml', import.meta.url), 'utf8');
const STORM = readFileSync(new URL('../../recordings/triangle-storm.yaml', import.meta.url), 'utf8');

const arpRequestsAt = (events: SimEvent[], host: string): number =>
  events.filter((e) => e.kind === 'rx' && e.node === host && e.bytes && e.bytes[12] === 0x08 && e.bytes[13] === 0x06 && e.bytes[21] === 1)
    .length;

describe('the triangle with STP on (recordings/triangle-stp.yaml)', () => {
  const { events } = runYaml(YAML);

  it('cuts the loop at one port: sw2 blocks its port to sw3, every other switch port forwards', () => {
    const final = statesAt(events, 36e9);
    const byPort = [...new Set(events.filter((e) => e.kind === 'stp' && e.port).map((e) => `${e.node}:${e.port}`))].sort();
    const last = (np: string): SimEvent => events.filter((e) => e.kind === 'stp' && `${e.node}:${e.port}` === np).at(-1)!;
    expect(byPort.map((np) => `${np} ${last(np).state} ${last(np).text}`)).toEqual([
      'sw1:p1 forwarding role designated',
      'sw1:p2 forwarding role designated',
      'sw1:p3 forwarding role designated',
      'sw2:p1 forwarding role designated',
      'sw2:p2 blocking role alternate',
      'sw2:p3 forwarding role root',
      'sw3:p1 forwarding role designated',
      'sw3:p2 forwarding role root',
      'sw3:p3 forwarding role designated',
    ]);
    expect(final.size).toBe(3);
  });

  it('follows the kernel’s timeline: the states at 5, 10, 20, 25 and 35 s are the oracle’s for the same roles', () => {
    const polls = oraclePolls();
    // In the oracle a1, a2 (designated) and b1 (root) go listening, learning, forwarding; b2 (alternate) blocks.
    for (const t of [5, 10, 20, 25, 35]) {
      const forwardingKind = polls.get(t)!.get('a1');
      const blockedKind = polls.get(t)!.get('b2');
      const at = new Map<string, string>();
      for (const e of events) if (e.kind === 'stp' && e.port && e.t <= t * 1e9) at.set(`${e.node}:${e.port}`, e.state!);
      for (const [port, state] of at)
        expect(`${t} s ${port} ${state}`).toBe(`${t} s ${port} ${port === 'sw2:p2' ? blockedKind : forwardingKind}`);
    }
  });

  it('the broadcast after convergence reaches every host exactly once; no MAC ever moves', () => {
    expect(arpRequestsAt(events, 'h2')).toBe(1);
    expect(arpRequestsAt(events, 'h3')).toBe(1);
    expect(events.filter((e) => e.kind === 'move')).toEqual([]);
    expect(events.filter((e) => e.kind === 'app' && e.node === 'h1' && e.text?.startsWith('Unicast reply from 10.0.0.2'))).toHaveLength(1);
  });

  it('drops the copy that would go round at the blocked port, citing the change that blocked it', () => {
    const drops = events.filter((e) => e.kind === 'drop' && e.reason === 'port-blocked');
    expect(drops.map((d) => `${d.node}:${d.port}`)).toEqual(['sw2:p2']);
    const blocked = events.find((e) => e.kind === 'stp' && e.node === 'sw2' && e.port === 'p2' && e.state === 'blocking')!;
    expect(drops[0]!.why).toBe(`sw2:p2 is blocking since #${blocked.seq}: it passes only BPDUs, so it drops the frame`);
    expect(blocked.why).toMatch(
      /^sw2:p2 hears a better designated port \(0x8002 on 8000\.[0-9a-f]{12}, root 1000\.[0-9a-f]{12} at cost 2\) than it knew; p2 is an alternate port/,
    );
  });

  it('the same triangle without STP storms: thousands of copies, MACs flapping', () => {
    const storm = runYaml(STORM).events;
    expect(arpRequestsAt(storm, 'h2')).toBeGreaterThan(100);
    expect(storm.filter((e) => e.kind === 'move').length).toBeGreaterThan(100);
  });
});

describe('a broadcast before the triangle converges', () => {
  const early = YAML.replace('at: 31s', 'at: 1s');
  const { events } = runYaml(early);

  it('is held back: h1’s switch port only listens, so the request goes nowhere and nothing is learned from it', () => {
    expect(arpRequestsAt(events, 'h2')).toBe(0);
    expect(arpRequestsAt(events, 'h3')).toBe(0);
    const drop = events.find((e) => e.kind === 'drop' && e.node === 'sw1' && e.port === 'p1')!;
    expect(drop.reason).toBe('port-blocked');
    expect(drop.why).toMatch(/^sw1:p1 is listening since #\d+: it passes only BPDUs, so it drops the frame$/);
    expect(events.filter((e) => e.kind === 'learn' && e.node === 'sw1' && e.port === 'p1' && e.t < 15e9)).toEqual([]);
  });
});

describe('topology change notification in the triangle', () => {
  const { events } = runYaml(YAML);

  it('sw2 and sw3, designated for a segment once their ports forward, send TCNs the root acknowledges', () => {
    const tcns = events.filter((e) => e.kind === 'deliver' && e.node === 'sw1' && e.why.includes('topology change notification'));
    expect(tcns.map((e) => `${(e.t / 1e9).toFixed(1)} ${e.port}`)).toEqual(['30.0 p2', '30.0 p3']);
    const tc = events.find((e) => e.kind === 'stp' && e.node === 'sw1' && e.state === 'topology-change')!;
    expect(tc.text).toBe('on');
    // Every bridge takes up the root's flag: ageing at 2 × forward delay.
    for (const sw of ['sw2', 'sw3'])
      expect(events.find((e) => e.kind === 'stp' && e.node === sw && e.state === 'topology-change')?.why).toBe(
        `${sw} hears the root flag a topology change, so it ages addresses after 2 × forward delay (30 s) meanwhile`,
      );
  });
});
