import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodedLayer, decodeFrame } from '../../src/wire/decode.js';
import { buildIpv4Frame } from '../../src/wire/frames.js';
import { IcmpType, UnreachableCode, emitIcmpEcho, emitIcmpError } from '../../src/wire/icmp.js';
import { IpProtocol, emitIpv4 } from '../../src/wire/ipv4.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { emitUdp } from '../../src/wire/udp.js';
import * as captured from './fixtures/captured-frames.js';
import { arbMutatedFrame } from './fixtures/helpers.js';
import { TAGGED_ARP_REQUEST_VID10 } from './fixtures/synthesized-frames.js';

const ALL_FRAMES = [...Object.values(captured), TAGGED_ARP_REQUEST_VID10];

function field(layers: DecodedLayer[], layer: string, name: string): string | undefined {
  return layers.find((l) => l.name === layer)?.fields.find(([n]) => n === name)?.[1];
}

describe('decodeFrame', () => {
  it('decodes the captured ARP request layer by layer', () => {
    expect(decodeFrame(captured.S1_ARP_REQUEST)).toEqual([
      {
        name: 'Ethernet II',
        fields: [
          ['Destination', 'ff:ff:ff:ff:ff:ff'],
          ['Source', '8a:76:fa:6d:4b:4f'],
          ['Type', '0x0806 (ARP)'],
        ],
      },
      {
        name: 'ARP',
        fields: [
          ['Hardware type', '1 (Ethernet)'],
          ['Protocol type', '0x0800 (IPv4)'],
          ['Hardware size', '6'],
          ['Protocol size', '4'],
          ['Opcode', '1 (request)'],
          ['Sender MAC address', '8a:76:fa:6d:4b:4f'],
          ['Sender IP address', '10.1.1.1'],
          ['Target MAC address', '00:00:00:00:00:00'],
          ['Target IP address', '10.1.1.2'],
        ],
      },
    ]);
  });

  it('decodes the captured echo request: IPv4 and ICMP with verified checksums', () => {
    const layers = decodeFrame(captured.S1_ECHO_REQUEST);
    expect(layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP']);
    expect(layers[1]).toEqual({
      name: 'IPv4',
      fields: [
        ['Version', '4'],
        ['Header Length', '20 bytes (5)'],
        ['Differentiated Services Field', '0x00'],
        ['Total Length', '84'],
        ['Identification', '0x8367 (33639)'],
        ['Flags', '0x2 (DF)'],
        ['Fragment Offset', '0'],
        ['Time to Live', '64'],
        ['Protocol', '1 (ICMP)'],
        ['Header Checksum', '0xa13d [correct]'],
        ['Source Address', '10.1.1.1'],
        ['Destination Address', '10.1.1.2'],
      ],
    });
    expect(layers[2]).toEqual({
      name: 'ICMP',
      fields: [
        ['Type', '8 (Echo (ping) request)'],
        ['Code', '0'],
        ['Checksum', '0xdfd6 [correct]'],
        ['Identifier', '0x2c75 (11381)'],
        ['Sequence Number', '1 (0x0001)'],
        ['Data', '56 bytes'],
      ],
    });
  });

  it('says which checksum is wrong and what it should be', () => {
    const b = captured.S1_ECHO_REQUEST.slice();
    b[24] = 0xa1;
    b[25] = 0x3e;
    b[36] = 0;
    const layers = decodeFrame(b);
    expect(field(layers, 'IPv4', 'Header Checksum')).toBe('0xa13e [incorrect, should be 0xa13d]');
    expect(field(layers, 'ICMP', 'Checksum')).toBe('0x00d6 [incorrect, should be 0xdfd6]');
  });

  it('shows both flags and the fragment offset, and leaves non-first fragments undecoded', () => {
    const h = { identification: 1, dontFragment: true, moreFragments: true, ttl: 64, protocol: IpProtocol.ICMP, src: 1, dst: 2 };
    expect(field(decodeFrame(buildIpv4Frame(1, 2, h, emitIcmpEcho(8, 1, 1, new Uint8Array(16)))), 'IPv4', 'Flags')).toBe('0x3 (DF, MF)');
    const later = decodeFrame(buildIpv4Frame(1, 2, { ...h, fragmentOffset: 1480 }, new Uint8Array(24)));
    expect(later.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'Data']);
    expect(field(later, 'IPv4', 'Fragment Offset')).toBe('1480');
    expect(field(later, 'Data', 'Fragment')).toBe('24 bytes at offset 1480');
  });

  it('decodes the time exceeded and the datagram it quotes', () => {
    const layers = decodeFrame(captured.S4_TIME_EXCEEDED);
    expect(layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP', 'IPv4 (quoted)', 'ICMP (quoted)']);
    expect(layers[2]!.fields).toEqual([
      ['Type', '11 (Time-to-live exceeded)'],
      ['Code', '0 (Time to live exceeded in transit)'],
      ['Checksum', '0xf4ff [correct]'],
      ['Unused', '0x00000000'],
    ]);
    expect(field(layers, 'IPv4 (quoted)', 'Time to Live')).toBe('1');
    expect(field(layers, 'IPv4 (quoted)', 'Header Checksum')).toBe('0x210c [correct]');
    expect(field(layers, 'ICMP (quoted)', 'Checksum')).toBe('0x2b73'); // a quote is not verified
    expect(field(layers, 'ICMP (quoted)', 'Identifier')).toBe('0x2f59 (12121)');
  });

  it('decodes a quote cut to header + 64 bits (RFC 792) and the next-hop MTU', () => {
    const quote = captured.S4_TTL1_REQUEST.subarray(14, 42);
    const frame = buildIpv4Frame(
      1,
      2,
      { identification: 0, dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: 1, dst: 2 },
      emitIcmpError(IcmpType.DestinationUnreachable, UnreachableCode.FragmentationNeeded, quote, 1400),
    );
    const layers = decodeFrame(frame);
    expect(layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP', 'IPv4 (quoted)', 'ICMP (quoted)']);
    expect(field(layers, 'ICMP', 'Code')).toBe('4 (Fragmentation needed)');
    expect(field(layers, 'ICMP', 'MTU of next hop')).toBe('1400');
    expect(field(layers, 'ICMP (quoted)', 'Data')).toBe('0 bytes');
  });

  it('decodes UDP with its pseudo-header checksum, and a zero checksum as none', () => {
    const layers = decodeFrame(captured.UDP_HELLO);
    expect(layers[2]).toEqual({
      name: 'UDP',
      fields: [
        ['Source Port', '40000'],
        ['Destination Port', '5353'],
        ['Length', '20'],
        ['Checksum', '0xbc69 [correct]'],
        ['Payload', '12 bytes'],
      ],
    });
    const b = captured.UDP_HELLO.slice();
    b[40] = 0;
    b[41] = 0;
    expect(field(decodeFrame(b), 'UDP', 'Checksum')).toBe('0x0000 [none]');
    b[41] = 1;
    expect(field(decodeFrame(b), 'UDP', 'Checksum')).toBe('0x0001 [incorrect, should be 0xbc69]');
  });

  it('decodes a UDP datagram quoted in a port unreachable', () => {
    const src = parseIpv4('10.0.0.1');
    const dst = parseIpv4('10.0.0.2');
    const original = emitIpv4(
      { identification: 7, dontFragment: true, ttl: 64, protocol: IpProtocol.UDP, src, dst },
      emitUdp(src, dst, 40000, 9, new Uint8Array(100)),
    );
    const frame = buildIpv4Frame(
      1,
      2,
      { identification: 0, dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: dst, dst: src },
      emitIcmpError(IcmpType.DestinationUnreachable, UnreachableCode.Port, original.subarray(0, 28)),
    );
    const layers = decodeFrame(frame);
    expect(layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP', 'IPv4 (quoted)', 'UDP (quoted)']);
    expect(field(layers, 'UDP (quoted)', 'Destination Port')).toBe('9');
    expect(field(layers, 'UDP (quoted)', 'Length')).toBe('108');
    expect(field(layers, 'UDP (quoted)', 'Payload')).toBe('0 bytes');
  });

  it('decodes the 802.1Q tag and the frame inside it', () => {
    const layers = decodeFrame(TAGGED_ARP_REQUEST_VID10);
    expect(layers.map((l) => l.name)).toEqual(['Ethernet II', '802.1Q Virtual LAN', 'ARP']);
    expect(layers[0]!.fields[2]).toEqual(['Type', '0x8100 (802.1Q Virtual LAN)']);
    expect(layers[1]!.fields).toEqual([
      ['Priority', '0'],
      ['DEI', '0'],
      ['ID', '10'],
      ['Type', '0x0806 (ARP)'],
    ]);
  });

  it('decodes an 802.3 frame as a length, an LLC header and the STP BPDU it carries', () => {
    const layers = decodeFrame(captured.S6_STP_BPDU);
    expect(layers.map((l) => l.name)).toEqual(['IEEE 802.3 Ethernet', 'Logical-Link Control', 'Spanning Tree Protocol']);
    expect(layers[0]!.fields[2]).toEqual(['Length', '38']);
    expect(field(layers, 'Logical-Link Control', 'DSAP')).toBe('0x42 (Spanning Tree BPDU)');
    expect(field(layers, 'Spanning Tree Protocol', 'Port identifier')).toBe('0x8001');
  });

  it('shows an unknown EtherType as data', () => {
    const layers = decodeFrame(captured.IPV6_NEIGHBOUR_SOLICITATION);
    expect(layers).toEqual([
      {
        name: 'Ethernet II',
        fields: [
          ['Destination', '33:33:ff:00:00:02'],
          ['Source', '02:00:00:00:00:02'],
          ['Type', '0x86dd (IPv6)'],
        ],
      },
      { name: 'Data', fields: [['Length', '72 bytes']] },
    ]);
  });

  it('ends with a Malformed layer after the layers that did parse', () => {
    const cut = decodeFrame(captured.S1_ECHO_REQUEST.subarray(0, 40));
    expect(cut.map((l) => l.name)).toEqual(['Ethernet II', 'Malformed']);
    expect(cut[1]!.fields[0]![0]).toBe('error');
    expect(cut[1]!.fields[0]![1]).toMatch(/IPv4 datagram truncated/);
    expect(decodeFrame(new Uint8Array(5))).toEqual([
      { name: 'Malformed', fields: [['error', expect.stringMatching(/Ethernet header truncated/)]] },
    ]);
    const badQuote = captured.S4_TIME_EXCEEDED.slice();
    badQuote[42] = 0x65; // the quoted datagram claims version 6
    expect(decodeFrame(badQuote).map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP', 'Malformed']);
    expect(decodeFrame(TAGGED_ARP_REQUEST_VID10.subarray(0, 16)).map((l) => l.name)).toEqual(['Ethernet II', 'Malformed']);
  });

  it('never throws, on random bytes or on damaged captured frames', () => {
    // Every failure must be a WireError from a checked parse, never a TypeError or RangeError caught late.
    const wellFormed = (layers: DecodedLayer[]): boolean =>
      layers.length > 0 &&
      layers.every((l) => typeof l.name === 'string' && l.fields.every(([k, v]) => typeof k === 'string' && typeof v === 'string')) &&
      layers.every((l) => l.name !== 'Malformed' || !l.fields[0]![1].startsWith('internal error'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => wellFormed(decodeFrame(b))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(arbMutatedFrame(ALL_FRAMES), (b) => wellFormed(decodeFrame(b))),
      { numRuns: 2000 },
    );
  });
});
