import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { runYaml } from '../helpers/run-topology.js';

// RSTP where it cannot be rapid: a hub's shared segment (no agreement is
// trusted there, 17.21.9) and a neighbour that speaks only STP (17.24).

const stpAt = (events: SimEvent[], np: string, state: string): SimEvent | undefined =>
  events.find((e) => e.kind === 'stp' && `${e.node}:${e.port}` === np && e.state === state);

describe('RSTP on a hub’s shared segment', () => {
  const { events } = runYaml(`
name: rstp-hub
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  hub1: { kind: hub }
  sw1: { kind: switch, stp: { mode: rstp, priority: 4096 } }
  sw2: { kind: switch, stp: rstp }
links:
  - [sw1:p1, hub1:p1]
  - [sw2:p1, hub1:p2]
  - [sw1:p2, sw2:p2]
  - [h1:eth0, hub1:p3]
limits: { until: 30s }
`);

  it('forwards the cable’s designated port at once, by agreement', () => {
    expect(stpAt(events, 'sw1:p2', 'forwarding')!.t).toBeLessThan(1e6);
  });

  it('waits out the timers on the segment: the designated port learns at 20 s and forwards at 22 s', () => {
    const learn = stpAt(events, 'sw1:p1', 'learning')!;
    expect(learn.t).toBe(20e9);
    expect(learn.why).toContain('no agreement came (a shared segment, or an STP bridge across)');
    expect(stpAt(events, 'sw1:p1', 'forwarding')!.t).toBe(22e9);
  });
});

describe('RSTP beside an STP bridge', () => {
  const { events } = runYaml(`
name: rstp-stp
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  sw1: { kind: switch, stp: { mode: rstp, priority: 4096 }, ports: { p1: { edge: true } } }
  sw2: { kind: switch, stp: true }
links:
  - [h1:eth0, sw1:p1]
  - [h2:eth0, sw2:p1]
  - [sw1:p2, sw2:p2]
scenario:
  - { at: 40s, on: h1, run: ping -c 1 10.0.0.2 }
limits: { until: 42s }
`);
  const bpdus = events.filter((e) => e.kind === 'tx' && e.node === 'sw1' && e.port === 'p2' && e.bytes![0] === 0x01);

  it('sends RST BPDUs until it hears STP (a TCN at 30 s), then configuration BPDUs (17.24)', () => {
    const before = bpdus.filter((e) => e.t < 30e9);
    const after = bpdus.filter((e) => e.t > 31e9);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((e) => e.bytes!.length === 53 && e.bytes![19] === 2)).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.bytes!.length === 52 && e.bytes![19] === 0 && e.bytes![20] === 0)).toBe(true);
  });

  it('carries traffic across once the STP bridge forwards', () => {
    expect(events.some((e) => e.kind === 'app' && e.node === 'h1' && e.text?.startsWith('64 bytes from 10.0.0.2'))).toBe(true);
  });
});
