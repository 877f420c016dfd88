import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internetChecksum } from '../../src/wire/checksum.js';
import {
  IPV4_MIN_HEADER_LENGTH,
  IpProtocol,
  type Ipv4HeaderInit,
  emitIpv4,
  ipv4ChecksumOk,
  parseIpv4Header,
  parseQuotedIpv4Header,
  withDecrementedTtl,
  writeIpv4Header,
} from '../../src/wire/ipv4.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import {
  S1_ECHO_REPLY,
  S1_ECHO_REQUEST,
  S4_REQUEST_AFTER_ROUTER,
  S4_REQUEST_BEFORE_ROUTER,
  S4_TIME_EXCEEDED,
  S4_TTL1_REQUEST,
} from './fixtures/captured-frames.js';
import { arbIpv4, arbPayload, arbU16, arbU8, expectWireError, prefilled, toHex } from './fixtures/helpers.js';

const IP = 14; // every captured frame is untagged Ethernet II

const echoRequestHeader: Ipv4HeaderInit = {
  identification: 0x8367,
  dontFragment: true,
  ttl: 64,
  protocol: IpProtocol.ICMP,
  src: parseIpv4('10.1.1.1'),
  dst: parseIpv4('10.1.1.2'),
};

const arbHeaderInit: fc.Arbitrary<Ipv4HeaderInit> = fc.record({
  tos: arbU8,
  identification: arbU16,
  dontFragment: fc.boolean(),
  moreFragments: fc.boolean(),
  fragmentOffset: fc.integer({ min: 0, max: 0x1fff }).map((n) => n * 8),
  ttl: arbU8,
  protocol: arbU8,
  src: arbIpv4,
  dst: arbIpv4,
});

describe('parseIpv4Header', () => {
  it('parses the captured echo request', () => {
    expect(parseIpv4Header(S1_ECHO_REQUEST, IP)).toEqual({
      tos: 0,
      totalLength: 84,
      identification: 0x8367,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IpProtocol.ICMP,
      checksum: 0xa13d,
      src: parseIpv4('10.1.1.1'),
      dst: parseIpv4('10.1.1.2'),
      headerLength: 20,
    });
    expect(ipv4ChecksumOk(S1_ECHO_REQUEST, IP)).toBe(true);
  });

  it('parses the router-generated time exceeded: TOS 0xc0, DF clear, 112 bytes', () => {
    expect(parseIpv4Header(S4_TIME_EXCEEDED, IP)).toMatchObject({
      tos: 0xc0,
      totalLength: 112,
      dontFragment: false,
      ttl: 64,
      src: parseIpv4('10.0.1.1'),
      dst: parseIpv4('10.0.1.2'),
    });
  });

  it('skips options: the payload starts at IHL * 4', () => {
    const b = new Uint8Array(28);
    b.set(emitIpv4(echoRequestHeader, new Uint8Array(4)).subarray(0, 20));
    b[0] = 0x46; // IHL 6: one word of options
    b[3] = 28;
    expect(parseIpv4Header(b, 0)).toMatchObject({ headerLength: 24, totalLength: 28 });
  });

  it('accepts bytes past Total Length (Ethernet padding)', () => {
    const padded = new Uint8Array(S1_ECHO_REQUEST.length + 10);
    padded.set(S1_ECHO_REQUEST);
    expect(parseIpv4Header(padded, IP).totalLength).toBe(84);
  });

  it('throws WireError("ipv4") on truncation, a bad version, IHL or total length', () => {
    for (let n = IP; n < S1_ECHO_REQUEST.length; n++) {
      expectWireError(() => parseIpv4Header(S1_ECHO_REQUEST.subarray(0, n), IP), 'ipv4');
    }
    const with0 = (at: number, v: number): Uint8Array => {
      const b = S1_ECHO_REQUEST.slice();
      b[IP + at] = v;
      return b;
    };
    expect(expectWireError(() => parseIpv4Header(with0(0, 0x65), IP)).message).toMatch(/version 6/);
    expect(expectWireError(() => parseIpv4Header(with0(0, 0x44), IP)).message).toMatch(/IHL 4/);
    expectWireError(() => parseIpv4Header(with0(3, 19), IP), 'ipv4'); // total length 19 < 20
    expectWireError(() => parseIpv4Header(with0(3, 0x55), IP), 'ipv4'); // 85 > the 84 bytes present
    expect(parseIpv4Header(with0(0, 0x4f), IP).headerLength).toBe(60); // IHL 15 still fits in 84 bytes
    expectWireError(() => parseQuotedIpv4Header(with0(0, 0x4f).subarray(0, IP + 59), IP), 'ipv4'); // but not in 59
    expectWireError(() => parseIpv4Header(S1_ECHO_REQUEST, -1), 'ipv4');
  });

  it('parseQuotedIpv4Header accepts a header whose datagram was cut short', () => {
    const headerAnd8 = S4_TTL1_REQUEST.subarray(IP, IP + 28); // RFC 792: header + 64 bits
    expectWireError(() => parseIpv4Header(headerAnd8, 0), 'ipv4');
    expect(parseQuotedIpv4Header(headerAnd8, 0)).toMatchObject({ ttl: 1, totalLength: 84, headerLength: 20 });
    expectWireError(() => parseQuotedIpv4Header(headerAnd8.subarray(0, 19), 0), 'ipv4');
  });

  it('ipv4ChecksumOk sees one flipped bit and never throws on short input', () => {
    const b = S1_ECHO_REQUEST.slice();
    b[IP + 8] = b[IP + 8]! ^ 0x01;
    expect(ipv4ChecksumOk(b, IP)).toBe(false);
    expect(ipv4ChecksumOk(S1_ECHO_REQUEST.subarray(0, 30), IP)).toBe(false);
    expect(ipv4ChecksumOk(S1_ECHO_REQUEST, 200)).toBe(false);
  });
});

