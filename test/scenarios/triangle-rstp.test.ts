import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { runYaml } from '../helpers/run-topology.js';

// recordings/triangle-rstp.yaml: the storm's triangle with RSTP (802.1D-2004 clause 17).
const YAML = readFileSync(new URL('../../recordings/triangle-rstp.yaml', import.meta.url), 'utf8');
const STP = readFileSync(new URL('../../recordings/triangle-stp.yaml', import.meta.url), 'utf8');

const arpRequestsAt = (events: SimEvent[], host: string): number =>
  events.filter((e) => e.kind === 'rx' && e.node === host && e.bytes && e.bytes[12] === 0x08 && e.bytes[13] === 0x06 && e.bytes[21] === 1)
    .length;
const portEvents = (events: SimEvent[], np: string): SimEvent[] => events.filter((e) => e.kind === 'stp' && `${e.node}:${e.port}` === np);
/** When each port last changed, in seconds: the moment the tree settled for it. */
const settledAt = (events: SimEvent[], np: string): number => portEvents(events, np).at(-1)!.t / 1e9;
const SWITCH_PORTS = ['sw1:p2', 'sw1:p3', 'sw2:p2', 'sw2:p3', 'sw3:p2', 'sw3:p3'];

describe('the triangle with RSTP (recordings/triangle-rstp.yaml)', () => {
  const { events } = runYaml(YAML);

  it('cuts the loop at one port, as STP does: sw2’s port to sw3 is an alternate that discards', () => {
    const byPort = [...new Set(events.filter((e) => e.kind === 'stp' && e.port).map((e) => `${e.node}:${e.port}`))].sort();
    const last = (np: string): SimEvent => portEvents(events, np).at(-1)!;
    expect(byPort.map((np) => `${np} ${last(np).state} ${last(np).text}`)).toEqual([
      'sw1:p1 forwarding role designated',
      'sw1:p2 forwarding role designated',
      'sw1:p3 forwarding role designated',
      'sw2:p1 forwarding role designated',
      'sw2:p2 discarding role alternate',
      'sw2:p3 forwarding role root',
      'sw3:p1 forwarding role designated',
      'sw3:p2 forwarding role root',
      'sw3:p3 forwarding role designated',
    ]);
  });

  it('converges the switch-to-switch ports within a millisecond (STP takes 30 s), by proposal and agreement', () => {
    for (const np of SWITCH_PORTS) expect(settledAt(events, np), np).toBeLessThan(0.001);
    const stp = runYaml(STP).events;
    for (const np of ['sw1:p2', 'sw2:p3', 'sw3:p2']) expect(settledAt(stp, np)).toBeGreaterThanOrEqual(30);
    const agreed = portEvents(events, 'sw1:p2').find((e) => e.state === 'forwarding')!;
    expect(agreed.why).toMatch(
      /^sw1:p2 hears an RST BPDU from the root port 0x8002 of 8000\.[0-9a-f]{12}: root 1000\.[0-9a-f]{12} at cost 2000, with an agreement.*: the bridge across agrees; p2, a designated port, forwards: the bridge across agreed to its proposal \(17\.29\.3\)/,
    );
    const root = portEvents(events, 'sw2:p3').find((e) => e.state === 'forwarding')!;
    expect(root.why).toMatch(
      /with a proposal, superior to what the port held \(17\.6\); p3, the root port, forwards: no other port was root/,
    );
  });

  it('forwards a declared edge port at once, and the others after 3 s of silence (auto-edge)', () => {
    const h1 = portEvents(events, 'sw1:p1').find((e) => e.state === 'forwarding')!;
    expect(h1.t).toBe(0);
    expect(h1.why).toContain('it is declared an edge port (`edge: true`, AdminEdge 17.13.1)');
    for (const np of ['sw2:p1', 'sw3:p1']) {
      const fwd = portEvents(events, np).find((e) => e.state === 'forwarding')!;
      expect(fwd.t).toBe(3e9);
      expect(fwd.why).toMatch(
        /^sw\d:p1 proposed for edge delay \(3 s\) and heard no BPDU; p1, a designated port, forwards: .*AutoEdge, 17\.25/,
      );
    }
  });

  it('sends version 2 BPDUs of 36 bytes (53 with 802.3 and LLC) every hello time', () => {
    const sent = events.filter((e) => e.kind === 'tx' && e.node === 'sw1' && e.port === 'p2' && e.bytes![0] === 0x01);
    expect(sent.every((e) => e.bytes!.length === 53 && e.bytes![19] === 2 && e.bytes![20] === 2)).toBe(true);
    const periodic = sent.filter((e) => e.t >= 1e9).map((e) => e.t / 1e9);
    expect(periodic).toEqual([2, 4, 6, 8]);
  });

  it('the broadcast at 4 s reaches every host exactly once, dropped where the alternate port discards', () => {
    expect(arpRequestsAt(events, 'h2')).toBe(1);
    expect(arpRequestsAt(events, 'h3')).toBe(1);
    const drops = events.filter((e) => e.kind === 'drop' && e.reason === 'port-blocked');
    expect(drops.map((d) => `${d.node}:${d.port}`)).toEqual(['sw2:p2']);
    const alternate = portEvents(events, 'sw2:p2').find((e) => e.text === 'role alternate')!;
    expect(drops[0]!.why).toBe(`sw2:p2 is discarding since #${alternate.seq}: it passes only BPDUs, so it drops the frame`);
  });
});

