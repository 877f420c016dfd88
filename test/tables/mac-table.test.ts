import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MacTable, type MacEntry } from '../../src/tables/mac-table.js';
import { BROADCAST_MAC, parseMac, type Mac } from '../../src/wire/mac.js';

const S = 1_000_000_000;
const AGING = 300 * S;
const A = parseMac('02:00:00:00:00:0a');
const B = parseMac('02:00:00:00:00:0b');
const C = parseMac('02:00:00:00:00:0c');
const IPV4_MULTICAST = parseMac('01:00:5e:00:00:01');

function summary(entries: MacEntry[]): string[] {
  return entries.map((e) => `${e.mac.toString(16)}@${e.vlan}:${e.port}`);
}

describe('MacTable learning (802.1D 7.8)', () => {
  it('learns a new source address with when and from which event', () => {
    const t = new MacTable(AGING);
    const out = t.learn(A, 'p1', 1, 5 * S, 6);
    expect(out).toEqual({
      kind: 'learned',
      entry: { mac: A, port: 'p1', vlan: 1, learnedAt: 5 * S, lastSeen: 5 * S, learnedSeq: 6 },
    });
    expect(t.lookup(A, 1, 5 * S)?.port).toBe('p1');
    expect(t.size).toBe(1);
  });

  it('refreshes on the same port: lastSeen moves, learnedAt and learnedSeq stay, same record', () => {
    const t = new MacTable(AGING);
    const first = t.learn(A, 'p1', 1, 5 * S, 6);
    const again = t.learn(A, 'p1', 1, 9 * S, 11);
    expect(again.kind).toBe('refreshed');
    if (again.kind !== 'refreshed' || first.kind !== 'learned') throw new Error('unreachable');
    expect(again.entry).toBe(first.entry);
    expect(again.entry).toEqual({ mac: A, port: 'p1', vlan: 1, learnedAt: 5 * S, lastSeen: 9 * S, learnedSeq: 6 });
    expect(t.size).toBe(1);
  });

  it('reports a station that moved to another port, and where from', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 5 * S, 6);
    const out = t.learn(A, 'p2', 1, 7 * S, 9);
    expect(out).toEqual({
      kind: 'moved',
      from: 'p1',
      entry: { mac: A, port: 'p2', vlan: 1, learnedAt: 7 * S, lastSeen: 7 * S, learnedSeq: 9 },
    });
    expect(t.lookup(A, 1, 7 * S)?.port).toBe('p2');
    expect(t.size).toBe(1);
  });

  it('never learns group source addresses', () => {
    const t = new MacTable(AGING);
    expect(t.learn(BROADCAST_MAC, 'p1', 1, 0, 1)).toEqual({ kind: 'ignored' });
    expect(t.learn(IPV4_MULTICAST, 'p1', 1, 0, 2)).toEqual({ kind: 'ignored' });
    expect(t.size).toBe(0);
    expect(t.lookup(BROADCAST_MAC, 1, 0)).toBeUndefined();
    expect(t.nextExpiry()).toBeUndefined();
  });

  it('learns nothing with ageing time 0, so the bridge floods like a hub', () => {
    const t = new MacTable(0);
    expect(t.learn(A, 'p1', 1, 0, 1)).toEqual({ kind: 'ignored' });
    expect(t.learn(A, 'p1', 1, 10 * S, 2)).toEqual({ kind: 'ignored' });
    expect(t.size).toBe(0);
    expect(t.lookup(A, 1, 10 * S)).toBeUndefined();
  });

  it('keeps VLANs apart, including VIDs far above 31', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(A, 'p2', 4094, 0, 2);
    t.learn(A, 'p3', 32, 0, 3);
    expect(t.lookup(A, 1, 0)?.port).toBe('p1');
    expect(t.lookup(A, 4094, 0)?.port).toBe('p2');
    expect(t.lookup(A, 32, 0)?.port).toBe('p3');
    expect(t.lookup(A, 2, 0)).toBeUndefined();
    expect(t.size).toBe(3);
  });

  it('rejects values that are not a MAC, a VID or an integer time', () => {
    const t = new MacTable(AGING);
    expect(() => t.learn(2 ** 48, 'p1', 1, 0, 1)).toThrow(RangeError);
    expect(() => t.learn(A, 'p1', 4096, 0, 1)).toThrow(RangeError);
    expect(() => t.learn(A, 'p1', 1, 0.5, 1)).toThrow(RangeError);
    expect(() => new MacTable(-1)).toThrow(RangeError);
    expect(() => t.setAgingTime(1.5)).toThrow(RangeError);
  });
});

