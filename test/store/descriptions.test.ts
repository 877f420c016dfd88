import fc from 'fast-check';
import { hintSource } from '../helpers/hint-source.js';
import { describe, expect, it } from 'vitest';
import type { DescriptionHint } from '../../src/events/description-hint.js';
import type { SimEvent } from '../../src/events/event.js';
import {
  DESCRIPTION_COLUMNS,
  DescriptionInterner,
  descriptionFromValues,
  eventFrom,
  packDescriptions,
  unpackDescriptions,
  type DescriptionValues,
} from '../../src/store/descriptions.js';

/** Events drawn from a small alphabet, so that descriptions repeat and differ in one field at a time. */
const arbitraryEvent = fc.record({
  kind: fc.constantFrom('tx', 'rx', 'flood', 'drop', 'learn', 'move', 'neigh', 'app', 'collision'),
  node: fc.constantFrom('sw1', 'sw2', 'h1'),
  port: fc.option(fc.constantFrom('p1', 'p2'), { nil: undefined }),
  why: fc.constantFrom('a', 'b', 'c'),
  out: fc.option(fc.constantFrom([], ['p1'], ['p1', 'p2']), { nil: undefined }),
  reason: fc.option(fc.constantFrom('queue-full', 'not-for-me'), { nil: undefined }),
  mac: fc.option(fc.constantFrom('02:00:00:00:00:01', '02:00:00:00:00:02'), { nil: undefined }),
  from: fc.option(fc.constantFrom('p1', 'p3'), { nil: undefined }),
  ip: fc.option(fc.constantFrom('10.0.0.1'), { nil: undefined }),
  state: fc.option(fc.constantFrom('STALE', 'up'), { nil: undefined }),
  text: fc.option(fc.constantFrom('ping 10.0.0.2', ''), { nil: undefined }),
  senders: fc.option(fc.constantFrom(['p1', 'p2']), { nil: undefined }),
  channel: fc.option(fc.constantFrom('stdout' as const, 'stderr' as const), { nil: undefined }),
  config: fc.option(
    fc.constantFrom(
      { change: 'newaddr' as const, address: '10.0.0.1/24' },
      { change: 'delroute' as const, destination: '0.0.0.0/0', gateway: '10.0.0.254', proto: 'boot' as const, metric: 0 },
    ),
    { nil: undefined },
  ),
});

function withoutUndefined(e: Record<string, unknown>): SimEvent {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as SimEvent;
}

/** A switch's frame sent out of one of its ports towards a host, as on a switch tree. */
function edgeTx(port: string): SimEvent {
  return { seq: 1, t: 0, kind: 'tx', node: 'edge0', port, frame: 1, why: `edge0 sends 42 bytes out of ${port} towards ${port}:eth0` };
}

