import { describe, expect, it } from 'vitest';
import { dropEventInit, fdbEventInit, frameEventInit } from '../../src/events/event-init.js';
import { Simulator } from '../../src/sim/simulator.js';
import type { EventInit, SimEvent } from '../../src/events/event.js';
import type { DescriptionHint } from '../../src/events/description-hint.js';

// The builders exist for two properties: every init they make has the same
// fields in the same order (one hidden class), the first fields of the events
// Simulator.emit copies, in the same order, so that a field sits at one offset
// in both shapes; and emit numbers what they make in place rather than copying
// it into a second object. A builder that drops or reorders a field makes a
// second shape, and Simulator.emit's reads megamorphic again. The six fields
// no hot event has are left out of the builders' shape (48 bytes an event).

function emittedAll(...inits: EventInit[]): SimEvent[] {
  const sim = new Simulator(1, { until: 1, maxEvents: 10 });
  const events: SimEvent[] = [];
  sim.onEvent((e) => events.push(e));
  for (const init of inits) sim.emit(init);
  return events;
}

function emitted(): SimEvent {
  return emittedAll({ kind: 'tx', node: 'a', why: '' })[0]!;
}

describe('event inits', () => {
  const frame = frameEventInit('tx', 'sw0', 'p1', 7, new Uint8Array(60), 3, 'sw0 sends');
  const fdb = fdbEventInit('move', 'sw0', 'p1', '02:00:00:00:00:01', 'p2', undefined, 4, 'moves', 11 as DescriptionHint);
  const drop = dropEventInit('sw0', 'p1', 7, new Uint8Array(60), 3, 'queue-full', 'the queue is full', 9 as DescriptionHint);

  it('make tx/rx/flood/forward, drop and learn/move with the same fields, in the same order', () => {
    expect(Object.keys(fdb)).toEqual(Object.keys(frame));
    expect(Object.keys(drop)).toEqual(Object.keys(frame));
  });

  it("list the first fields of the simulator's own events, in its order, and leave out the six no hot event has", () => {
    const copied = Object.keys(emitted());
    expect(copied.slice(0, Object.keys(frame).length)).toEqual(Object.keys(frame));
    expect(copied.slice(Object.keys(frame).length)).toEqual(['ip', 'state', 'text', 'senders', 'channel', 'config']);
  });

  it('are the events emit hands on, numbered in place; other inits are copied and left as they were', () => {
    const built = frameEventInit('deliver', 'h1', 'eth0', 8, new Uint8Array(60), 2, 'h1 takes it');
    const plain: EventInit = { kind: 'drop', node: 'h1', why: 'lost' };
    const [first, second, third] = emittedAll(plain, built, plain);
    expect(second).toBe(built);
    expect(second).toMatchObject({ seq: 2, kind: 'deliver', node: 'h1', frame: 8 });
    expect(first).not.toBe(plain);
    expect([first!.seq, third!.seq]).toEqual([1, 3]);
    expect(plain).toEqual({ kind: 'drop', node: 'h1', why: 'lost' });
  });

  it('state what they are given, and nothing else', () => {
    expect(frame).toMatchObject({ kind: 'tx', node: 'sw0', port: 'p1', frame: 7, cause: 3, why: 'sw0 sends' });
    expect(fdb).toMatchObject({ kind: 'move', mac: '02:00:00:00:00:01', from: 'p2', cause: 4, hint: 11 });
    expect(drop).toMatchObject({
      kind: 'drop',
      node: 'sw0',
      port: 'p1',
      frame: 7,
      cause: 3,
      reason: 'queue-full',
      why: 'the queue is full',
      hint: 9,
    });
    expect(fdb.reason).toBeUndefined();
    expect(fdb.frame).toBeUndefined();
    expect(frame.mac).toBeUndefined();
  });
});
