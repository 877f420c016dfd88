import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARP_PACKET_LENGTH, ArpOp, type ArpPacket, emitArp, parseArp, writeArp } from '../../src/wire/arp.js';
import { EtherType, writeEthernetHeader } from '../../src/wire/ethernet.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { BROADCAST_MAC, ZERO_MAC, parseMac } from '../../src/wire/mac.js';
import { S1_ARP_REPLY, S1_ARP_REQUEST, S1_ARP_UNICAST_PROBE } from './fixtures/captured-frames.js';
import { arbIpv4, arbMac, arbU16, expectWireError, prefilled, toHex } from './fixtures/helpers.js';

const macA = parseMac('8a:76:fa:6d:4b:4f');
const macB = parseMac('76:b1:71:ed:91:a1');
const request: ArpPacket = {
  op: ArpOp.Request,
  senderMac: macA,
  senderIp: parseIpv4('10.1.1.1'),
  targetMac: ZERO_MAC,
  targetIp: parseIpv4('10.1.1.2'),
};

describe('parseArp', () => {
  it('parses the captured request, reply and unicast probe', () => {
    expect(parseArp(S1_ARP_REQUEST, 14)).toEqual(request);
    expect(parseArp(S1_ARP_REPLY, 14)).toEqual({
      op: ArpOp.Reply,
      senderMac: macB,
      senderIp: parseIpv4('10.1.1.2'),
      targetMac: macA,
      targetIp: parseIpv4('10.1.1.1'),
    });
    expect(parseArp(S1_ARP_UNICAST_PROBE, 14)).toMatchObject({ op: ArpOp.Request, targetMac: ZERO_MAC, senderMac: macB });
  });

  it('parses at offset 0 by default and ignores trailing padding', () => {
    expect(parseArp(S1_ARP_REQUEST.subarray(14))).toEqual(request);
    const padded = new Uint8Array(60);
    padded.set(S1_ARP_REQUEST);
    expect(parseArp(padded, 14)).toEqual(request);
  });

  it('throws WireError("arp") when truncated or not Ethernet/IPv4', () => {
    for (let n = 14; n < 42; n++) expectWireError(() => parseArp(S1_ARP_REQUEST.subarray(0, n), 14), 'arp');
    expectWireError(() => parseArp(S1_ARP_REQUEST, 15), 'arp');
    expectWireError(() => parseArp(S1_ARP_REQUEST, -1), 'arp');
    const corrupt = (at: number, v: number): Uint8Array => {
      const b = S1_ARP_REQUEST.slice(14);
      b[at] = v;
      return b;
    };
    expect(expectWireError(() => parseArp(corrupt(1, 6))).message).toMatch(/htype 6/); // IEEE 802 hardware
    expectWireError(() => parseArp(corrupt(2, 0x86)), 'arp'); // ptype 0x8600
    expectWireError(() => parseArp(corrupt(4, 8)), 'arp'); // hlen 8
    expectWireError(() => parseArp(corrupt(5, 16)), 'arp'); // plen 16
  });
});

describe('emitting ARP', () => {
  it('writes the captured frame into a 0xa5-filled buffer byte for byte', () => {
    for (const [frame, dst] of [
      [S1_ARP_REQUEST, BROADCAST_MAC],
      [S1_ARP_REPLY, macA],
      [S1_ARP_UNICAST_PROBE, macA],
    ] as const) {
      const p = parseArp(frame, 14);
      const b = prefilled(42);
      writeEthernetHeader(b, 0, { dst, src: p.senderMac, etherType: EtherType.ARP });
      expect(writeArp(b, 14, p)).toBe(ARP_PACKET_LENGTH);
      expect(toHex(b)).toBe(toHex(frame));
      expect(toHex(emitArp(p))).toBe(toHex(frame.subarray(14)));
    }
  });

  it('refuses values that do not fit', () => {
    expectWireError(() => emitArp({ ...request, op: 0x10000 }), 'arp');
    expectWireError(() => emitArp({ ...request, senderIp: -1 }), 'arp');
    expectWireError(() => emitArp({ ...request, targetIp: 2 ** 32 }), 'arp');
    expectWireError(() => emitArp({ ...request, targetMac: 2 ** 48 }), 'arp');
    expectWireError(() => writeArp(new Uint8Array(40), 14, request), 'arp');
  });

  it('round-trips: parse(emit(p)) equals p', () => {
    fc.assert(
      fc.property(fc.record({ op: arbU16, senderMac: arbMac, senderIp: arbIpv4, targetMac: arbMac, targetIp: arbIpv4 }), (p) => {
        expect(parseArp(emitArp(p))).toEqual(p);
      }),
    );
  });
});