describe('RSTP recovers from a link failure within a second', () => {
  // sw2's root port goes down after convergence; h1 broadcasts right after.
  const failing = YAML.replace(
    '  - { at: 4s, on: h1, run: arping -c 1 10.0.0.2 }',
    '  - { at: 5s, on: sw2, run: ip link set p3 down }\n  - { at: 5100ms, on: h1, run: arping -c 1 10.0.0.2 }',
  );
  const { events } = runYaml(failing);

  it('makes the alternate port the root port, forwarding at once (reRooted), caused by the link going down', () => {
    const down = events.find((e) => e.kind === 'link' && e.node === 'sw2' && e.port === 'p3' && e.state === 'down')!;
    const after = portEvents(events, 'sw2:p2').filter((e) => e.t >= 5e9);
    expect(after.map((e) => `${e.state} ${e.text}`)).toEqual(['discarding role root', 'learning role root', 'forwarding role root']);
    expect(after.at(-1)!.t - down.t).toBeLessThan(1e9);
    expect(after.at(-1)!.cause).toBe(down.seq);
    expect(after.at(-1)!.why).toMatch(/^sw2:p3 lost its link.*; p2, the root port, forwards: no other port was root within forward delay/);
  });

  it('the broadcast 100 ms after the failure still reaches h2, now through sw3', () => {
    const req = events.filter((e) => e.kind === 'rx' && e.node === 'h2' && e.t > 5e9 && e.bytes![21] === 1 && e.bytes![12] === 0x08);
    expect(req).toHaveLength(1);
    expect(events.some((e) => e.kind === 'app' && e.node === 'h1' && e.t > 5e9 && e.text?.startsWith('Unicast reply from 10.0.0.2'))).toBe(
      true,
    );
  });

  it('flushes learned addresses on the topology change, rather than ageing them faster', () => {
    const tc = events.find((e) => e.kind === 'stp' && e.node === 'sw2' && e.state === 'topology-change' && e.t >= 5e9 && e.text === 'on')!;
    expect(tc.why).toContain('flushes the addresses its other non-edge ports learned');
    const flushed = events.filter((e) => e.kind === 'age' && e.t >= 5e9 && e.t < 5.1e9 && e.why.includes('(17.31 PROPAGATING)'));
    // sw3 hears the change in sw2's BPDU and forgets what its port towards the root learned.
    expect(flushed.map((e) => `${e.node}:${e.port}`)).toContain('sw3:p2');
    expect(flushed.every((e) => e.why.includes('a topology change flushes what a non-edge port learned'))).toBe(true);
    // No shortened ageing, as STP's topology change would set.
    expect(events.some((e) => e.kind === 'age' && e.why.includes('2 × forward delay'))).toBe(false);
  });
});
