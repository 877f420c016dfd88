import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { StatsFold } from '../../src/stats/stats.js';
import { niceBucketWidth, TimeBuckets } from '../../src/stats/stats-buckets.js';
import { FramesAlive } from '../../src/stats/stats-frames-alive.js';
import { recordYaml } from './record.js';
import { meshStormYaml } from '../helpers/topologies.js';

const MESH = meshStormYaml(6000);

function ev(seq: number, t: number, kind: SimEvent['kind'], extra: Partial<SimEvent> = {}): SimEvent {
  return { seq, t, kind, node: 'sw1', why: '', ...extra };
}

describe('StatsFold on a broadcast storm', () => {
  const rec = recordYaml(MESH);
  const fold = new StatsFold({ bucketNs: 5000 });
  for (const e of rec.events()) fold.add(e);
  const s = fold.result();

  it('counts every event once, by kind and by node', () => {
    expect(s.events).toBe(6000);
    expect(Object.values(s.kinds).reduce((a, b) => a + b, 0)).toBe(6000);
    const perNode = Object.values(s.nodes)
      .flatMap((k) => Object.values(k))
      .reduce((a, b) => a + b, 0);
    expect(perNode).toBe(6000);
    expect(s.nodes.h1!.command).toBe(1);
  });

  it('shows the storm growing: more frames sent and more alive bucket after bucket at first', () => {
    const rows = s.buckets.rows;
    expect(s.buckets.width).toBe(5000);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[1]!.tx).toBeGreaterThan(rows[0]!.tx);
    expect(rows[2]!.inFlight).toBeGreaterThan(rows[1]!.inFlight);
    expect(rows[1]!.inFlight).toBeGreaterThan(rows[0]!.inFlight);
    expect(rows.reduce((a, r) => a + r.tx, 0)).toBe(s.kinds.tx);
    expect(s.peakInFlight).toBeGreaterThanOrEqual(Math.max(...rows.map((r) => r.inFlight)));
  });

  it('counts the MAC moves per switch, h1 flapping most', () => {
    expect(Object.keys(s.moves).sort()).toEqual(['s1', 's2', 's3', 's4']);
    const total = Object.values(s.moves).reduce((a, m) => a + m.count, 0);
    expect(total).toBe(s.kinds.move);
    for (const m of Object.values(s.moves)) expect(Object.values(m.macs).reduce((a, b) => a + b, 0)).toBe(m.count);
  });

  it('picks about 30 buckets over the span when no width is given', () => {
    const auto = new StatsFold({ spanNs: s.lastT });
    for (const e of rec.events()) auto.add(e);
    const rows = auto.result().buckets.rows.length;
    expect(rows).toBeGreaterThanOrEqual(15);
    expect(rows).toBeLessThanOrEqual(31);
  });
});

describe('FramesAlive', () => {
  it('follows copies from the decision through the queue and the wire to their end', () => {
    const a = new FramesAlive();
    a.add(ev(1, 0, 'flood', { out: ['p2', 'p3'] }));
    expect(a.count).toBe(2);
    a.add(ev(2, 0, 'tx', { cause: 1 }));
    expect(a.count).toBe(2); // one queued, one on the wire
    a.add(ev(3, 0, 'drop', { cause: 1, reason: 'queue-full' }));
    expect(a.count).toBe(1);
    a.add(ev(4, 10, 'rx', { cause: 2 }));
    expect(a.count).toBe(0);
    a.add(ev(5, 20, 'tx', { node: 'h1' }));
    expect(a.count).toBe(1); // a host's own frame counts from its tx
    a.add(ev(6, 30, 'drop', { cause: 5, reason: 'link-down' }));
    expect(a.count).toBe(0);
  });

  it("ends a frame on a hub's segment when the hub repeats it, or when it collides", () => {
    const a = new FramesAlive();
    a.add(ev(1, 0, 'tx', { node: 'h1', port: 'eth0' }));
    a.add(ev(2, 0, 'tx', { node: 'h2', port: 'eth0' }));
    a.add(ev(3, 1, 'collision', { node: 'hub1', senders: ['h1:eth0', 'h2:eth0'] }));
    expect(a.count).toBe(0);
    a.add(ev(4, 5, 'tx', { node: 'h2', port: 'eth0' }));
    a.add(ev(5, 6, 'flood', { node: 'hub1', cause: 4, out: ['p1', 'p3'] }));
    expect(a.count).toBe(2); // the hub's two copies, not the sender's frame as well
  });

  it('lets go of a frame whose end was never recorded', () => {
    const a = new FramesAlive();
    a.add(ev(1, 0, 'tx'));
    a.add(ev(2, 2e9, 'tx'));
    expect(a.count).toBe(1);
  });
});

describe('TimeBuckets', () => {
  it('fills gaps with empty buckets carrying the frames still alive', () => {
    const b = new TimeBuckets(10, 100);
    b.add(0, 'tx', 1);
    b.add(35, 'rx', 0);
    expect(b.result()).toEqual([
      { start: 0, tx: 1, rx: 0, drops: 0, inFlight: 1, peakInFlight: 1 },
      { start: 10, tx: 0, rx: 0, drops: 0, inFlight: 1, peakInFlight: 1 },
      { start: 20, tx: 0, rx: 0, drops: 0, inFlight: 1, peakInFlight: 1 },
      { start: 30, tx: 0, rx: 1, drops: 0, inFlight: 0, peakInFlight: 1 },
    ]);
  });

  it('doubles its width rather than grow past its bound, keeping the totals', () => {
    const b = new TimeBuckets(1, 4);
    for (let t = 0; t < 10; t++) b.add(t, 'tx', t);
    const rows = b.result();
    expect(b.width).toBe(4);
    expect(rows.map((r) => r.tx)).toEqual([4, 4, 2]);
    expect(rows.map((r) => r.peakInFlight)).toEqual([3, 7, 9]);
  });

  it('picks 1-2-5 widths', () => {
    expect(niceBucketWidth(10e9, 30)).toBe(500e6);
    expect(niceBucketWidth(125_288, 30)).toBe(5000);
    expect(niceBucketWidth(0, 30)).toBe(1);
  });
});
