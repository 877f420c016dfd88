import { describe, expect, it } from 'vitest';
import { eventJson } from '../../src/events/format-event.js';
import type { SimEvent } from '../../src/events/event.js';

describe('NDJSON events', () => {
  it('print fields in the recording column order, whatever order the object was built in', () => {
    const live = { kind: 'drop', node: 'h3', port: 'eth0', frame: 4, cause: 9, why: 'w', reason: 'not-for-me', seq: 10, t: 5 } as SimEvent;
    const replayed = {
      seq: 10,
      t: 5,
      kind: 'drop',
      node: 'h3',
      port: 'eth0',
      frame: 4,
      cause: 9,
      why: 'w',
      reason: 'not-for-me',
    } as SimEvent;
    expect(eventJson(live)).toBe(eventJson(replayed));
    expect(eventJson(live)).toBe(
      '{"seq":10,"t":5,"kind":"drop","node":"h3","port":"eth0","frame":4,"cause":9,"why":"w","reason":"not-for-me"}',
    );
  });

  it('add the frame bytes as hex only when asked', () => {
    const e = { seq: 1, t: 0, kind: 'tx', node: 'a', why: 'w', frame: 1, bytes: new Uint8Array([0xff, 0x01]) } as SimEvent;
    expect(JSON.parse(eventJson(e)).bytes).toBeUndefined();
    expect(JSON.parse(eventJson(e, true)).bytes).toBe('ff01');
  });
});