describe('MacTable ageing (802.1D 7.9.2)', () => {
  it('stops answering for an entry exactly when lastSeen + agingTime is reached', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 10 * S, 1);
    expect(t.lookup(A, 1, 10 * S + AGING - 1)?.port).toBe('p1');
    expect(t.lookup(A, 1, 10 * S + AGING)).toBeUndefined();
    // Not yet removed: expire() is what removes, so it can be reported.
    expect(t.size).toBe(1);
  });

  it('a refresh extends the entry life from the refresh', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(A, 'p1', 1, 100 * S, 2);
    expect(t.lookup(A, 1, 350 * S)?.port).toBe('p1');
    expect(t.lookup(A, 1, 400 * S)).toBeUndefined();
  });

  it('expire removes due entries ordered by expiry time, then insertion', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 1 * S, 2);
    t.learn(C, 'p3', 1, 1 * S, 3);
    t.learn(A, 'p1', 1, 2 * S, 4); // A now expires last, though inserted first
    expect(t.expire(AGING)).toEqual([]);
    expect(summary(t.expire(1 * S + AGING))).toEqual(['2000000000b@1:p2', '2000000000c@1:p3']);
    expect(t.size).toBe(1);
    expect(t.lookup(B, 1, 1 * S + AGING)).toBeUndefined();
    expect(summary(t.expire(10_000 * S))).toEqual(['2000000000a@1:p1']);
    expect(t.size).toBe(0);
  });

  it('nextExpiry follows learns, refreshes, expiry and ageing-time changes', () => {
    const t = new MacTable(AGING);
    expect(t.nextExpiry()).toBeUndefined();
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 5 * S, 2);
    expect(t.nextExpiry()).toBe(AGING);
    t.learn(A, 'p1', 1, 8 * S, 3); // refreshing the soonest entry hands the lead to B
    expect(t.nextExpiry()).toBe(5 * S + AGING);
    t.learn(A, 'p3', 1, 9 * S, 4); // a move refreshes too
    expect(t.nextExpiry()).toBe(5 * S + AGING);
    t.expire(5 * S + AGING);
    expect(t.nextExpiry()).toBe(9 * S + AGING);
    t.setAgingTime(10 * S);
    expect(t.nextExpiry()).toBe(19 * S);
    expect(t.lookup(A, 1, 18 * S)?.port).toBe('p3');
    expect(t.lookup(A, 1, 19 * S)).toBeUndefined();
    t.expire(19 * S);
    expect(t.nextExpiry()).toBeUndefined();
  });

  it('relearning an address that aged out but was not yet expired is a new learning', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 1, 2);
    const out = t.learn(A, 'p2', 1, AGING, 7);
    expect(out).toEqual({
      kind: 'learned',
      entry: { mac: A, port: 'p2', vlan: 1, learnedAt: AGING, lastSeen: AGING, learnedSeq: 7 },
    });
    expect(t.size).toBe(2);
    // It is a new entry, so it goes after B in insertion order and expires after B.
    expect(summary(t.entries())).toEqual(['2000000000b@1:p2', '2000000000a@1:p2']);
    expect(t.nextExpiry()).toBe(1 + AGING);
  });

  it('setAgingTime(0) ages every entry out at once and stops learning', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 3 * S, 2);
    t.setAgingTime(0);
    expect(t.agingTimeNs).toBe(0);
    expect(t.lookup(B, 1, 3 * S)).toBeUndefined();
    expect(t.learn(C, 'p1', 1, 3 * S, 3).kind).toBe('ignored');
    expect(t.nextExpiry()).toBe(0);
    expect(summary(t.expire(3 * S))).toEqual(['2000000000a@1:p1', '2000000000b@1:p2']);
  });
});