describe('event descriptions, stored once', () => {
  it('every event reads back exactly from its log row and its description; equal descriptions share one id, a learn has its own', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 200 }), (inits) => {
        const interner = new DescriptionInterner();
        const stored = new Map<number, DescriptionValues>();
        const keys = new Map<string, number>();
        let learns = 0;
        inits.forEach((init, i) => {
          const e = withoutUndefined({ seq: i + 1, t: i * 10, frame: i % 3 ? i : undefined, cause: i || undefined, ...init });
          const known = new Set(stored.keys());
          const id = interner.idOf(e);
          for (const d of interner.takeFresh()) stored.set(d[0], d);
          expect(eventFrom(e.seq, e.t, e.frame ?? null, e.cause ?? null, descriptionFromValues(stored.get(id)!))).toEqual(e);
          if (e.kind === 'learn') {
            expect(known.has(id)).toBe(false);
            learns++;
            return;
          }
          const { seq: _s, t: _t, frame: _f, cause: _c, ...description } = e;
          const key = JSON.stringify(description, Object.keys(description).sort());
          expect(keys.get(key) ?? id).toBe(id);
          keys.set(key, id);
        });
        expect(stored.size).toBe(keys.size + learns);
      }),
    );
  });

  it("learns, each stored anew, take no room in the table: a port's recurring description outlives 60,000 of them", () => {
    const interner = new DescriptionInterner();
    const ports = Array.from({ length: 1000 }, (_, i) => `h${i}`);
    const first = ports.map((port) => interner.idOf(edgeTx(port)));
    interner.takeFresh();
    // As a switch tree of thousands of hosts learns their MACs: every learn says something new, on any set of the table.
    const hint = hintSource().newHint();
    for (let i = 0; i < 60_000; i++) {
      const mac = `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      const learn: SimEvent = {
        seq: i + 2,
        t: i,
        kind: 'learn',
        node: `edge${i % 50}`,
        port: 'up',
        mac,
        why: `edge${i % 50} learns ${mac} behind up`,
      };
      interner.idOf(i % 2 === 0 ? learn : { ...learn, hint });
    }
    expect(interner.takeFresh()).toHaveLength(60_000);
    expect(ports.map((port) => interner.idOf(edgeTx(port)))).toEqual(first);
    expect(interner.takeFresh()).toHaveLength(0);
  });

  it('more distinct descriptions than it remembers: still read back right, in bounded memory', () => {
    const interner = new DescriptionInterner();
    const stored = new Map<number, DescriptionValues>();
    for (let i = 0; i < 60_000; i++) {
      const e: SimEvent = {
        seq: i + 1,
        t: i,
        kind: 'deliver',
        node: `h${i % 7}`,
        port: 'eth0',
        why: `reads the ARP request for 10.0.${(i >> 8) % 80}.${i & 255}`,
      };
      const id = interner.idOf(e);
      for (const d of interner.takeFresh()) stored.set(d[0], d);
      expect(eventFrom(e.seq, e.t, null, null, descriptionFromValues(stored.get(id)!))).toEqual(e);
    }
    // 20,480 distinct descriptions, three times over: a table that kept them all would store 20,480.
    expect(stored.size).toBeGreaterThan(20_480);
  });

  it("a big topology's ports each keep their recurring description (names that differ only inside still hash apart)", () => {
    const interner = new DescriptionInterner();
    let stored = 0;
    for (let round = 0; round < 3; round++) {
      for (let h = 0; h < 4000; h++) {
        // As at 5,000 hosts: edge0:h250 and edge0:h500 differ in neither length nor last character.
        const port = `h${((h * 250) % 9000) + 1000}`;
        interner.idOf(edgeTx(port));
        stored += interner.takeFresh().length;
      }
    }
    expect(stored).toBe(new Set(Array.from({ length: 4000 }, (_, h) => (h * 250) % 9000)).size);
  });

  it('descriptions cross to the recorder thread packed and come back the same, nulls and empty strings kept apart', () => {
    const value = fc.option(fc.string({ maxLength: 6 }), { nil: null });
    const description = fc.tuple(
      fc.nat(),
      fc.string(),
      fc.string(),
      value,
      fc.string(),
      value,
      value,
      value,
      value,
      value,
      value,
      value,
      value,
      fc.constantFrom(1 as const, null),
      fc.constantFrom('stdout', 'stderr', null),
      value,
      fc.option(fc.integer({ min: 1, max: 4094 }), { nil: null }),
    );
    fc.assert(
      fc.property(fc.array(description, { maxLength: 20 }), (list) => {
        expect(unpackDescriptions(packDescriptions(list as DescriptionValues[]))).toEqual(list);
      }),
    );
  });

  it("a program's line crosses as its id, its mask and its five values, not the nulls between them", () => {
    // Columns (DESCRIPTION_COLUMNS): 0 id, 1 kind, 2 node, 4 why, 11 text, 14 channel; the rest null.
    const line = Object.assign(new Array(DESCRIPTION_COLUMNS.length).fill(null), {
      0: 7,
      1: 'app',
      2: 'a0',
      4: 'ping prints a line on a0',
      11: '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.010 ms',
      14: 'stdout',
    }) as DescriptionValues;
    const packed = packDescriptions([line]);
    expect(packed).toHaveLength(7);
    expect(packed.slice(1)).toEqual([7, 'app', 'a0', 'ping prints a line on a0', line[11], 'stdout']);
    expect(unpackDescriptions(packed)).toEqual([line]);
  });

  it('an event read back owns its arrays: changing one does not change the next event with that description', () => {
    const d = descriptionFromValues([
      1,
      'flood',
      'sw1',
      'p1',
      'floods',
      'p2,p3',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    const a = eventFrom(1, 0, 1, null, d);
    a.out!.push('p9');
    expect(eventFrom(2, 0, 1, null, d).out).toEqual(['p2', 'p3']);
  });
});

describe('description hints (the producer tags events described alike; only the recorder reads the tag)', () => {
  const HINTS = hintSource();
  /** A tx event described by `why`, tagged with `hint`. */
  const hinted = (hint: DescriptionHint, why: string): SimEvent => ({
    seq: 1,
    t: 0,
    kind: 'tx',
    node: 'h1',
    port: 'eth0',
    frame: 1,
    why,
    hint,
  });

  it('a hinted event gets the id the hint holds for this interner; another interner, or a new hint, looks it up again', () => {
    let hint = HINTS.newHint();
    const tx = (why: string): SimEvent => ({ seq: 1, t: 0, kind: 'tx', node: 'h1', port: 'eth0', frame: 1, why, hint });
    const a = new DescriptionInterner();
    const b = new DescriptionInterner();
    a.idOf({ seq: 1, t: 0, kind: 'app', node: 'h1', why: 'first', text: 'x' });
    const id = a.idOf(tx('h1 sends 42 bytes'));
    // The hint now answers for `a`: even a sentence that says otherwise gets its id (the producer promised it says the same).
    expect(a.idOf(tx('h1 sends 98 bytes'))).toBe(id);
    // b has stored nothing yet: its id for the same description is its own first id.
    expect(b.idOf(tx('h1 sends 42 bytes'))).toBe(1);
    expect(a.idOf(tx('h1 sends 42 bytes'))).toBe(id);
    hint = HINTS.newHint();
    const next = a.idOf(tx('h1 sends 98 bytes'));
    expect(next).not.toBe(id);
    expect(a.takeFresh().map((d) => d[4])).toEqual(['first', 'h1 sends 42 bytes', 'h1 sends 98 bytes']);
  });

  it('remembers hints issued far apart, each for itself, across the pages of its record', () => {
    const interner = new DescriptionInterner();
    const early = HINTS.newHint();
    for (let i = 0; i < 10_000; i++) HINTS.newHint();
    const late = HINTS.newHint();
    const next = HINTS.newHint();
    const ids = [hinted(early, 'a'), hinted(late, 'b'), hinted(next, 'c')].map((e) => interner.idOf(e));
    expect(ids).toEqual([1, 2, 3]);
    // Each hint answers with its own id, whatever its sentence now says (the producer promised it is the same).
    expect([hinted(next, 'x'), hinted(early, 'y'), hinted(late, 'z')].map((e) => interner.idOf(e))).toEqual([3, 1, 2]);
    expect(interner.takeFresh().map((d) => d[4])).toEqual(['a', 'b', 'c']);
  });

  it('starts its record of hints again past its bound, and a hint seen again finds its description in the table', () => {
    const interner = new DescriptionInterner();
    const first = HINTS.newHint();
    expect(interner.idOf(hinted(first, 'first'))).toBe(1);
    // 2^19 more hints, each with a sentence of its own, fill the record; the next one starts it again.
    for (let i = 0; i < 1 << 19; i++) interner.idOf(hinted(HINTS.newHint(), `sentence ${i}`));
    // Forgotten: the hint no longer answers for a sentence that says otherwise...
    expect(interner.idOf(hinted(first, 'first, changed'))).not.toBe(1);
    // ...while a hint whose description the table still has gets the id stored before.
    const recent = HINTS.newHint();
    expect(interner.idOf(hinted(recent, `sentence ${(1 << 19) - 1}`))).toBe((1 << 19) + 1);
  });
});
