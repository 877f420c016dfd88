import { describe, expect, it } from 'vitest';
import { fdbEventInit, frameEventInit } from '../../src/events/event-init.js';
import { Simulator } from '../../src/sim/simulator.js';
import type { SimEvent } from '../../src/events/event.js';

// The builders exist for one property: every init they make has the same
// fields in the same order (one hidden class), which is also the order in
// which Simulator.emit writes an event. A builder that drops or reorders a
// field makes a second shape, and Simulator.emit's reads megamorphic again.

function emitted(): SimEvent {
  const sim = new Simulator(1, { until: 1, maxEvents: 10 });
  let event: SimEvent | undefined;
  sim.onEvent((e) => {
    event = e;
  });
  sim.emit({ kind: 'tx', node: 'a', why: '' });
  return event!;
}

describe('event inits', () => {
  const frame = frameEventInit('tx', 'sw0', 'p1', 7, new Uint8Array(60), 3, 'sw0 sends');
  const fdb = fdbEventInit('move', 'sw0', 'p1', '02:00:00:00:00:01', 'p2', undefined, 4, 'moves');

  it('make tx/rx/flood/forward and learn/move with the same fields, in the same order', () => {
    expect(Object.keys(fdb)).toEqual(Object.keys(frame));
  });

  it("list every field of an event but its seq and time, in the simulator's order", () => {
    const keys = Object.keys(emitted()).filter((k) => k !== 'seq' && k !== 't');
    expect(Object.keys(frame)).toEqual(keys);
  });

  it('state what they are given, and nothing else', () => {
    expect(frame).toMatchObject({ kind: 'tx', node: 'sw0', port: 'p1', frame: 7, cause: 3, why: 'sw0 sends' });
    expect(fdb).toMatchObject({ kind: 'move', mac: '02:00:00:00:00:01', from: 'p2', cause: 4 });
    expect(fdb.frame).toBeUndefined();
    expect(frame.mac).toBeUndefined();
  });
});
