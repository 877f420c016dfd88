import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { WithoutConfig } from '../../src/events/without-config.js';

const ev = (seq: number, kind: SimEvent['kind'], why: string, cause?: number): SimEvent => ({
  seq,
  t: 0,
  kind,
  node: 'n',
  why,
  ...(cause !== undefined && { cause }),
});

describe('a log read without its configuration events', () => {
  it('leaves them out and renumbers seq, cause and the seq a sentence cites', () => {
    const older = new WithoutConfig();
    const log = [
      ev(1, 'command', 'ip addr add'),
      ev(2, 'config', 'inet 10.0.0.1/24 scope global eth0', 1),
      ev(3, 'config', '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1', 1),
      ev(4, 'learn', 'sw1 learns 02:00:00:00:00:01 behind p1', 1),
      ev(5, 'config', 'Deleted 10.0.0.2 dev eth0', 4),
      ev(6, 'forward', 'sw1 learned 02:00:00:00:00:01 on p1 at #4, so it sends the frame out of p1 only', 4),
    ];
    const out = log.map((e) => older.renumber(e)).filter((e) => e !== undefined);
    expect(out.map((e) => [e.seq, e.cause, e.why])).toEqual([
      [1, undefined, 'ip addr add'],
      [2, 1, 'sw1 learns 02:00:00:00:00:01 behind p1'],
      [3, 2, 'sw1 learned 02:00:00:00:00:01 on p1 at #2, so it sends the frame out of p1 only'],
    ]);
    expect([1, 2, 3, 4, 5, 6].map((s) => older.wasConfig(s))).toEqual([false, true, true, false, true, false]);
  });

  it('gives a log with no configuration event back as it is', () => {
    const older = new WithoutConfig();
    const e = ev(7, 'forward', 'learned at #3', 3);
    expect(older.renumber(e)).toBe(e);
  });
});
