import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BROADCAST_MAC,
  ZERO_MAC,
  formatMac,
  isBroadcastMac,
  isGroupMac,
  isLocalMac,
  isMac,
  parseMac,
  readMac,
  writeMac,
} from '../../src/wire/mac.js';
import { S1_ARP_REQUEST, S6_STP_BPDU } from './fixtures/captured-frames.js';
import { arbMac, expectWireError, prefilled, toHex } from './fixtures/helpers.js';

describe('parseMac / formatMac', () => {
  it('parses either case and prints lowercase, as iproute2 does', () => {
    expect(parseMac('8A:76:fa:6D:4b:4F')).toBe(0x8a76fa6d4b4f);
    expect(formatMac(0x8a76fa6d4b4f)).toBe('8a:76:fa:6d:4b:4f');
    expect(formatMac(BROADCAST_MAC)).toBe('ff:ff:ff:ff:ff:ff');
    expect(formatMac(ZERO_MAC)).toBe('00:00:00:00:00:00');
    expect(formatMac(0x020000000a01)).toBe('02:00:00:00:0a:01');
  });

  it('rejects anything but six colon-separated hex pairs with WireError("mac")', () => {
    for (const text of [
      '',
      'aa:bb:cc:dd:ee',
      'aa:bb:cc:dd:ee:ff:00',
      'aa-bb-cc-dd-ee-ff',
      'aabb.ccdd.eeff',
      'aabbccddeeff',
      'a:b:c:d:e:f',
      'aa:bb:cc:dd:ee:fg',
      ' aa:bb:cc:dd:ee:ff',
      'aa:bb:cc:dd:ee:ff\n',
    ]) {
      expectWireError(() => parseMac(text), 'mac');
    }
  });

  it('round-trips every 48-bit value', () => {
    fc.assert(fc.property(arbMac, (m) => parseMac(formatMac(m)) === m));
    fc.assert(fc.property(arbMac, (m) => parseMac(formatMac(m).toUpperCase()) === m));
  });
});

describe('readMac / writeMac', () => {
  it('reads the captured addresses in transmission order', () => {
    expect(readMac(S1_ARP_REQUEST, 0)).toBe(BROADCAST_MAC);
    expect(readMac(S1_ARP_REQUEST, 6)).toBe(parseMac('8a:76:fa:6d:4b:4f'));
    expect(readMac(S1_ARP_REQUEST, 32)).toBe(ZERO_MAC);
  });

  it('writes exactly six bytes at the offset, leaving the neighbours alone', () => {
    const b = prefilled(8);
    writeMac(b, 1, parseMac('8a:76:fa:6d:4b:4f'));
    expect(toHex(b)).toBe('a58a76fa6d4b4fa5');
  });

  it('round-trips through bytes for every value', () => {
    fc.assert(
      fc.property(arbMac, fc.integer({ min: 0, max: 10 }), (m, at) => {
        const b = prefilled(18);
        writeMac(b, at, m);
        return readMac(b, at) === m && b[at + 6] === 0xa5 && (at === 0 || b[at - 1] === 0xa5);
      }),
    );
  });
});

describe('address classes', () => {
  it('tells group from individual by the I/G bit (IEEE 802.3 3.2.3)', () => {
    expect(isGroupMac(BROADCAST_MAC)).toBe(true);
    expect(isGroupMac(readMac(S6_STP_BPDU, 0))).toBe(true); // 01:80:c2:00:00:00
    expect(isGroupMac(parseMac('33:33:ff:00:00:02'))).toBe(true);
    expect(isGroupMac(parseMac('8a:76:fa:6d:4b:4f'))).toBe(false);
    expect(isGroupMac(parseMac('fe:ff:ff:ff:ff:ff'))).toBe(false);
    expect(isGroupMac(ZERO_MAC)).toBe(false);
  });

  it('agrees with the low bit of the first octet for every value', () => {
    fc.assert(
      fc.property(arbMac, (m) => {
        const b = new Uint8Array(6);
        writeMac(b, 0, m);
        return isGroupMac(m) === ((b[0]! & 1) === 1) && isLocalMac(m) === ((b[0]! & 2) === 2);
      }),
    );
  });

  it('knows broadcast and valid values', () => {
    expect(isBroadcastMac(BROADCAST_MAC)).toBe(true);
    expect(isBroadcastMac(parseMac('01:80:c2:00:00:00'))).toBe(false);
    expect(isLocalMac(parseMac('02:00:00:00:00:01'))).toBe(true);
    expect(isMac(BROADCAST_MAC)).toBe(true);
    expect(isMac(BROADCAST_MAC + 1)).toBe(false);
    expect(isMac(-1)).toBe(false);
    expect(isMac(1.5)).toBe(false);
  });
});
