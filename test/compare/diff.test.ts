import { describe, expect, it } from 'vitest';
import { diffRecordings, ScenarioMismatch } from '../../src/compare/diff.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { record, recordYaml, threeHosts } from './record.js';

// A switch that never learns (ageing time 0) floods everything like a hub
// (the oracle's S3); against a learning switch it is the tutorial's hub vs switch.
const flooding = recordYaml(threeHosts('switch, agingTime: 0s', undefined, undefined, 'flooding'));
const learning = recordYaml(threeHosts('switch'));

describe('diffRecordings: a flooding device vs a learning switch, h1 pinging h2 twice', () => {
  const r = diffRecordings(flooding, learning);

  it('counts the extra hops and floods (SPEC §3 totals)', () => {
    expect(r.identical).toBe(false);
    expect(r.totals.tx).toEqual([18, 13]);
    expect(r.totals.flood).toEqual([6, 1]);
    expect(r.totals.forward).toEqual([0, 5]);
    expect(r.totals.drops).toEqual({ 'not-for-me': [5, 0] });
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({ at: [0, 0], on: 'h1', run: 'ping -c 2 10.0.0.2', in: 'both' });
    expect(r.steps[0]!.totals.tx).toEqual([18, 13]);
  });

  it('shows h3 overhearing every frame on the one, only the first ARP request on the other', () => {
    expect(r.hosts.h3).toMatchObject({ seen: [6, 1], delivered: [1, 1], notForMe: [5, 0], sent: [0, 0] });
    expect(r.hosts.h3!.seenFor).toEqual({ broadcast: [1, 1], h1: [3, 0], h2: [2, 0] });
    expect(r.hosts.h1).toMatchObject({ seen: [3, 3], delivered: [3, 3] });
    expect(r.hosts.h2).toMatchObject({ seen: [3, 3], delivered: [3, 3] });
    expect(r.notes).toEqual([
      'h3 saw 3 frames addressed to h1 in flooding, none in three-on-switch',
      'h3 saw 2 frames addressed to h2 in flooding, none in three-on-switch',
    ]);
  });

  it("names the first divergence at the first unicast frame, the ARP reply, with each side's chain of whys", () => {
    const d = r.firstDivergence!;
    expect(d.frame).toMatch(/^ARP, Reply 10\.0\.0\.2 is-at/);
    expect(d.step).toBe(1);
    expect(d.index).toEqual([4, 4]);
    expect(d.a).toMatchObject({ node: 'mid', kind: 'flood', out: ['p1', 'p3'] });
    expect(d.b).toMatchObject({ node: 'mid', kind: 'forward', out: ['p1'] });
    expect(d.b!.why).toMatch(/learned .* on p1/);
    for (const side of [d.a!, d.b!]) {
      expect(side.chain[0]).toMatchObject({ kind: 'command', node: 'h1' });
      expect(side.chain.at(-1)!.seq).toBe(side.seq);
      expect(side.chain.map((l) => l.kind)).toContain('deliver');
    }
    expect(d.b!.context.map((l) => l.kind)).toEqual(['learn']);
    expect(d.summary).toMatch(/mid floods it out of p1 \(to h1\), p3 \(to h3\) vs #\d+ mid forwards it out of p1 \(to h1\)/);
  });
});

describe('diffRecordings: no difference', () => {
  it('reports two runs of the same topology as the same events', () => {
    const r = diffRecordings(learning, recordYaml(threeHosts('switch')));
    expect(r).toMatchObject({ identical: true, sameEvents: true, firstDivergence: null, notes: [] });
  });

  it('reports the same topology under another seed (other MACs) as no difference in forwarding', () => {
    const topology = loadYamlTopology(threeHosts('switch'), 'test.yaml');
    const r = diffRecordings(record(topology, 1), record(topology, 99));
    expect(r.sameEvents).toBe(false);
    expect(r.identical).toBe(true);
    expect(r.firstDivergence).toBeNull();
  });
});

describe('diffRecordings: different scenarios', () => {
  it('refuses to compare a ping of h2 with a ping of h3', () => {
    const other = recordYaml(threeHosts('switch', 'ping -c 2 10.0.0.3'));
    expect(() => diffRecordings(learning, other)).toThrow(ScenarioMismatch);
  });
});
