import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { emitUdp, parseUdp, udpChecksumOk } from '../../src/wire/udp.js';
import { UDP_EMPTY, UDP_HELLO } from './fixtures/captured-frames.js';
import { arbIpv4, arbPayload, arbU16, expectWireError, toHex } from './fixtures/helpers.js';

const UDP = 34;
const src = parseIpv4('10.0.0.1');
const dst = parseIpv4('10.0.0.2');
const hello = new TextEncoder().encode('hello hoplab');

describe('parseUdp', () => {
  it('parses the captured datagrams', () => {
    expect(parseUdp(UDP_HELLO, UDP, 20)).toEqual({ srcPort: 40000, dstPort: 5353, length: 20, checksum: 0xbc69 });
    expect(parseUdp(UDP_EMPTY, UDP, 8)).toEqual({ srcPort: 40001, dstPort: 9, length: 8, checksum: 0x4f91 });
    expect(udpChecksumOk(UDP_HELLO, UDP, 20, src, dst)).toBe(true);
    expect(udpChecksumOk(UDP_EMPTY, UDP, 8, src, dst)).toBe(true);
  });

  it('detects a wrong pseudo-header or payload', () => {
    expect(udpChecksumOk(UDP_HELLO, UDP, 20, src, parseIpv4('10.0.0.3'))).toBe(false);
    const b = UDP_HELLO.slice();
    b[50] = b[50]! ^ 0x20;
    expect(udpChecksumOk(b, UDP, 20, src, dst)).toBe(false);
  });

  it('treats a zero checksum as "not computed" (RFC 768)', () => {
    const b = UDP_HELLO.slice();
    b[40] = 0;
    b[41] = 0;
    expect(udpChecksumOk(b, UDP, 20, src, dst)).toBe(true);
  });

  it('throws WireError("udp") when the header or the UDP length does not fit', () => {
    for (let n = 0; n < 8; n++) expectWireError(() => parseUdp(UDP_HELLO, UDP, n), 'udp');
    expectWireError(() => parseUdp(UDP_HELLO, UDP, 21), 'udp'); // past the buffer
    expectWireError(() => parseUdp(UDP_HELLO, UDP, 19), 'udp'); // UDP length 20 > 19 bytes given
    const short = UDP_HELLO.slice();
    short[39] = 7; // UDP length 7 < 8
    expectWireError(() => parseUdp(short, UDP, 20), 'udp');
    expect(udpChecksumOk(short, UDP, 20, src, dst)).toBe(false);
  });
});

describe('emitUdp', () => {
  it('rebuilds the captured datagrams, checksum included, byte for byte', () => {
    expect(toHex(emitUdp(src, dst, 40000, 5353, hello))).toBe(toHex(UDP_HELLO.subarray(UDP)));
    expect(toHex(emitUdp(src, dst, 40001, 9, new Uint8Array(0)))).toBe(toHex(UDP_EMPTY.subarray(UDP)));
  });

  it('sends a computed checksum of 0 as 0xffff (RFC 768)', () => {
    // Append the checksum of a datagram as a payload word: the sum becomes all ones, the checksum 0.
    const base = emitUdp(src, dst, 1, 2, new Uint8Array([0xab, 0xcd, 0, 0]));
    const c = parseUdp(base, 0, base.length).checksum;
    const b = emitUdp(src, dst, 1, 2, new Uint8Array([0xab, 0xcd, c >>> 8, c & 0xff]));
    expect(parseUdp(b, 0, b.length).checksum).toBe(0xffff);
    expect(udpChecksumOk(b, 0, b.length, src, dst)).toBe(true);
  });

  it('refuses ports and sizes that do not fit', () => {
    expectWireError(() => emitUdp(src, dst, 0x10000, 1, hello), 'udp');
    expectWireError(() => emitUdp(src, dst, 1, -1, hello), 'udp');
    expectWireError(() => emitUdp(src, dst, 1, 1, new Uint8Array(65535 - 20 - 8 + 1)), 'udp');
  });

  it('round-trips: parse(emit) gives the ports, length and payload back, and verifies', () => {
    fc.assert(
      fc.property(arbIpv4, arbIpv4, arbU16, arbU16, arbPayload, (s, d, sp, dp, payload) => {
        const b = emitUdp(s, d, sp, dp, payload);
        const h = parseUdp(b, 0, b.length);
        expect(h).toEqual({ srcPort: sp, dstPort: dp, length: 8 + payload.length, checksum: (b[6]! << 8) | b[7]! });
        expect(h.checksum).not.toBe(0);
        expect(toHex(b.subarray(8))).toBe(toHex(payload));
        expect(udpChecksumOk(b, 0, b.length, s, d)).toBe(true);
        expect(udpChecksumOk(b, 0, b.length, s, (d ^ 1) >>> 0)).toBe(false);
      }),
    );
  });
});
