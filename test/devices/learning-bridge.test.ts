import { describe, expect, it } from 'vitest';
import { LearningBridge } from '../../src/devices/learning-bridge.js';
import { BROADCAST_MAC, formatMac, parseMac } from '../../src/wire/mac.js';
import { Harness, frame, mac, switchSpec } from './bridge-harness.js';

const S = 1e9;
const A = mac(1);
const B = mac(2);
const C = mac(3);

function sw(ports = ['p1', 'p2', 'p3'], agingTimeNs = 300 * S): Harness {
  return new Harness(new LearningBridge('sw1', 'switch', switchSpec('sw1', ports, { agingTimeNs })));
}

describe('a learning switch (802.1D 7.7-7.8)', () => {
  it('learns the source and floods an unknown unicast out of every other port, saying why', () => {
    const h = sw();
    const { sent, events } = h.arrive('p1', frame(A, B));
    expect(h.kinds(events)).toEqual(['learn', 'flood']);
    expect(events[0]).toMatchObject({ port: 'p1', mac: formatMac(A), why: 'sw1 learns 02:00:00:00:00:01 behind p1' });
    expect(events[1]).toMatchObject({
      port: 'p1',
      out: ['p2', 'p3'],
      why: 'sw1 has no entry for 02:00:00:00:00:02, so it sends the frame out of every port but p1: p2, p3',
    });
    expect(sent.map((s) => s.port)).toEqual(['p2', 'p3']);
    expect(sent.every((s) => s.cause === events[1]!.seq)).toBe(true);
  });

  it('floods one frame object to every port: no copy per port when nothing changes', () => {
    const h = sw();
    const { sent } = h.arrive('p1', frame(A, BROADCAST_MAC));
    expect(sent[0]!.frame).toBe(sent[1]!.frame);
  });

  it('forwards known unicast out of the one port it was learned on, citing the learn event', () => {
    const h = sw();
    h.arrive('p2', frame(B, A));
    const learnB = h.events.find((e) => e.kind === 'learn')!;
    const { sent, events } = h.arrive('p1', frame(A, B));
    expect(events.at(-1)).toMatchObject({
      kind: 'forward',
      out: ['p2'],
      why: `sw1 learned 02:00:00:00:00:02 on p2 at #${learnB.seq}, so it sends the frame out of p2 only`,
    });
    expect(sent.map((s) => s.port)).toEqual(['p2']);
  });

  it('keeps one forward sentence and hint per entry for a port that sends to two stations in turn, and makes new ones when the entry moves', () => {
    const h = sw();
    h.arrive('p2', frame(B, A));
    h.arrive('p3', frame(C, A));
    const forward = (to: typeof B) => h.arrive('p1', frame(A, to)).events.at(-1)!;
    const [toB, toC, toBAgain, toCAgain] = [forward(B), forward(C), forward(B), forward(C)];
    expect(toB.hint).toBeDefined();
    expect([toBAgain.hint, toCAgain.hint]).toEqual([toB.hint, toC.hint]);
    expect(toB.hint).not.toBe(toC.hint);
    expect(toBAgain.why).toBe(toB.why);
    h.arrive('p3', frame(B, A)); // B moves to p3: the entry now names another port and learning
    const moved = forward(B);
    expect(moved.why).toMatch(/^sw1 learned 02:00:00:00:00:02 on p3 at #\d+, so it sends the frame out of p3 only$/);
    expect(moved.hint).not.toBe(toB.hint);
    expect(moved.hint).not.toBe(toC.hint);
  });

  it('filters a frame whose destination sits behind the port it came from', () => {
    const h = sw();
    h.arrive('p1', frame(B, A));
    const { sent, events } = h.arrive('p1', frame(A, B));
    expect(h.kinds(events)).toEqual(['learn', 'filter']);
    expect(events[1]!.why).toBe('sw1 learned 02:00:00:00:00:02 on p1, the port the frame came from: it stays on that side');
    expect(sent).toEqual([]);
  });

  it('floods broadcast and multicast even when it knows every station', () => {
    const h = sw();
    h.arrive('p2', frame(B, A));
    h.arrive('p3', frame(C, A));
    const bcast = h.arrive('p1', frame(A, BROADCAST_MAC));
    expect(bcast.events.at(-1)).toMatchObject({
      kind: 'flood',
      out: ['p2', 'p3'],
      why: 'the frame is a broadcast, so sw1 sends it out of every port but p1: p2, p3',
    });
    const mcast = h.arrive('p1', frame(A, parseMac('01:00:5e:00:00:01')));
    expect(mcast.events.at(-1)).toMatchObject({ kind: 'flood', out: ['p2', 'p3'] });
    expect(mcast.events.at(-1)!.why).toMatch(/^01:00:5e:00:00:01 is a multicast address/);
  });

  it('reports a MAC seen on another port as a move, with where it was', () => {
    const h = sw();
    h.arrive('p1', frame(A, BROADCAST_MAC));
    const { events } = h.arrive('p3', frame(A, BROADCAST_MAC));
    expect(events[0]).toMatchObject({
      kind: 'move',
      port: 'p3',
      from: 'p1',
      mac: '02:00:00:00:00:01',
      why: 'sw1 now sees 02:00:00:00:00:01 on p3, not p1: the MAC moved',
    });
    expect(h.arrive('p2', frame(B, A)).sent.map((s) => s.port)).toEqual(['p3']);
  });

  it('keeps one move sentence and hint per MAC and port it left, as a loop moves a MAC around and back', () => {
    const h = sw();
    h.arrive('p1', frame(A, BROADCAST_MAC));
    const move = (to: string) => h.arrive(to, frame(A, BROADCAST_MAC)).events[0]!;
    const [p1ToP3, p3ToP1, p1ToP2, p2ToP1, p1ToP3Again] = [move('p3'), move('p1'), move('p2'), move('p1'), move('p3')];
    expect([p1ToP3, p3ToP1, p1ToP2, p2ToP1, p1ToP3Again].map((e) => e.kind)).toEqual(['move', 'move', 'move', 'move', 'move']);
    expect(p1ToP3.hint).toBeDefined();
    expect(p1ToP3Again.hint).toBe(p1ToP3.hint);
    expect(p1ToP3Again.why).toBe(p1ToP3.why);
    // Into p1 from p3 and from p2: the same port, a different sentence, so a different hint.
    expect(p2ToP1.why).toBe('sw1 now sees 02:00:00:00:00:01 on p1, not p2: the MAC moved');
    expect(new Set([p1ToP3.hint, p3ToP1.hint, p1ToP2.hint, p2ToP1.hint]).size).toBe(4);
    // Another MAC moving between the same ports is described apart.
    h.arrive('p1', frame(B, BROADCAST_MAC));
    const other = h.arrive('p3', frame(B, BROADCAST_MAC)).events[0]!;
    expect(other).toMatchObject({ kind: 'move', mac: '02:00:00:00:00:02', from: 'p1' });
    expect(other.hint).not.toBe(p1ToP3.hint);
  });

  it('decides at the instant of arrival: what it sends goes out at the rx time', () => {
    const h = sw();
    h.arrive('p1', frame(A, B), 7);
    expect(h.events.every((e) => e.t === 7)).toBe(true);
  });
});

describe('ageing (802.1D 7.9.2)', () => {
  it('forgets an entry agingTime after the last frame from it, with an age event, and then floods to it again', () => {
    const h = sw(['p1', 'p2', 'p3'], 2 * S);
    h.arrive('p1', frame(A, BROADCAST_MAC), 1 * S);
    h.arrive('p1', frame(A, BROADCAST_MAC), 2 * S); // refresh: the entry now lives until 4 s
    h.advance(3.5 * S);
    expect(h.events.filter((e) => e.kind === 'age')).toEqual([]);
    h.advance(10 * S);
    const age = h.events.filter((e) => e.kind === 'age');
    expect(age).toHaveLength(1);
    expect(age[0]).toMatchObject({
      t: 4 * S,
      port: 'p1',
      mac: '02:00:00:00:00:01',
      why: 'sw1 forgets 02:00:00:00:00:01 on p1: nothing came from it for 2 s, its ageing time',
    });
    expect(age[0]!.cause).toBe(h.events.find((e) => e.kind === 'learn')!.seq);
    expect(h.arrive('p2', frame(B, A)).events.at(-1)).toMatchObject({ kind: 'flood', out: ['p1', 'p3'] });
  });

  it('keeps one ageing timer however many frames refresh the table', () => {
    const h = sw(['p1', 'p2', 'p3'], 2 * S);
    for (let i = 0; i < 1000; i++) h.arrive(i % 2 ? 'p1' : 'p2', frame(i % 2 ? A : B, BROADCAST_MAC), i * 1000);
    expect(h.timers).toHaveLength(1);
  });

  it('ignores a timer that is no longer the armed one, so re-arming never leaves two', () => {
    const h = sw(['p1', 'p2', 'p3'], 2 * S);
    h.arrive('p1', frame(A, BROADCAST_MAC), 0);
    h.now = 1 * S;
    (h.device as LearningBridge).onAgeingTimer();
    expect(h.timers).toHaveLength(1);
    h.advance(5 * S);
    expect(h.events.filter((e) => e.kind === 'age').map((e) => e.t)).toEqual([2 * S]);
    expect(h.timers).toHaveLength(0);
  });

  it('ages an entry due at the same instant a frame arrives before deciding on that frame', () => {
    const h = sw(['p1', 'p2', 'p3'], 2 * S);
    h.arrive('p2', frame(B, BROADCAST_MAC), 0);
    h.timers.length = 0; // the timer is late: the frame at exactly 2 s must still see the entry gone
    const { events } = h.arrive('p1', frame(A, B), 2 * S);
    expect(h.kinds(events)).toEqual(['age', 'learn', 'flood']);
  });

  it('with ageing time 0 learns nothing and floods everything, like a hub (Linux ageing_time 0)', () => {
    const h = sw(['p1', 'p2', 'p3'], 0);
    h.arrive('p2', frame(B, A));
    const { events } = h.arrive('p1', frame(A, B));
    expect(h.kinds(h.events).filter((k) => k === 'learn')).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      kind: 'flood',
      out: ['p2', 'p3'],
      why: 'sw1 does not learn addresses (ageing time 0), so, like a hub, it sends the frame out of every port but p1: p2, p3',
    });
    expect(h.timers).toEqual([]);
  });
});