describe('MacTable flush and listing', () => {
  it('flush(port) removes that port only, in insertion order', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 1, 2);
    t.learn(C, 'p1', 2, 2, 3);
    expect(summary(t.flush('p1'))).toEqual(['2000000000a@1:p1', '2000000000c@2:p1']);
    expect(t.lookup(A, 1, 3)).toBeUndefined();
    expect(t.lookup(B, 1, 3)?.port).toBe('p2');
    expect(t.nextExpiry()).toBe(1 + AGING);
    expect(t.flush('p9')).toEqual([]);
  });

  it('flush() empties the table', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 1, 2);
    expect(summary(t.flush())).toEqual(['2000000000a@1:p1', '2000000000b@1:p2']);
    expect(t.size).toBe(0);
    expect(t.entries()).toEqual([]);
    expect(t.nextExpiry()).toBeUndefined();
    expect(t.learn(A, 'p1', 1, 2, 3).kind).toBe('learned');
  });

  it('entries() lists in insertion order and a move keeps its place', () => {
    const t = new MacTable(AGING);
    t.learn(A, 'p1', 1, 0, 1);
    t.learn(B, 'p2', 1, 1, 2);
    t.learn(A, 'p3', 1, 2, 3);
    expect(summary(t.entries())).toEqual(['2000000000a@1:p3', '2000000000b@1:p2']);
  });
});

// ---- property tests against a naive model --------------------------------------------

const PORTS = ['p1', 'p2', 'p3'];
const VLANS = [1, 4094];
const isGroup = (mac: Mac): boolean => mac === IPV4_MULTICAST || mac === BROADCAST_MAC;

type Op =
  | { op: 'learn'; mac: number; port: number; vlan: number; dt: number }
  | { op: 'expire'; dt: number }
  | { op: 'aging'; steps: number }
  | { op: 'flush'; port: number };

/** Ops over a pool of `poolSize` addresses; time steps are in tenths of the ageing time. */
function opArb(poolSize: number, maxStep: number): fc.Arbitrary<Op> {
  return fc.oneof(
    {
      arbitrary: fc.record({
        op: fc.constant('learn' as const),
        mac: fc.nat(poolSize - 1),
        port: fc.nat(PORTS.length - 1),
        vlan: fc.nat(VLANS.length - 1),
        dt: fc.oneof(fc.constant(0), fc.nat(maxStep)),
      }),
      weight: 8,
    },
    { arbitrary: fc.record({ op: fc.constant('expire' as const), dt: fc.nat(maxStep) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('aging' as const), steps: fc.nat(20) }), weight: 1 },
    // port -1: flush everything
    {
      arbitrary: fc.record({ op: fc.constant('flush' as const), port: fc.integer({ min: -1, max: PORTS.length - 1 }) }),
      weight: 1,
    },
  );
}

interface ModelEntry {
  mac: Mac;
  vlan: number;
  port: string;
  learnedAt: number;
  lastSeen: number;
  ord: number;
}

