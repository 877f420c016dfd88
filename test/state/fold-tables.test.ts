import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolve, type FoldEvent } from '../../src/state/evolve.js';
import { FramesInFlight } from '../../src/state/frames-in-flight.js';
import { initialState, type FoldPlace, type InFlight } from '../../src/state/node-state.js';
import { PortQueue } from '../../src/state/port-queue.js';

// The fold's tables that stand in for Maps (issue 21): each must read as the
// Map it replaces after any run of the operations a fold makes, in the same
// order. A third test holds the fold's memo of an event's port to the port a
// configuration event put in its place.

const frame = (seq: number): InFlight => ({ txSeq: seq, t: seq * 10, node: 'h1', port: 'eth0', frame: seq });

/** A fold's traffic: frames sent in seq order, each ending after some later events, some never. */
const wireRuns = fc.array(
  fc.record({ gap: fc.integer({ min: 1, max: 3000 }), life: fc.integer({ min: 0, max: 90_000 }), ends: fc.boolean() }),
  { maxLength: 300 },
);

describe('FramesInFlight', () => {
  it('reads as the Map it replaces, whatever order frames leave the wire in, stragglers too', () => {
    fc.assert(
      fc.property(wireRuns, (runs) => {
        const table = new FramesInFlight();
        const map = new Map<number, InFlight>();
        // Each event in seq order: a tx (set), or the end of a frame sent earlier (delete).
        const ends = new Map<number, number>();
        let seq = 0;
        for (const r of runs) {
          seq += r.gap;
          if (r.ends) ends.set(seq + r.life, seq);
        }
        const last = seq;
        seq = 0;
        const events: Array<[number, 'tx' | 'end', number]> = [];
        for (const r of runs) {
          seq += r.gap;
          events.push([seq, 'tx', seq]);
        }
        for (const [at, tx] of ends) events.push([at + 0.5, 'end', tx]);
        events.sort((a, b) => a[0] - b[0]);
        for (const [, kind, tx] of events) {
          if (kind === 'tx') {
            table.set(tx, frame(tx));
            map.set(tx, frame(tx));
          } else expect(table.delete(tx)).toBe(map.delete(tx));
          expect(table.size).toBe(map.size);
        }
        expect([...table]).toEqual([...map]);
        expect([...table.keys()]).toEqual([...map.keys()]);
        for (const s of [1, last, last + 1, ...map.keys()]) expect(table.get(s)).toEqual(map.get(s));
        expect(table.delete(last + 1)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('starts at its first frame, however late: a state restored from a snapshot deep in a run', () => {
    // Seqs of a long run; a window that started at 0 would need more slots than an array holds.
    const late = 2 ** 40;
    const table = new FramesInFlight([frame(late)]);
    table.set(late + 5, frame(late + 5));
    expect(table.delete(late)).toBe(true);
    table.set(late + 9, frame(late + 9));
    expect([...table.keys()]).toEqual([late + 5, late + 9]);
  });

  it("gives each frame back with the fields it was set with, in a tx's order, so that a snapshot's JSON is the same", () => {
    // The window keeps fields in columns and makes an object when one is read: its JSON must be the object's that went in.
    const sent: InFlight[] = [
      { txSeq: 10, t: 100, node: 'h1', port: 'eth0', frame: 3 },
      { txSeq: 11, t: 101, node: 'hub', port: 'p2' },
      { txSeq: 12, t: 102, node: 'hub', port: 'p3', frame: 4, origin: 10, originPort: 'h1:eth0' },
      { txSeq: 13, t: 2 ** 40, node: 'hub', port: 'p1', origin: 9, originPort: 'h2:eth0' },
    ];
    const table = new FramesInFlight(sent);
    table.setFrame(14, 104, 'sw', 'p4', 5);
    table.setFrame(15, 105, 'hub', 'p5', undefined, 12, 'hub:p3');
    const expected = [
      ...sent,
      { txSeq: 14, t: 104, node: 'sw', port: 'p4', frame: 5 },
      { txSeq: 15, t: 105, node: 'hub', port: 'p5', origin: 12, originPort: 'hub:p3' },
    ];
    expect(JSON.stringify([...table.values()])).toBe(JSON.stringify(expected));
    expect(JSON.stringify(table.get(12))).toBe(JSON.stringify(sent[2]));
    expect(table.delete(11)).toBe(true);
    expect(table.has(11)).toBe(false);
    expect(table.get(11)).toBeUndefined();
    expect([...table.keys()]).toEqual([10, 12, 13, 14, 15]);
  });

  it('holds the fields of the frames set, not the objects: an object changed after it was set changes nothing held', () => {
    const f: InFlight = { txSeq: 20, t: 200, node: 'h1', port: 'eth0', frame: 7 };
    const table = new FramesInFlight();
    table.set(20, f);
    f.node = 'h9';
    f.frame = 8;
    expect(table.get(20)).toEqual({ txSeq: 20, t: 200, node: 'h1', port: 'eth0', frame: 7 });
    expect(table.get(20)).not.toBe(table.get(20));
  });

  it('keeps a frame that never leaves the wire among 200,000 that do, first in order', () => {
    const table = new FramesInFlight([frame(1)]);
    for (let seq = 2; seq < 200_000; seq++) {
      table.set(seq, frame(seq));
      table.delete(seq - 1 === 1 ? 0 : seq - 1);
    }
    expect([...table.keys()]).toEqual([1, 199_999]);
    expect(table.get(1)).toEqual(frame(1));
    expect(table.delete(1)).toBe(true);
    expect(table.size).toBe(1);
  });
});

describe('PortQueue', () => {
  it('reads as the Map it replaces under choices, sends and drops of copies', () => {
    // Each step: a decision queues copies (seqs rising), or a copy leaves from the head (sent), the tail (dropped) or anywhere.
    const step = fc.oneof(
      fc.record({ op: fc.constant('choose' as const), copies: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constantFrom('head' as const, 'tail' as const), copies: fc.constant(0) }),
      fc.record({ op: fc.constant('any' as const), copies: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const queue = new PortQueue();
        const map = new Map<number, number>();
        let seq = 0;
        const take = (decision: number): void => {
          queue.take(decision);
          const n = map.get(decision);
          if (n === undefined) return;
          if (n <= 1) map.delete(decision);
          else map.set(decision, n - 1);
        };
        for (const s of steps) {
          const held = [...map.keys()];
          if (s.op === 'choose') {
            seq += 1 + (s.copies % 2);
            for (let c = 0; c < s.copies; c++) {
              // The fold's add, and the Map-like set, both.
              if (c % 2 === 0) queue.add(seq);
              else queue.set(seq, (queue.get(seq) ?? 0) + 1);
              map.set(seq, (map.get(seq) ?? 0) + 1);
            }
          } else if (held.length === 0) take(seq + 1);
          else if (s.op === 'head') take(held[0]!);
          else if (s.op === 'tail') take(held.at(-1)!);
          else take(held[s.copies % held.length]!);
          expect(queue.size).toBe(map.size);
        }
        expect([...queue]).toEqual([...map]);
        expect([...queue.values()]).toEqual([...map.values()]);
        for (let d = 0; d <= seq + 1; d++) expect(queue.get(d)).toBe(map.get(d));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a restored queue in its own order, as a Map does', () => {
    const entries: Array<[number, number]> = [
      [5, 1],
      [6, 2],
      [9, 1],
      [3, 1],
    ];
    const queue = new PortQueue(entries);
    expect(queue.get(9)).toBe(1);
    queue.take(6);
    queue.take(9);
    queue.set(4, 2);
    expect([...queue]).toEqual([
      [5, 1],
      [6, 1],
      [3, 1],
      [4, 2],
    ]);
  });
});

describe('the fold remembers where an event happens', () => {
  it('until a configuration event replaces the port', () => {
    const state = initialState({
      nodes: [{ name: 'sw', kind: 'switch' }],
      ports: [{ node: 'sw', port: 'p1' }],
    });
    // One description's events share a place, as fold-rows.ts gives them.
    const place: FoldPlace = {};
    const tx = (seq: number): FoldEvent => ({ seq, t: seq, kind: 'tx', node: 'sw', port: 'p1', frame: 1, place });
    const config = (seq: number, change: 'newlink' | 'dellink'): FoldEvent => ({
      seq,
      t: seq,
      kind: 'config',
      node: 'sw',
      port: 'p1',
      config: change === 'newlink' ? { change, up: true } : { change },
    });
    evolve(state, tx(1));
    evolve(state, config(2, 'dellink'));
    evolve(state, config(3, 'newlink'));
    evolve(state, tx(4));
    evolve(state, tx(5));
    expect(state.nodes.get('sw')!.ports.get('p1')!.tx).toBe(2);
  });
});
