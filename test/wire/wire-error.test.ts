import { describe, expect, it } from 'vitest';
import { WireError, requireBytes, requireField } from '../../src/wire/wire-error.js';
import { expectWireError } from './fixtures/helpers.js';

describe('WireError', () => {
  it('is an Error named WireError that carries the protocol', () => {
    const e = new WireError('arp', 'too short');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('WireError');
    expect(e.protocol).toBe('arp');
    expect(e.message).toBe('too short');
  });
});

describe('requireBytes', () => {
  const b = new Uint8Array(10);

  it('accepts a span that ends exactly at the end of the buffer', () => {
    expect(() => requireBytes('x', 'thing', b, 4, 6)).not.toThrow();
    expect(() => requireBytes('x', 'thing', b, 10, 0)).not.toThrow();
  });

  it('rejects spans past the end, negative, fractional or NaN offsets and lengths', () => {
    expect(expectWireError(() => requireBytes('x', 'thing', b, 4, 7), 'x').message).toMatch(/thing truncated/);
    for (const [offset, length] of [
      [-1, 2],
      [0.5, 2],
      [Number.NaN, 2],
      [0, -1],
      [0, Number.NaN],
      [Infinity, 0],
    ] as const) {
      expectWireError(() => requireBytes('x', 'thing', b, offset, length), 'x');
    }
  });
});

describe('requireField', () => {
  it('accepts 0 .. 2^bits - 1 and nothing else', () => {
    expect(() => requireField('x', 'ttl', 255, 8)).not.toThrow();
    expect(() => requireField('x', 'ttl', 0, 8)).not.toThrow();
    expect(expectWireError(() => requireField('x', 'ttl', 256, 8)).message).toMatch(/ttl 256/);
    expectWireError(() => requireField('x', 'ttl', -1, 8));
    expectWireError(() => requireField('x', 'ttl', 1.5, 8));
  });
});
