import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { Rng } from '../../src/sim/rng.js';
import { hubHarness, hubYaml, scriptedRng } from './hub-harness.js';

const at = (events: SimEvent[]): string[] => events.map((e) => `${e.t} ${e.kind} ${e.node}${e.port ? `:${e.port}` : ''}`);

describe('a frame on a quiet segment', () => {
  it('at 10 Mb/s a 98-byte frame takes (8 + 98 + 4) x 8 bits = 88 us: tx at its first preamble bit, rx at its last FCS bit plus both cables', () => {
    const h = hubHarness(hubYaml(3), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    expect(at(h.run().filter((e) => e.kind !== 'flood'))).toEqual([
      '0 tx h1:eth0',
      '1000 tx hub1:p2',
      '1000 tx hub1:p3',
      '90000 rx h2:eth0',
      '90000 rx h3:eth0',
    ]);
  });

  it('the hub repeats it out of every other port, once, with its reason, and never learns', () => {
    const h = hubHarness(hubYaml(3), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    h.run();
    const floods = h.of('flood');
    expect(floods).toHaveLength(1);
    expect(floods[0]).toMatchObject({
      t: 1000,
      node: 'hub1',
      port: 'p1',
      out: ['p2', 'p3'],
      why: 'hub1 repeats the frame out of every other port: p2, p3 (a hub never learns)',
    });
    expect(floods[0]!.cause).toBe(h.of('tx', 'h1')[0]!.seq);
    for (const rx of h.of('rx'))
      expect(h.events.find((e) => e.seq === rx.cause)).toMatchObject({ kind: 'tx', node: 'hub1', port: rx.node === 'h2' ? 'p2' : 'p3' });
    expect(h.delivered).toEqual(['h2:eth0 #1', 'h3:eth0 #1']);
  });

  it('runs at the hub rate: 8.8 us for 98 bytes at 100 Mb/s', () => {
    const h = hubHarness(hubYaml(2, { rate: '100Mbps' }), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    expect(h.run().find((e) => e.kind === 'rx')!.t).toBe(8800 + 2000);
  });
});

describe('carrier sense and deference (802.3 4.2.3.2.1)', () => {
  it('a station that wants to send while a frame is passing waits for it to end and for the interframe gap', () => {
    const h = hubHarness(hubYaml(3), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    h.send(10_000, 'h2', 'eth0', 98);
    h.run();
    expect(h.of('collision')).toEqual([]);
    // h1's last bit reaches h2 at 88 + 2 us; then 9.6 us of gap.
    const tx = h.of('tx', 'h2')[0]!;
    expect(tx.t).toBe(90_000 + 9_600);
    expect(tx.why).toBe(
      "h2 sends 98 bytes out of eth0 onto hub1's shared segment, after waiting for the frame on it to end and for the 9.6 us interframe gap (carrier sense); 88 us on the wire with preamble, padding and FCS",
    );
    expect(h.of('rx', 'h3').map((e) => e.frame)).toEqual([1, 2]);
  });

  it('a frame deferring for its first try counts as queued, and stops counting once it is sent', () => {
    const h = hubHarness(hubYaml(3), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    h.send(10_000, 'h2', 'eth0', 98);
    const depths: number[] = [];
    for (const t of [10_000, 99_599, 99_601]) h.sim.schedule(t, () => depths.push(h.segment.queueDepth('h2', 'eth0')), undefined);
    h.run();
    expect(depths).toEqual([1, 1, 0]);
  });

  it('a station keeps the gap after its own frame too: back-to-back frames are 9.6 us apart', () => {
    const h = hubHarness(hubYaml(2), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    h.send(0, 'h1', 'eth0', 98);
    h.run();
    expect(h.of('tx', 'h1').map((e) => e.t)).toEqual([0, 88_000 + 9_600]);
  });

  it('a frame already on its way but not yet heard is not sensed: that is the propagation window', () => {
    const sensed = hubHarness(hubYaml(2), scriptedRng([0, 1]));
    sensed.send(0, 'h1', 'eth0', 98);
    sensed.send(2000, 'h2', 'eth0', 98); // h1's first bit reaches h2 at 2 us: heard
    sensed.run();
    expect(sensed.of('collision')).toEqual([]);

    const unheard = hubHarness(hubYaml(2), scriptedRng([0, 1]));
    unheard.send(0, 'h1', 'eth0', 98);
    unheard.send(1999, 'h2', 'eth0', 98);
    unheard.run();
    expect(unheard.of('collision')).toHaveLength(1);
  });
});

describe('collisions (802.3 4.2.3.2.4-5)', () => {
  it('two stations sending at once collide at the hub; each jams, backs off its drawn slots, and both frames get through', () => {
    const h = hubHarness(hubYaml(3), scriptedRng([0, 1])); // h1 draws 0 slots, h2 draws 1
    h.send(0, 'h1', 'eth0', 98, 1);
    h.send(0, 'h2', 'eth0', 98, 2);
    h.run();
    const [collision, ...more] = h.of('collision');
    expect(more).toEqual([]);
    expect(collision).toMatchObject({
      t: 1000,
      node: 'hub1',
      senders: ['h1:eth0', 'h2:eth0'],
      why: "h1 and h2 sent at once on hub1's segment, each hearing it within the 512-bit slot time; each jammed, leaving a runt on the wire (h1 52 bits, h2 52 bits, preamble included: under the 64-byte minimum, so receivers discard it); both frames are lost and each backs off",
    });
    // Each hears the other at 2 us and jams 3.2 us. h1 (0 slots) then waits for h2's jam to pass it
    // (7.2 us) and the gap; h2 (1 slot = 51.2 us) finds h1's 88 us frame on the wire and defers to it.
    const tx = h.of('tx').filter((e) => e.node !== 'hub1');
    expect(at(tx)).toEqual(['0 tx h1:eth0', '0 tx h2:eth0', '16800 tx h1:eth0', '116400 tx h2:eth0']);
    expect(tx[2]!.cause).toBe(collision!.seq);
    expect(tx[2]!.why).toBe(
      'h1 sends the frame again out of eth0 (attempt 2 of 16) after backing off 0 slot times (0 us); 88 us on the wire with preamble, padding and FCS',
    );
    expect(tx[3]!.why).toBe(
      'h2 sends the frame again out of eth0 (attempt 2 of 16) after backing off 1 slot time (51.2 us); 88 us on the wire with preamble, padding and FCS',
    );
    // The collided frames reach nobody; the retries reach everybody.
    expect(h.of('flood').map((e) => e.t)).toEqual([17_800, 117_400]);
    expect(at(h.of('rx'))).toEqual(['106800 rx h2:eth0', '106800 rx h3:eth0', '206400 rx h1:eth0', '206400 rx h3:eth0']);
  });

  it('several senders at once make one collision naming them all', () => {
    const h = hubHarness(hubYaml(4), new Rng(5));
    for (const n of [1, 2, 3]) h.send(0, `h${n}`, 'eth0', 60, n);
    h.run();
    const first = h.of('collision')[0]!;
    expect(first.senders).toEqual(['h1:eth0', 'h2:eth0', 'h3:eth0']);
    expect(first.why).toBe(
      "h1, h2 and h3 sent at once on hub1's segment, each hearing it within the 512-bit slot time; each jammed, leaving a runt on the wire (h1 52 bits, h2 52 bits, h3 52 bits, preamble included: under the 64-byte minimum, so receivers discard it); all 3 frames are lost and each backs off",
    );
    // Whatever further collisions the draws cause, every frame reaches h4 once.
    expect(
      h
        .of('rx', 'h4')
        .map((e) => e.frame)
        .sort(),
    ).toEqual([1, 2, 3]);
  });

  it('gives up after 16 collisions in a row: a drop with reason collision, and the window grew to 1024 slots', () => {
    const rng = scriptedRng(); // always 0 slots: the two stations collide every time
    const h = hubHarness(hubYaml(3), rng);
    h.send(0, 'h1', 'eth0', 98);
    h.send(0, 'h2', 'eth0', 98);
    h.run();
    expect(h.of('collision')).toHaveLength(16);
    expect(h.of('tx', 'h1')).toHaveLength(16);
    expect(h.of('rx')).toEqual([]);
    const drops = h.of('drop');
    expect(drops.map((e) => `${e.node}:${e.port} ${e.reason}`)).toEqual(['h1:eth0 collision', 'h2:eth0 collision']);
    expect(drops[0]!.why).toBe('h1 gives up on the frame after 16 collisions in a row (802.3 attemptLimit), so it is dropped');
    expect(drops[0]!.cause).toBe(h.of('collision')[15]!.seq);
    expect(h.of('collision')[15]!.why).toBe(
      "h1 and h2 sent at once on hub1's segment, each hearing it within the 512-bit slot time; each jammed, leaving a runt on the wire (h1 52 bits, h2 52 bits, preamble included: under the 64-byte minimum, so receivers discard it); both frames are lost and after 16 collisions each gives up",
    );
    const windows = rng.ranges.filter((_, i) => i % 2 === 0).map(([, high]) => high + 1);
    expect(windows).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1024, 1024, 1024, 1024, 1024]);
  });

  it('after giving up, the station goes on with its next frame', () => {
    const h = hubHarness(hubYaml(3), scriptedRng());
    h.send(0, 'h1', 'eth0', 98, 1);
    h.send(0, 'h1', 'eth0', 98, 1);
    h.send(0, 'h2', 'eth0', 98, 2);
    h.run();
    expect(h.of('drop').map((e) => e.frame)).toEqual([1, 3]);
    expect(h.of('rx').map((e) => `${e.node} #${e.frame}`)).toEqual(['h2 #2', 'h3 #2']);
  });
});

describe('queues and ports', () => {
  it('a station queues frames behind the one it is sending, drop-tail at its cable queue size', () => {
    const h = hubHarness(hubYaml(2, { queue: 1 }), scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    h.send(0, 'h1', 'eth0', 98);
    h.send(0, 'h1', 'eth0', 98);
    h.sim.schedule(0, () => expect(h.segment.queueDepth('h1', 'eth0')).toBe(1), undefined);
    h.run();
    expect(h.of('drop')).toMatchObject([{ node: 'h1', port: 'eth0', frame: 3, reason: 'queue-full' }]);
    expect(h.of('tx', 'h1').map((e) => e.frame)).toEqual([1, 2]);
  });

  it('a hub port that is down isolates its station: left out of the flood, and it has no carrier', () => {
    const h = hubHarness(hubYaml(3), scriptedRng());
    h.down.add('hub1:p3');
    h.send(0, 'h1', 'eth0', 98);
    h.send(200_000, 'h3', 'eth0', 98);
    h.run();
    expect(h.of('flood')[0]).toMatchObject({
      out: ['p2'],
      why: 'hub1 repeats the frame out of every other port that is up: p2 (a hub never learns)',
    });
    expect(h.of('rx').map((e) => e.node)).toEqual(['h2']);
    expect(h.of('drop')).toMatchObject([
      { node: 'h3', reason: 'link-down', why: 'h3:eth0 has no carrier: hub1:p3 is down, so the frame goes nowhere' },
    ]);
    expect(h.segment.carrier('h3', 'eth0')).toBe(false);
    expect(h.segment.carrier('h1', 'eth0')).toBe(true);
  });

  it('a station whose own port is down loses what the hub repeats to it', () => {
    const h = hubHarness(hubYaml(2), scriptedRng());
    h.down.add('h2:eth0');
    h.send(0, 'h1', 'eth0', 98);
    h.run();
    expect(h.of('drop')).toMatchObject([{ node: 'h2', port: 'eth0', reason: 'link-down' }]);
    expect(h.of('rx')).toEqual([]);
  });
});

describe('hubs cabled together: one collision domain', () => {
  const yaml = `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  hub1: { kind: hub }
  hub2: { kind: hub }
links:
  - [h1:eth0, hub1:p1]
  - [h2:eth0, hub1:p2]
  - { ends: [hub1:p3, hub2:p1], delay: 3us }
  - [h3:eth0, hub2:p2]
`;

  it('the frame is repeated by each hub in turn and reaches the far station after every cable', () => {
    const h = hubHarness(yaml, scriptedRng());
    h.send(0, 'h1', 'eth0', 98);
    h.run();
    expect(at(h.events)).toEqual([
      '0 tx h1:eth0',
      '1000 flood hub1:p1',
      '1000 tx hub1:p2',
      '1000 tx hub1:p3',
      '4000 flood hub2:p1',
      '4000 tx hub2:p2',
      '90000 rx h2:eth0',
      '93000 rx h3:eth0',
    ]);
    const hub2Flood = h.of('flood', 'hub2')[0]!;
    expect(h.events.find((e) => e.seq === hub2Flood.cause)).toMatchObject({ kind: 'tx', node: 'hub1', port: 'p3' });
  });

  it('stations on different hubs collide with each other', () => {
    const h = hubHarness(yaml, scriptedRng([0, 1]));
    h.send(0, 'h1', 'eth0', 98);
    h.send(0, 'h3', 'eth0', 98);
    h.run();
    expect(h.of('collision')[0]).toMatchObject({ senders: ['h1:eth0', 'h3:eth0'] });
    expect(h.of('rx', 'h2')).toHaveLength(2);
  });
});
