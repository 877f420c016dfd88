import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

// Four switches in a full mesh, no spanning tree, short queues so the links
// saturate within microseconds. h1 sends one broadcast. Every switch floods
// each copy out of its two other mesh ports, so copies double per hop until
// the links are busy and their queues full; then queue-full drops go on, and
// h1's MAC flaps between ports (move) on every switch, until the run's limit.
const MESH = `
name: mesh-storm
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  s1: { kind: switch }
  s2: { kind: switch }
  s3: { kind: switch }
  s4: { kind: switch }
links:
  - [h1:eth0, s1:p0]
  - { ends: [s1:p2, s2:p1], queue: 8 }
  - { ends: [s1:p3, s3:p1], queue: 8 }
  - { ends: [s1:p4, s4:p1], queue: 8 }
  - { ends: [s2:p3, s3:p2], queue: 8 }
  - { ends: [s2:p4, s4:p2], queue: 8 }
  - { ends: [s3:p4, s4:p3], queue: 8 }
scenario:
  - { at: 0s, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload storm }
limits: { until: 400us }
`;

const US = 1_000;
const UNTIL_NS = 400 * US;
const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);

describe('a broadcast storm in a four-switch full mesh', () => {
  // Counted as the events stream by: nothing holds the run's events.
  const txPerUs = new Array<number>(UNTIL_NS / US + 1).fill(0);
  const counts = new Map<string, number>();
  let lastTx = 0;
  const run = new LiveRun(loadYamlTopology(MESH, 'mesh.yaml'));
  const summary = run.runSync((e: SimEvent) => {
    const key = e.kind === 'drop' ? `drop ${e.reason}` : e.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (e.kind === 'tx' && e.node !== 'h1') {
      txPerUs[Math.floor(e.t / US)]!++;
      lastTx = e.t;
    }
  });

  it('grows: more copies go on the wire in each of the first microseconds than in the one before', () => {
    const early = txPerUs.slice(1, 6); // h1 sends at 0; the switches start 1.3 us later
    expect(early[0]).toBeGreaterThan(0);
    for (let i = 1; i < early.length; i++) expect(early[i]).toBeGreaterThan(early[i - 1]!);
    expect(sum(txPerUs.slice(10, 20))).toBeGreaterThan(10 * sum(txPerUs.slice(1, 3)));
  });

  it('levels off once the links are saturated: every microsecond carries as much as the links can', () => {
    const middle = sum(txPerUs.slice(100, 200));
    const late = sum(txPerUs.slice(300, 400));
    expect(Math.abs(late - middle) / middle).toBeLessThan(0.05);
  });

  it("saturates the links: queues overflow (queue-full) and h1's MAC flaps between ports (move)", () => {
    expect(counts.get('drop queue-full')).toBeGreaterThan(1000);
    expect(counts.get('move')).toBeGreaterThan(1000);
  });

  it('never dies out: frames are still being sent when the run reaches its limit', () => {
    expect(summary.stopReason).toBe('until');
    expect(lastTx).toBeGreaterThan(UNTIL_NS - 1_000);
    expect(txPerUs[399]).toBeGreaterThan(txPerUs[1]!);
  });
});
