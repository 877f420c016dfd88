import { describe, expect, it } from 'vitest';
import { diffRecordings } from '../../src/compare/diff.js';
import { recordExample } from './record.js';

// The pairs in recordings/ that the README points users to, beside hub vs switch.

describe('bridge-2-segments vs hub-2-segments', () => {
  const r = diffRecordings(recordExample('bridge-2-segments'), recordExample('hub-2-segments'));

  it('parts where the bridge filters the west-to-west ARP reply and the hub repeats it east', () => {
    const d = r.firstDivergence!;
    expect(d.step).toBe(1);
    expect(d.frame).toMatch(/^ARP, Reply 10\.0\.0\.2 is-at/);
    expect(d.a).toMatchObject({ node: 'br1', kind: 'filter', port: 'west' });
    expect(d.b).toMatchObject({ node: 'hub1', kind: 'flood', out: ['east'] });
    expect(d.a!.context.map((c) => c.kind)).toEqual(['learn']);
  });

  it('shows the east overhearing the west only through the hub', () => {
    expect(r.totals.filter).toEqual([7, 0]);
    expect(r.hosts.b1!.seenFor.a2).toEqual([0, 3]);
    expect(r.hosts.a1).toMatchObject({ seen: [8, 8], delivered: [8, 8] });
    expect(r.steps.map((s) => s.run)).toEqual(['ping -c 2 10.0.0.2', 'ping -c 2 10.0.0.11']);
    // The west-only ping stays west behind the bridge: east hosts never see step 1's unicast.
    expect(r.steps[0]!.totals.drops['not-for-me']).toEqual([0, 14]);
  });
});

describe('triangle-storm vs triangle-broken', () => {
  const r = diffRecordings(recordExample('triangle-storm'), recordExample('triangle-broken'));

  it('lists the link taken down as a step of B only, and aligns the broadcast', () => {
    expect(r.steps.map((s) => [s.on, s.run, s.in])).toEqual([
      ['sw3', 'ip link set p2 down', 'b'],
      ['h1', 'arping -c 1 10.0.0.2', 'both'],
    ]);
    expect(r.steps[0]!.totals.tx).toEqual([null, 0]);
  });

  it("parts at sw1's flood, which leaves out p3: its cable's far end (sw3:p2) is down, so p3 has no carrier", () => {
    const d = r.firstDivergence!;
    expect(d.step).toBe(2);
    expect(d.a).toMatchObject({ node: 'sw1', kind: 'flood', out: ['p2', 'p3'] });
    expect(d.b).toMatchObject({ node: 'sw1', kind: 'flood', out: ['p2'] });
    expect(d.summary).toMatch(/^#\d+ sw1 floods it out of p2 \(to sw2\), p3 \(to sw3\) vs #\d+ sw1 floods it out of p2 \(to sw2\)$/);
    expect(r.totals.move[1]).toBe(0);
    expect(r.totals.move[0]).toBeGreaterThan(100);
    expect(r.hosts.h2!.seen).toEqual([expect.any(Number), 1]);
    expect(r.hosts.h2!.seen[0]).toBeGreaterThan(100);
  });
});

describe('triangle-storm vs triangle-stp', () => {
  const r = diffRecordings(recordExample('triangle-storm'), recordExample('triangle-stp'));

  it('aligns the one broadcast and leaves the bridges’ BPDUs out of the decisions', () => {
    expect(r.steps.map((s) => [s.on, s.run, s.in])).toEqual([['h1', 'arping -c 1 10.0.0.2', 'both']]);
    expect(r.hosts.h2!.delivered).toEqual([expect.any(Number), 1]);
    expect(r.totals.move).toEqual([expect.any(Number), 0]);
  });

  it('parts at sw2’s flood, which leaves out the port the spanning tree blocked, naming the change that blocked it', () => {
    const d = r.firstDivergence!;
    expect(d.step).toBe(1);
    expect(d.a).toMatchObject({ node: 'sw2', kind: 'flood', out: ['p1', 'p2'] });
    expect(d.b).toMatchObject({ node: 'sw2', kind: 'flood', out: ['p1'] });
    expect(d.b!.why).toMatch(/^the frame is a broadcast, so sw2 sends it out of every port but p3: p1 \(not p2, blocking since #\d+\)$/);
  });
});

describe('triangle-stp vs triangle-rstp', () => {
  const r = diffRecordings(recordExample('triangle-stp'), recordExample('triangle-rstp'));

  it('aligns the one broadcast, sent after each protocol converged: at 31 s under STP, at 4 s under RSTP', () => {
    expect(r.steps.map((s) => [s.on, s.run, s.in, s.at])).toEqual([['h1', 'arping -c 1 10.0.0.2', 'both', [31e9, 4e9]]]);
    expect(r.hosts.h2!.delivered).toEqual([1, 1]);
    expect(r.hosts.h3!.delivered).toEqual([1, 1]);
  });

  it('makes the same forwarding decisions once converged: the loop is cut at sw2’s port to sw3 in both', () => {
    expect(r.firstDivergence).toBeNull();
    expect(r.steps[0]!.totals.drops['port-blocked']).toEqual([1, 1]);
  });
});