describe('emitting IPv4', () => {
  it('writes the captured headers into 0xa5-filled buffers byte for byte', () => {
    for (const [frame, h] of [
      [S1_ECHO_REQUEST, echoRequestHeader],
      [
        S1_ECHO_REPLY,
        {
          identification: 0xc63c,
          dontFragment: false,
          ttl: 64,
          protocol: IpProtocol.ICMP,
          src: parseIpv4('10.1.1.2'),
          dst: parseIpv4('10.1.1.1'),
        },
      ],
      [
        S4_TIME_EXCEEDED,
        {
          tos: 0xc0,
          identification: 0xbf5c,
          dontFragment: false,
          ttl: 64,
          protocol: IpProtocol.ICMP,
          src: parseIpv4('10.0.1.1'),
          dst: parseIpv4('10.0.1.2'),
        },
      ],
    ] as const) {
      const payload = frame.subarray(IP + 20);
      const b = prefilled(frame.length);
      b.set(frame.subarray(0, IP));
      expect(writeIpv4Header(b, IP, h, payload.length)).toBe(IPV4_MIN_HEADER_LENGTH);
      b.set(payload, IP + 20);
      expect(toHex(b)).toBe(toHex(frame));
      expect(toHex(emitIpv4(h, payload))).toBe(toHex(frame.subarray(IP)));
    }
  });

  it('sets MF and the fragment offset in 8-byte units', () => {
    const b = emitIpv4({ ...echoRequestHeader, moreFragments: true, fragmentOffset: 1480 }, new Uint8Array(8));
    expect(toHex(b.subarray(6, 8))).toBe('60b9'); // DF|MF, 1480 / 8 = 185
    expect(parseIpv4Header(b, 0)).toMatchObject({ dontFragment: true, moreFragments: true, fragmentOffset: 1480 });
  });

  it('refuses values that do not fit', () => {
    const p = new Uint8Array(0);
    expectWireError(() => emitIpv4({ ...echoRequestHeader, ttl: 256 }, p), 'ipv4');
    expectWireError(() => emitIpv4({ ...echoRequestHeader, tos: -1 }, p), 'ipv4');
    expectWireError(() => emitIpv4({ ...echoRequestHeader, identification: 0x10000 }, p), 'ipv4');
    expectWireError(() => emitIpv4({ ...echoRequestHeader, protocol: 300 }, p), 'ipv4');
    expectWireError(() => emitIpv4({ ...echoRequestHeader, src: 2 ** 32 }, p), 'ipv4');
    expectWireError(() => emitIpv4({ ...echoRequestHeader, fragmentOffset: 12 }, p), 'ipv4');
    expectWireError(() => emitIpv4({ ...echoRequestHeader, fragmentOffset: 8192 * 8 }, p), 'ipv4');
    expectWireError(() => emitIpv4(echoRequestHeader, new Uint8Array(65536 - 20)), 'ipv4');
    expect(emitIpv4(echoRequestHeader, new Uint8Array(65535 - 20)).length).toBe(65535);
  });

  it('round-trips: parse(emit(h)) gives h back, with a checksum that verifies', () => {
    fc.assert(
      fc.property(arbHeaderInit, arbPayload, (h, payload) => {
        const b = emitIpv4(h, payload);
        const { checksum, ...parsed } = parseIpv4Header(b, 0);
        expect(parsed).toEqual({ ...h, totalLength: 20 + payload.length, headerLength: 20 });
        expect(checksum).toBe((b[10]! << 8) | b[11]!);
        expect(ipv4ChecksumOk(b, 0)).toBe(true);
        expect(toHex(b.subarray(20))).toBe(toHex(payload));
      }),
    );
  });
});

