/**
 * STYLE rule 1: a parser of untrusted bytes checks lengths first and throws
 * one typed error. Every parser, given any bytes and any offset/length, either
 * returns a value or throws WireError — never a RangeError or TypeError — and
 * every parser given a truncated frame throws WireError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArp } from '../../src/wire/arp.js';
import { parseEthernet } from '../../src/wire/ethernet.js';
import { icmpChecksumOk, parseIcmp } from '../../src/wire/icmp.js';
import { ipv4ChecksumOk, parseIpv4Header, parseQuotedIpv4Header, withDecrementedTtl } from '../../src/wire/ipv4.js';
import { parseUdp, udpChecksumOk } from '../../src/wire/udp.js';
import { addVlanTag, readVlanId, removeVlanTag } from '../../src/wire/vlan.js';
import * as captured from './fixtures/captured-frames.js';
import { arbMutatedFrame, expectWireError, returnsOrThrowsWireError } from './fixtures/helpers.js';

type Parser = (b: Uint8Array, offset: number, length: number) => unknown;

const PARSERS: Record<string, Parser> = {
  parseEthernet: (b) => parseEthernet(b),
  parseArp: (b, o) => parseArp(b, o),
  parseIpv4Header: (b, o) => parseIpv4Header(b, o),
  parseQuotedIpv4Header: (b, o) => parseQuotedIpv4Header(b, o),
  parseIcmp: (b, o, n) => parseIcmp(b, o, n),
  parseUdp: (b, o, n) => parseUdp(b, o, n),
  readVlanId: (b) => readVlanId(b),
  removeVlanTag: (b) => removeVlanTag(b),
  addVlanTag: (b, o) => addVlanTag(b, o),
  withDecrementedTtl: (b, o) => withDecrementedTtl(b, o),
};

/** Checkers answer false rather than throw. */
const CHECKERS: Record<string, (b: Uint8Array, offset: number, length: number) => boolean> = {
  ipv4ChecksumOk: (b, o) => ipv4ChecksumOk(b, o),
  icmpChecksumOk: (b, o, n) => icmpChecksumOk(b, o, n),
  udpChecksumOk: (b, o, n) => udpChecksumOk(b, o, n, 1, 2),
};

const arbOffset = fc.oneof(fc.integer({ min: -2, max: 140 }), fc.constantFrom(Number.NaN, 0.5, Infinity));
const frames = [...Object.values(captured)];

describe('parsers on garbage', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name} returns or throws WireError on random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 130 }), arbOffset, arbOffset, (b, o, n) => returnsOrThrowsWireError(() => parse(b, o, n))),
        { numRuns: 300 },
      );
      fc.assert(
        fc.property(arbMutatedFrame(frames), fc.constantFrom(0, 14, 34), fc.integer({ min: 0, max: 100 }), (b, o, n) =>
          returnsOrThrowsWireError(() => parse(b, o, n)),
        ),
        { numRuns: 300 },
      );
    });
  }

  for (const [name, check] of Object.entries(CHECKERS)) {
    it(`${name} answers a boolean on random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 130 }), arbOffset, arbOffset, (b, o, n) => typeof check(b, o, n) === 'boolean'),
        { numRuns: 300 },
      );
    });
  }
});

describe('parsers on truncated captured frames', () => {
  it('throw WireError for every cut short of what the header or datagram needs', () => {
    const cut = (frame: Uint8Array, n: number): Uint8Array => frame.subarray(0, n);
    for (let n = 0; n < 14; n++) expectWireError(() => parseEthernet(cut(captured.S1_ARP_REQUEST, n)), 'ethernet');
    for (let n = 0; n < 42; n++) expectWireError(() => parseArp(cut(captured.S1_ARP_REQUEST, n), 14), 'arp');
    for (let n = 0; n < 98; n++) {
      expectWireError(() => parseIpv4Header(cut(captured.S1_ECHO_REQUEST, n), 14), 'ipv4');
      expectWireError(() => parseIcmp(cut(captured.S1_ECHO_REQUEST, n), 34, 64), 'icmp');
    }
    for (let n = 0; n < 34; n++) {
      expectWireError(() => parseQuotedIpv4Header(cut(captured.S4_TIME_EXCEEDED, n), 14), 'ipv4');
      expectWireError(() => withDecrementedTtl(cut(captured.S4_TIME_EXCEEDED, n), 14), 'ipv4');
    }
    for (let n = 0; n < 54; n++) expectWireError(() => parseUdp(cut(captured.UDP_HELLO, n), 34, 20), 'udp');
    expect(parseUdp(captured.UDP_HELLO, 34, 20).length).toBe(20);
  });
});
