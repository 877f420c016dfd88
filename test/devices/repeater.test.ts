import { describe, expect, it } from 'vitest';
import { appLines, runYaml } from '../helpers/run-topology.js';

const LAB = `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  rep1: { kind: repeater }
links:
  - [h1:eth0, rep1:p1]
  - [rep1:p2, h2:eth0]
scenario:
  - { at: 0s, on: h1, run: ping -c 1 10.0.0.2 }
  - { at: 2s, on: rep1, run: bridge fdb flush }
limits: { until: 3s }
`;

describe('a repeater', () => {
  const { events } = runYaml(LAB);

  it('regenerates every frame out of its other port, whatever its address', () => {
    const floods = events.filter((e) => e.node === 'rep1' && e.kind === 'flood');
    expect(floods.map((e) => `${e.port}->${e.out}`)).toEqual(['p1->p2', 'p2->p1', 'p1->p2', 'p2->p1']);
    expect(floods[0]!.why).toBe('rep1 is a repeater: it regenerates every frame out of its other port, p2');
    expect(floods[1]!.why).toBe('rep1 is a repeater: it regenerates every frame out of its other port, p1');
    for (const f of floods) {
      const rx = events.find((e) => e.seq === f.cause)!;
      const tx = events.find((e) => e.kind === 'tx' && e.cause === f.seq)!;
      expect(tx.frame).toBe(rx.frame);
      expect(tx.port).toBe(f.out![0]);
    }
    expect(appLines(events, 'h1')).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('runs its cables half duplex at its rate (10 Mbps by default), one collision domain, as SPEC §1 and 802.3 clause 9 have it', () => {
    const tx = events.find((e) => e.kind === 'tx' && e.node === 'h1')!;
    const rx = events.find((e) => e.kind === 'rx' && e.node === 'h2' && e.frame === tx.frame)!;
    // 42-byte ARP at 10 Mbps: preamble and SFD, padded to 60, FCS = (8 + 60 + 4) x 8 bits = 57.6 us on the
    // 802.3 wire, plus 1 us on each of the two cables.
    expect(rx.t - tx.t).toBe(57_600 + 2_000);
  });

  it('knows no addresses: no learning, and it takes no configuration', () => {
    expect(events.filter((e) => e.node === 'rep1' && ['learn', 'forward', 'filter'].includes(e.kind))).toEqual([]);
    expect(appLines(events, 'rep1')).toEqual(["hoplab: 'fdb-flush' cannot run on rep1: a repeater has no configuration"]);
  });
});
