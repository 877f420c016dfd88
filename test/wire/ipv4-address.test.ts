import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadcastOf,
  formatCidr,
  formatIpv4,
  inPrefix,
  isLoopbackAddress,
  networkOf,
  parseCidr,
  parseIpv4,
  prefixMask,
  readIpv4,
  tryParseIpv4,
  writeIpv4,
} from '../../src/wire/ipv4-address.js';
import { S1_ARP_REQUEST } from './fixtures/captured-frames.js';
import { arbIpv4, expectWireError, prefilled, toHex } from './fixtures/helpers.js';

const arbPrefix = fc.integer({ min: 0, max: 32 });

describe('parseIpv4 / formatIpv4', () => {
  it('parses dotted quads to a non-negative uint32', () => {
    expect(parseIpv4('10.1.1.2')).toBe(0x0a010102);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(formatIpv4(0xc0a80001)).toBe('192.168.0.1');
  });

  it('is strict: no junk, no octet above 255, no leading zeros', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.0.0.1',
      '1.2.3.999',
      '01.2.3.4',
      '1.2.3.04',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '1.2.3.4/24',
      '1..3.4',
      '1.2.3.-1',
      '0x1.2.3.4',
      '１.2.3.4',
      '1.2.3.4\n',
    ]) {
      expect(tryParseIpv4(text), text).toBeUndefined();
      expectWireError(() => parseIpv4(text), 'ipv4');
    }
  });

  it('round-trips every address', () => {
    fc.assert(fc.property(arbIpv4, (a) => parseIpv4(formatIpv4(a)) === a));
  });
});

describe('readIpv4 / writeIpv4', () => {
  it('reads the captured ARP sender and target addresses', () => {
    expect(formatIpv4(readIpv4(S1_ARP_REQUEST, 28))).toBe('10.1.1.1');
    expect(formatIpv4(readIpv4(S1_ARP_REQUEST, 38))).toBe('10.1.1.2');
  });

  it('normalises the top bit to a positive number', () => {
    expect(readIpv4(new Uint8Array([0xff, 0, 0, 1]), 0)).toBe(0xff000001);
  });

  it('writes exactly four bytes', () => {
    const b = prefilled(6);
    writeIpv4(b, 1, parseIpv4('10.1.1.2'));
    expect(toHex(b)).toBe('a50a010102a5');
  });

  it('round-trips through bytes', () => {
    fc.assert(
      fc.property(arbIpv4, (a) => {
        const b = new Uint8Array(4);
        writeIpv4(b, 0, a);
        return readIpv4(b, 0) === a;
      }),
    );
  });
});

describe('CIDR', () => {
  it('parses address/prefix and keeps the host bits', () => {
    expect(parseCidr('10.0.0.1/24')).toEqual({ address: 0x0a000001, prefixLength: 24 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ address: 0, prefixLength: 0 });
    expect(parseCidr('1.2.3.4/32')).toEqual({ address: 0x01020304, prefixLength: 32 });
    expect(formatCidr(parseCidr('10.0.0.1/24'))).toBe('10.0.0.1/24');
  });

  it('rejects a missing or out-of-range prefix', () => {
    for (const text of ['10.0.0.1', '10.0.0.1/', '10.0.0.1/33', '10.0.0.1/024', '10.0.0.1/-1', '10.0.0.1/2 4', '10.0.0/24', '/24']) {
      expectWireError(() => parseCidr(text), 'ipv4');
    }
  });

  it('builds masks from prefix lengths', () => {
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(1)).toBe(0x80000000);
    expect(prefixMask(24)).toBe(0xffffff00);
    expect(prefixMask(31)).toBe(0xfffffffe);
    expect(prefixMask(32)).toBe(0xffffffff);
    for (const bad of [-1, 33, 1.5, Number.NaN]) expectWireError(() => prefixMask(bad), 'ipv4');
  });

  it('computes network, broadcast and membership', () => {
    const a = parseIpv4('10.0.1.77');
    expect(formatIpv4(networkOf(a, 24))).toBe('10.0.1.0');
    expect(formatIpv4(broadcastOf(a, 24))).toBe('10.0.1.255');
    expect(formatIpv4(broadcastOf(a, 0))).toBe('255.255.255.255');
    expect(formatIpv4(broadcastOf(a, 32))).toBe('10.0.1.77');
    expect(inPrefix(a, parseIpv4('10.0.1.0'), 24)).toBe(true);
    expect(inPrefix(a, parseIpv4('10.0.2.0'), 24)).toBe(false);
    expect(inPrefix(parseIpv4('200.1.1.1'), parseIpv4('10.0.0.0'), 0)).toBe(true);
    expect(inPrefix(parseIpv4('192.168.1.1'), parseIpv4('10.0.0.0'), 1)).toBe(false);
  });

  it('knows 127.0.0.0/8 as loopback, and only it', () => {
    for (const a of ['127.0.0.1', '127.0.0.0', '127.255.255.255', '127.1.2.3']) expect(isLoopbackAddress(parseIpv4(a))).toBe(true);
    for (const a of ['126.255.255.255', '128.0.0.0', '10.0.0.1', '0.0.0.0', '255.255.255.255'])
      expect(isLoopbackAddress(parseIpv4(a))).toBe(false);
  });

  it('keeps every address between its network and broadcast address, all non-negative', () => {
    fc.assert(
      fc.property(arbIpv4, arbPrefix, (a, n) => {
        const net = networkOf(a, n);
        const bcast = broadcastOf(a, n);
        return net >= 0 && net <= a && a <= bcast && bcast <= 0xffffffff && inPrefix(a, net, n) && inPrefix(bcast, net, n);
      }),
    );
  });

  it('puts two addresses in one prefix exactly when their networks agree', () => {
    fc.assert(
      fc.property(arbIpv4, arbIpv4, arbPrefix, (a, b, n) => inPrefix(b, networkOf(a, n), n) === (networkOf(b, n) === networkOf(a, n))),
    );
  });
});