describe('ports and commands', () => {
  it('`ip link set p3 down`: a link event, p3 forgets its MACs, and floods leave it out until it is up again', () => {
    const h = sw();
    h.arrive('p3', frame(C, BROADCAST_MAC));
    h.device.runCommand({ name: 'link-set', dev: 'p3', up: false }, 99);
    const [link, age] = h.events.slice(-2);
    expect(link).toMatchObject({
      kind: 'link',
      port: 'p3',
      state: 'down',
      cause: 99,
      why: 'sw1 sets p3 down: it neither receives nor sends frames on it',
    });
    expect(age).toMatchObject({ kind: 'age', port: 'p3', mac: '02:00:00:00:00:03', cause: link!.seq });
    expect(h.device.isPortUp('p3')).toBe(false);
    expect(h.arrive('p1', frame(A, C)).events.at(-1)).toMatchObject({ kind: 'flood', out: ['p2'] });
    expect(h.arrive('p3', frame(C, A)).events).toEqual([]);
    h.device.runCommand({ name: 'link-set', dev: 'p3', up: true }, 100);
    expect(h.arrive('p1', frame(A, BROADCAST_MAC)).events.at(-1)).toMatchObject({ kind: 'flood', out: ['p2', 'p3'] });
  });

  it('`bridge fdb flush` forgets every learned MAC', () => {
    const h = sw();
    h.arrive('p1', frame(A, BROADCAST_MAC));
    h.arrive('p2', frame(B, BROADCAST_MAC));
    h.device.runCommand({ name: 'fdb-flush' }, 50);
    expect(h.events.slice(-2).map((e) => `${e.kind} ${e.mac} ${e.port}`)).toEqual(['age 02:00:00:00:00:01 p1', 'age 02:00:00:00:00:02 p2']);
    expect(h.arrive('p1', frame(A, B)).events.at(-1)!.kind).toBe('flood');
  });

  it('answers a command for a port it does not have as iproute2 does, and refuses host commands', () => {
    const h = sw();
    h.device.runCommand({ name: 'link-set', dev: 'p9', up: false }, 1);
    h.device.runCommand({ name: 'neigh-flush' }, 2);
    expect(h.events.map((e) => e.text)).toEqual([
      'Cannot find device "p9"',
      "hoplab: 'neigh-flush' runs on hosts and routers; sw1 is a switch with no IP stack",
    ]);
  });
});