describe('withDecrementedTtl', () => {
  it('turns the datagram entering the router into the one the kernel forwarded', () => {
    const out = withDecrementedTtl(S4_REQUEST_BEFORE_ROUTER, IP);
    expect(toHex(out.subarray(IP))).toBe(toHex(S4_REQUEST_AFTER_ROUTER.subarray(IP)));
    expect(toHex(out.subarray(0, IP))).toBe(toHex(S4_REQUEST_BEFORE_ROUTER.subarray(0, IP))); // MACs are the caller's job
    expect(S4_REQUEST_BEFORE_ROUTER[IP + 8]).toBe(64); // the input is untouched
    expect(out).not.toBe(S4_REQUEST_BEFORE_ROUTER);
  });

  it('refuses TTL 0 and a truncated header', () => {
    const dead = withDecrementedTtl(S4_TTL1_REQUEST, IP);
    expect(dead[IP + 8]).toBe(0);
    expect(ipv4ChecksumOk(dead, IP)).toBe(true);
    expectWireError(() => withDecrementedTtl(dead, IP), 'ipv4');
    expectWireError(() => withDecrementedTtl(S4_TTL1_REQUEST.subarray(0, 33), IP), 'ipv4');
  });

  it('gives the same checksum as a full recompute, options included (RFC 1624)', () => {
    fc.assert(
      fc.property(
        arbHeaderInit.filter((h) => h.ttl > 0),
        fc.uint8Array({ maxLength: 40 }).map((o) => o.subarray(0, o.length & ~3)),
        fc.integer({ min: 0, max: 20 }),
        (h, options, at) => {
          // An IPv4 header with options and a correct checksum, at an arbitrary offset.
          const header = new Uint8Array(20 + options.length);
          header.set(emitIpv4(h, new Uint8Array(0)));
          header.set(options, 20);
          header[0] = 0x40 | (header.length / 4);
          header[10] = 0;
          header[11] = 0;
          const c = internetChecksum(header, 0, header.length);
          header[10] = c >>> 8;
          header[11] = c & 0xff;
          const frame = new Uint8Array(at + header.length);
          frame.set(header, at);

          const out = withDecrementedTtl(frame, at);
          const recomputed = out.slice(at);
          recomputed[10] = 0;
          recomputed[11] = 0;
          expect(out[at + 8]).toBe(h.ttl - 1);
          expect((out[at + 10]! << 8) | out[at + 11]!).toBe(internetChecksum(recomputed, 0, recomputed.length));
        },
      ),
    );
  });
});
