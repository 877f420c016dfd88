import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMac } from '../../src/wire/mac.js';
import { appLines, runYaml } from '../helpers/run-topology.js';
import { captureLines, macRoles, oracleLines } from '../helpers/oracle-trace.js';

// The oracle's S3: the kernel's bridge with ageing_time 0 (it learns nothing and
// floods everything, as a hub does) with h1..h3; h1 runs `ping -c 2 10.0.0.2`.
// hoplab's recordings/hub-3-hosts.yaml is the same lab on a hub.
const ORACLE = 'S3-hub';

describe('hub-3-hosts against the real kernel (oracle S3)', () => {
  const { events, run } = runYaml(readFileSync(new URL('../../recordings/hub-3-hosts.yaml', import.meta.url), 'utf8'));
  const roles = macRoles(run.network.macs);
  const of = (kind: string, node?: string) => events.filter((e) => e.kind === kind && (node === undefined || e.node === node));

  it.each(['h1:eth0', 'h2:eth0', 'h3:eth0'])('%s captures the same 8 frames as the kernel, the unicast probe at 5 s included', (point) => {
    const lines = captureLines(events, point, roles);
    expect(lines).toHaveLength(8);
    expect(lines).toEqual(oracleLines(ORACLE, point));
  });

  it('every host sees every frame: h3 overhears the unicast it is not part of, and drops it as not-for-me', () => {
    expect(captureLines(events, 'h3:eth0', roles)).toEqual(captureLines(events, 'h1:eth0', roles));
    const h3 = of('drop', 'h3');
    expect(h3).toHaveLength(7); // all but the broadcast ARP request
    expect(h3.every((e) => e.reason === 'not-for-me')).toBe(true);
    const h3Mac = formatMac(run.network.macs.get('h3')!.get('eth0')!);
    const h2Mac = formatMac(run.network.macs.get('h2')!.get('eth0')!);
    expect(h3[1]!.why).toBe(`h3 ignores the frame: it is for ${h2Mac}, and h3 is ${h3Mac}`); // the first echo request
    expect(of('tx', 'h3')).toEqual([]);
  });

  it('the hub floods each of the 8 frames once, out of the two other ports, and never learns', () => {
    const floods = of('flood', 'hub1');
    expect(floods.map((e) => `${e.port}->${e.out!.join(',')}`)).toEqual([
      'p1->p2,p3',
      'p2->p1,p3',
      'p1->p2,p3',
      'p2->p1,p3',
      'p1->p2,p3',
      'p2->p1,p3',
      'p2->p1,p3',
      'p1->p2,p3',
    ]);
    expect(events.filter((e) => e.node === 'hub1' && ['learn', 'forward', 'filter'].includes(e.kind))).toEqual([]);
    // tx: 8 by the hosts, 16 repeated by the hub (SPEC §3's diff counts a hub's repeats as tx).
    expect(of('tx')).toHaveLength(24);
    expect(of('collision')).toEqual([]);
  });

  it('the ping works as on a wire, only slower: at 10 Mb/s the echo round trip is two 98-byte frames and the gap', () => {
    expect(appLines(events, 'h1')).toContain('2 packets transmitted, 2 received, 0% packet loss, time 1025ms');
    const request = of('tx', 'h1').find((e) => e.bytes!.length === 98)!;
    const reply = of('rx', 'h1').find((e) => e.bytes!.length === 98)!;
    // (8 + 98 + 4) x 8 bits = 88 us + 2 us to h2, 9.6 us of interframe gap, 88 us + 2 us back.
    expect(reply.t - request.t).toBe(189_600);
  });
});
