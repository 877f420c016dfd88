import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ICMP_HEADER_LENGTH,
  IcmpType,
  TimeExceededCode,
  UnreachableCode,
  emitIcmpEcho,
  emitIcmpError,
  icmpChecksumOk,
  nextHopMtu,
  parseIcmp,
} from '../../src/wire/icmp.js';
import { S1_ECHO_REPLY, S1_ECHO_REQUEST, S4_TIME_EXCEEDED, S4_TTL1_REQUEST, S5_HOST_UNREACHABLE } from './fixtures/captured-frames.js';
import { arbPayload, arbU16, arbU32, arbU8, expectWireError, toHex } from './fixtures/helpers.js';

const ICMP = 34; // Ethernet II + 20-byte IPv4 header

describe('parseIcmp', () => {
  it('parses the captured echo request', () => {
    const m = parseIcmp(S1_ECHO_REQUEST, ICMP, 64);
    expect(m).toMatchObject({ kind: 'echo', type: IcmpType.EchoRequest, code: 0, checksum: 0xdfd6, identifier: 0x2c75, sequence: 1 });
    if (m.kind !== 'echo') throw new Error('unreachable');
    expect(toHex(m.data)).toBe(toHex(S1_ECHO_REQUEST.subarray(42)));
    expect(icmpChecksumOk(S1_ECHO_REQUEST, ICMP, 64)).toBe(true);
  });

  it('parses the time exceeded, which quotes the whole original datagram', () => {
    const m = parseIcmp(S4_TIME_EXCEEDED, ICMP, 92);
    expect(m).toMatchObject({ kind: 'error', type: IcmpType.TimeExceeded, code: TimeExceededCode.InTransit, rest: 0 });
    if (m.kind !== 'error') throw new Error('unreachable');
    expect(toHex(m.quoted)).toBe(toHex(S4_TTL1_REQUEST.subarray(14)));
    expect(icmpChecksumOk(S4_TIME_EXCEEDED, ICMP, 92)).toBe(true);
  });

  it('parses the host unreachable', () => {
    expect(parseIcmp(S5_HOST_UNREACHABLE, ICMP, 92)).toMatchObject({
      kind: 'error',
      type: IcmpType.DestinationUnreachable,
      code: UnreachableCode.Host,
      checksum: 0xfcfe,
    });
  });

  it('leaves other types uninterpreted: body is everything after the checksum', () => {
    const timestamp = new Uint8Array([13, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const m = parseIcmp(timestamp, 0, 12);
    expect(m).toMatchObject({ kind: 'other', type: 13, code: 0 });
    if (m.kind !== 'other') throw new Error('unreachable');
    expect(Array.from(m.body)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('throws WireError("icmp") below 8 bytes or past the buffer', () => {
    for (let n = 0; n < ICMP_HEADER_LENGTH; n++) expectWireError(() => parseIcmp(S1_ECHO_REQUEST, ICMP, n), 'icmp');
    expectWireError(() => parseIcmp(S1_ECHO_REQUEST, ICMP, 65), 'icmp');
    expectWireError(() => parseIcmp(S1_ECHO_REQUEST, -1, 10), 'icmp');
  });

  it('icmpChecksumOk sees corruption and never throws on a bad span', () => {
    const b = S1_ECHO_REQUEST.slice();
    b[97] = b[97]! ^ 0x80;
    expect(icmpChecksumOk(b, ICMP, 64)).toBe(false);
    expect(icmpChecksumOk(S1_ECHO_REQUEST, ICMP, 65)).toBe(false);
    expect(icmpChecksumOk(S1_ECHO_REQUEST, Number.NaN, 8)).toBe(false);
  });
});

describe('emitting ICMP', () => {
  it('rebuilds the captured echo request and reply byte for byte', () => {
    const data = S1_ECHO_REQUEST.subarray(42);
    expect(toHex(emitIcmpEcho(IcmpType.EchoRequest, 0x2c75, 1, data))).toBe(toHex(S1_ECHO_REQUEST.subarray(ICMP)));
    expect(toHex(emitIcmpEcho(IcmpType.EchoReply, 0x2c75, 1, data))).toBe(toHex(S1_ECHO_REPLY.subarray(ICMP)));
  });

  it('rebuilds the captured time exceeded and host unreachable byte for byte', () => {
    const quoted = S4_TTL1_REQUEST.subarray(14);
    expect(toHex(emitIcmpError(IcmpType.TimeExceeded, TimeExceededCode.InTransit, quoted))).toBe(toHex(S4_TIME_EXCEEDED.subarray(ICMP)));
    const unreachableQuote = S5_HOST_UNREACHABLE.subarray(42);
    expect(toHex(emitIcmpError(IcmpType.DestinationUnreachable, UnreachableCode.Host, unreachableQuote))).toBe(
      toHex(S5_HOST_UNREACHABLE.subarray(ICMP)),
    );
  });

  it('carries the next-hop MTU of "fragmentation needed" in the rest word (RFC 1191)', () => {
    const b = emitIcmpError(IcmpType.DestinationUnreachable, UnreachableCode.FragmentationNeeded, S4_TTL1_REQUEST.subarray(14, 42), 1400);
    expect(toHex(b.subarray(4, 8))).toBe('00000578');
    const m = parseIcmp(b, 0, b.length);
    if (m.kind !== 'error') throw new Error('unreachable');
    expect(nextHopMtu(m.rest)).toBe(1400);
  });

  it('refuses values that do not fit', () => {
    const none = new Uint8Array(0);
    expectWireError(() => emitIcmpEcho(256, 1, 1, none), 'icmp');
    expectWireError(() => emitIcmpEcho(IcmpType.EchoRequest, 0x10000, 1, none), 'icmp');
    expectWireError(() => emitIcmpEcho(IcmpType.EchoRequest, 1, -1, none), 'icmp');
    expectWireError(() => emitIcmpError(IcmpType.TimeExceeded, 256, none), 'icmp');
    expectWireError(() => emitIcmpError(IcmpType.TimeExceeded, 0, none, 2 ** 32), 'icmp');
  });

  it('round-trips echo messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(IcmpType.EchoRequest, IcmpType.EchoReply),
        arbU16,
        arbU16,
        arbPayload,
        (type, identifier, sequence, data) => {
          const b = emitIcmpEcho(type, identifier, sequence, data);
          const m = parseIcmp(b, 0, b.length);
          expect(m).toEqual({ kind: 'echo', type, code: 0, checksum: (b[2]! << 8) | b[3]!, identifier, sequence, data });
          expect(icmpChecksumOk(b, 0, b.length)).toBe(true);
        },
      ),
    );
  });

  it('round-trips error messages', () => {
    const errorTypes = [
      IcmpType.DestinationUnreachable,
      IcmpType.SourceQuench,
      IcmpType.Redirect,
      IcmpType.TimeExceeded,
      IcmpType.ParameterProblem,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...errorTypes), arbU8, arbU32, arbPayload, (type, code, rest, quoted) => {
        const b = emitIcmpError(type, code, quoted, rest);
        expect(parseIcmp(b, 0, b.length)).toEqual({ kind: 'error', type, code, checksum: (b[2]! << 8) | b[3]!, rest, quoted });
        expect(icmpChecksumOk(b, 0, b.length)).toBe(true);
      }),
    );
  });
});
