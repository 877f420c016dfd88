import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ETHERNET_HEADER_LENGTH,
  EtherType,
  VLAN_TAG_LENGTH,
  type EthernetHeaderInit,
  emitEthernet,
  parseEthernet,
  readDstMac,
  readSrcMac,
  writeEthernetHeader,
} from '../../src/wire/ethernet.js';
import { BROADCAST_MAC, parseMac } from '../../src/wire/mac.js';
import { S1_ARP_REQUEST, S1_ECHO_REQUEST, S6_STP_BPDU } from './fixtures/captured-frames.js';
import { arbMac, arbPayload, arbU16, expectWireError, prefilled, toHex } from './fixtures/helpers.js';
import { TAGGED_ARP_REQUEST_VID10, TAGGED_HEADER_PCP5_DEI_VID100 } from './fixtures/synthesized-frames.js';

const arbVlan = fc.record({
  pcp: fc.integer({ min: 0, max: 7 }),
  dei: fc.boolean(),
  vid: fc.integer({ min: 0, max: 4095 }),
});

describe('parseEthernet', () => {
  it('parses a captured untagged frame', () => {
    expect(parseEthernet(S1_ARP_REQUEST)).toEqual({
      dst: BROADCAST_MAC,
      src: parseMac('8a:76:fa:6d:4b:4f'),
      etherType: EtherType.ARP,
      payloadOffset: 14,
    });
    expect(parseEthernet(S1_ECHO_REQUEST).etherType).toBe(EtherType.IPv4);
  });

  it('reports the inner EtherType and the tag of an 802.1Q frame', () => {
    expect(parseEthernet(TAGGED_ARP_REQUEST_VID10)).toEqual({
      dst: BROADCAST_MAC,
      src: parseMac('8a:76:fa:6d:4b:4f'),
      etherType: EtherType.ARP,
      vlan: { pcp: 0, dei: false, vid: 10 },
      payloadOffset: 18,
    });
    expect(parseEthernet(TAGGED_HEADER_PCP5_DEI_VID100)).toMatchObject({
      etherType: EtherType.IPv4,
      vlan: { pcp: 5, dei: true, vid: 100 },
      payloadOffset: 18,
    });
  });

  it('returns the 802.3 length field as is (an STP BPDU carries length 38)', () => {
    expect(parseEthernet(S6_STP_BPDU).etherType).toBe(38);
  });

  it('throws WireError("ethernet") below 14 bytes and on a cut-off tag', () => {
    for (let n = 0; n < ETHERNET_HEADER_LENGTH; n++) expectWireError(() => parseEthernet(S1_ARP_REQUEST.subarray(0, n)), 'ethernet');
    for (let n = 14; n < 18; n++) expectWireError(() => parseEthernet(TAGGED_ARP_REQUEST_VID10.subarray(0, n)), 'ethernet');
    expect(parseEthernet(S1_ARP_REQUEST.subarray(0, 14)).payloadOffset).toBe(14);
  });
});

describe('emitting Ethernet headers', () => {
  const arpHeader: EthernetHeaderInit = { dst: BROADCAST_MAC, src: parseMac('8a:76:fa:6d:4b:4f'), etherType: EtherType.ARP };

  it('writes the captured header into a 0xa5-filled buffer byte for byte', () => {
    const b = prefilled(S1_ARP_REQUEST.length);
    expect(writeEthernetHeader(b, 0, arpHeader)).toBe(14);
    b.set(S1_ARP_REQUEST.subarray(14), 14);
    expect(toHex(b)).toBe(toHex(S1_ARP_REQUEST));
  });

  it('writes a tagged header, TPID and TCI included', () => {
    const b = prefilled(18);
    const h = { ...arpHeader, vlan: { pcp: 0, dei: false, vid: 10 } };
    expect(writeEthernetHeader(b, 0, h)).toBe(18);
    expect(toHex(b)).toBe(toHex(TAGGED_ARP_REQUEST_VID10.subarray(0, 18)));
    const c = prefilled(18);
    writeEthernetHeader(c, 0, {
      dst: parseMac('08:00:27:00:00:01'),
      src: parseMac('02:00:00:00:00:02'),
      etherType: EtherType.IPv4,
      vlan: { pcp: 5, dei: true, vid: 100 },
    });
    expect(toHex(c)).toBe(toHex(TAGGED_HEADER_PCP5_DEI_VID100));
  });

  it('emits whole frames without padding: a 28-byte ARP payload makes 42 bytes', () => {
    const frame = emitEthernet(arpHeader, S1_ARP_REQUEST.subarray(14));
    expect(frame.length).toBe(42);
    expect(toHex(frame)).toBe(toHex(S1_ARP_REQUEST));
    expect(emitEthernet(arpHeader, new Uint8Array(0)).length).toBe(14);
  });

  it('refuses values that do not fit their fields', () => {
    expectWireError(() => emitEthernet({ ...arpHeader, dst: BROADCAST_MAC + 1 }, new Uint8Array(0)), 'ethernet');
    expectWireError(() => emitEthernet({ ...arpHeader, src: -1 }, new Uint8Array(0)), 'ethernet');
    expectWireError(() => emitEthernet({ ...arpHeader, etherType: 0x10000 }, new Uint8Array(0)), 'ethernet');
    expectWireError(() => emitEthernet({ ...arpHeader, vlan: { pcp: 0, dei: false, vid: 4096 } }, new Uint8Array(0)), 'vlan');
    expectWireError(() => emitEthernet({ ...arpHeader, vlan: { pcp: 8, dei: false, vid: 1 } }, new Uint8Array(0)), 'vlan');
    expectWireError(() => writeEthernetHeader(new Uint8Array(17), 0, { ...arpHeader, vlan: { pcp: 0, dei: false, vid: 1 } }), 'ethernet');
  });

  it('round-trips: parse(emit(h, payload)) gives h back', () => {
    fc.assert(
      fc.property(arbMac, arbMac, arbU16, fc.option(arbVlan, { nil: undefined }), arbPayload, (dst, src, etherType, vlan, payload) => {
        fc.pre(vlan === undefined || etherType !== EtherType.VLAN);
        const h: EthernetHeaderInit = vlan === undefined ? { dst, src, etherType } : { dst, src, etherType, vlan };
        const frame = emitEthernet(h, payload);
        const parsed = parseEthernet(frame);
        expect(parsed).toEqual({ ...h, payloadOffset: vlan === undefined ? 14 : 14 + VLAN_TAG_LENGTH });
        expect(toHex(frame.subarray(parsed.payloadOffset))).toBe(toHex(payload));
      }),
    );
  });
});

describe('readDstMac / readSrcMac', () => {
  it('read the addresses a switch forwards and learns on', () => {
    expect(readDstMac(S1_ECHO_REQUEST)).toBe(parseMac('76:b1:71:ed:91:a1'));
    expect(readSrcMac(S1_ECHO_REQUEST)).toBe(parseMac('8a:76:fa:6d:4b:4f'));
    expect(readDstMac(S6_STP_BPDU)).toBe(parseMac('01:80:c2:00:00:00'));
  });
});
