import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LearningBridge } from '../../src/devices/learning-bridge.js';
import { formatMac } from '../../src/wire/mac.js';
import { captureLines, macRoles, oracleLines } from '../helpers/oracle-trace.js';
import { runYaml } from '../helpers/run-topology.js';

// The oracle's S2: a Linux bridge (namespace `sw`, ports p1..p3) with h1..h3;
// h1 runs `ping -c 2 10.0.0.2`. hoplab's recordings/switch-3-hosts.yaml is the same lab.
const ORACLE = 'S2-bridge-3-hosts';

describe('switch-3-hosts against the real kernel (oracle S2)', () => {
  const { events, run } = runYaml(readFileSync(new URL('../../recordings/switch-3-hosts.yaml', import.meta.url), 'utf8'));
  const roles = macRoles(run.network.macs);
  const t = {
    events,
    run,
    roles,
    of: (kind: string, node: string, port: string) => events.filter((e) => e.kind === kind && e.node === node && e.port === port),
  };

  it.each(['h1:eth0', 'h2:eth0', 'h3:eth0'])('%s captures the same frames as the kernel', (point) => {
    expect(captureLines(t.events, point, t.roles)).toEqual(oracleLines(ORACLE, point));
  });

  it('h3 sees exactly the first ARP request', () => {
    expect(captureLines(t.events, 'h3:eth0', t.roles)).toEqual(['h1.eth0 broadcast 0x0806 1 10.0.0.1 10.0.0.2 - - - - -']);
  });

  it('the MAC table afterwards holds h1 behind p1 and h2 behind p2, as `bridge fdb show` did', () => {
    const sw1 = t.run.network.devices.get('sw1') as LearningBridge;
    const macs = t.run.network.macs;
    const table = sw1.table.entries().map((e) => `${formatMac(e.mac)} dev ${e.port}`);
    expect(table).toEqual([`${formatMac(macs.get('h1')!.get('eth0')!)} dev p1`, `${formatMac(macs.get('h2')!.get('eth0')!)} dev p2`]);
  });

  it('floods once (the broadcast request) and forwards the rest to one port', () => {
    const decisions = t.events.filter((e) => e.node === 'sw1' && ['flood', 'forward', 'filter'].includes(e.kind));
    expect(decisions.map((e) => `${e.kind} ${e.port}->${e.out?.join(',')}`)).toEqual([
      'flood p1->p2,p3',
      'forward p2->p1',
      'forward p1->p2',
      'forward p2->p1', // ARP reply, echo 1
      'forward p1->p2',
      'forward p2->p1', // echo 2
      'forward p2->p1',
      'forward p1->p2', // h2's unicast probe at 5 s and h1's reply
    ]);
    const flood = decisions[0]!;
    expect(flood.why).toBe('the frame is a broadcast, so sw1 sends it out of every port but p1: p2, p3');
    const learnH2 = t.of('learn', 'sw1', 'p2')[0]!;
    expect(decisions[2]!.why).toBe(`sw1 learned ${learnH2.mac} on p2 at #${learnH2.seq}, so it sends the frame out of p2 only`);
  });

  it('decides at the instant the frame arrives: no processing delay in the switch', () => {
    for (const d of t.events.filter((e) => e.node === 'sw1' && (e.kind === 'flood' || e.kind === 'forward'))) {
      const rx = t.events.find((e) => e.seq === d.cause)!;
      expect(rx.kind).toBe('rx');
      expect(d.t).toBe(rx.t);
    }
  });
});