/** `everyStep`: compare lookups and entries() after every op, not only at the end. */
function checkAgainstModel(pool: Mac[], initialAging: number, ops: Op[], everyStep: boolean): void {
  // Time advances in tenths of the ageing time, so exact boundaries come up often.
  const unit = initialAging === 0 ? 1 : initialAging / 10;
  let aging = initialAging;
  const t = new MacTable(aging);
  // What the statement of the property needs: the latest learn of each (vlan, mac).
  const lastLearn = new Map<string, { at: number; port: string }>();
  // What expire/nextExpiry/entries need: a model of the whole table.
  let model: ModelEntry[] = [];
  let ord = 0;
  let now = 0;
  let seq = 0;

  ops.forEach((o, i) => {
    if (o.op === 'aging') {
      aging = o.steps * unit;
      t.setAgingTime(aging);
      // The latest learn still decides lookup, against the new ageing time.
    } else if (o.op === 'flush') {
      const port = o.port < 0 ? undefined : PORTS[o.port]!;
      const gone = model.filter((m) => port === undefined || m.port === port).sort((x, y) => x.ord - y.ord);
      expect(t.flush(port).map((e) => [e.mac, e.vlan, e.port])).toEqual(gone.map((m) => [m.mac, m.vlan, m.port]));
      model = model.filter((m) => !gone.includes(m));
      for (const m of gone) lastLearn.delete(`${m.vlan}/${m.mac}`);
    } else if (o.op === 'learn') {
      now += o.dt * unit;
      const mac = pool[o.mac]!;
      const port = PORTS[o.port]!;
      const vlan = VLANS[o.vlan]!;
      seq++;
      const out = t.learn(mac, port, vlan, now, seq);
      if (isGroup(mac) || aging === 0) {
        expect(out.kind).toBe('ignored');
      } else {
        lastLearn.set(`${vlan}/${mac}`, { at: now, port });
        const old = model.find((m) => m.mac === mac && m.vlan === vlan);
        if (old !== undefined && old.lastSeen + aging > now) {
          if (old.port === port) {
            expect(out.kind).toBe('refreshed');
          } else {
            expect(out).toMatchObject({ kind: 'moved', from: old.port });
            old.port = port;
            old.learnedAt = now;
          }
          old.lastSeen = now;
        } else {
          expect(out.kind).toBe('learned');
          model = model.filter((m) => m !== old);
          model.push({ mac, vlan, port, learnedAt: now, lastSeen: now, ord: ord++ });
        }
        if (out.kind !== 'ignored') {
          expect(out.entry).toMatchObject({ mac, vlan, port, lastSeen: now });
          if (out.kind !== 'refreshed') expect(out.entry.learnedSeq).toBe(seq);
        }
      }
    } else {
      now += o.dt * unit;
      const due = model.filter((m) => m.lastSeen + aging <= now).sort((x, y) => x.lastSeen - y.lastSeen || x.ord - y.ord);
      model = model.filter((m) => m.lastSeen + aging > now);
      // Once removed an entry stays gone, even if the ageing time grows later.
      for (const [key, last] of lastLearn) if (last.at + aging <= now) lastLearn.delete(key);
      expect(t.expire(now).map((e) => [e.mac, e.vlan, e.port])).toEqual(due.map((m) => [m.mac, m.vlan, m.port]));
    }
    const soonest = model.length === 0 ? undefined : Math.min(...model.map((m) => m.lastSeen)) + aging;
    expect(t.nextExpiry()).toBe(soonest);
    expect(t.size).toBe(model.length);
    if (!everyStep && i < ops.length - 1) return;

    for (const mac of pool) {
      for (const vlan of VLANS) {
        const last = lastLearn.get(`${vlan}/${mac}`);
        const expected = last !== undefined && last.at + aging > now ? last.port : undefined;
        expect(t.lookup(mac, vlan, now)?.port).toBe(expected);
      }
    }
    expect(t.entries().map((e) => [e.mac, e.vlan, e.port, e.learnedAt, e.lastSeen])).toEqual(
      [...model].sort((x, y) => x.ord - y.ord).map((m) => [m.mac, m.vlan, m.port, m.learnedAt, m.lastSeen]),
    );
  });
}

const unicast = (n: number): Mac[] => Array.from({ length: n }, (_, i) => 0x02_00_00_00_01_00 + i);

describe('MacTable property', () => {
  it('lookup gives the port of the latest learn while within the ageing time; the rest matches a naive model', () => {
    const pool = [...unicast(6), IPV4_MULTICAST, BROADCAST_MAC];
    const ops = fc.array(opArb(pool.length, 25), { maxLength: 120 });
    fc.assert(
      fc.property(fc.constantFrom(0, 10, AGING), ops, (aging, o) => checkAgainstModel(pool, aging, o, true)),
      { numRuns: 400 },
    );
  });

  it('holds with dozens of entries and small time steps, where the expiry heap reorders most', () => {
    const pool = unicast(40);
    const ops = fc.array(opArb(pool.length, 2), { minLength: 100, maxLength: 400 });
    fc.assert(
      fc.property(fc.constantFrom(10, AGING), ops, (aging, o) => checkAgainstModel(pool, aging, o, false)),
      { numRuns: 100 },
    );
  });
});
