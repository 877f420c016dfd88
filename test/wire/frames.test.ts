import { describe, expect, it } from 'vitest';
import { parseArp } from '../../src/wire/arp.js';
import { buildArpFrame, buildIpv4Frame } from '../../src/wire/frames.js';
import { IcmpType, TimeExceededCode, emitIcmpEcho, emitIcmpError } from '../../src/wire/icmp.js';
import { IpProtocol } from '../../src/wire/ipv4.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { BROADCAST_MAC, parseMac } from '../../src/wire/mac.js';
import { emitUdp } from '../../src/wire/udp.js';
import {
  S1_ARP_REPLY,
  S1_ARP_REQUEST,
  S1_ARP_UNICAST_PROBE,
  S1_ECHO_REQUEST,
  S4_TIME_EXCEEDED,
  S4_TTL1_REQUEST,
  UDP_HELLO,
} from './fixtures/captured-frames.js';
import { expectWireError, toHex } from './fixtures/helpers.js';

const macA = parseMac('8a:76:fa:6d:4b:4f');
const macB = parseMac('76:b1:71:ed:91:a1');

describe('buildArpFrame', () => {
  it('builds the captured 42-byte ARP frames, Ethernet source = ARP sender', () => {
    expect(toHex(buildArpFrame(BROADCAST_MAC, parseArp(S1_ARP_REQUEST, 14)))).toBe(toHex(S1_ARP_REQUEST));
    expect(toHex(buildArpFrame(macA, parseArp(S1_ARP_REPLY, 14)))).toBe(toHex(S1_ARP_REPLY));
    expect(toHex(buildArpFrame(macA, parseArp(S1_ARP_UNICAST_PROBE, 14)))).toBe(toHex(S1_ARP_UNICAST_PROBE));
  });

  it('refuses an out-of-range destination', () => {
    expectWireError(() => buildArpFrame(-1, parseArp(S1_ARP_REQUEST, 14)), 'ethernet');
  });
});

describe('buildIpv4Frame', () => {
  it('builds the captured echo request', () => {
    const frame = buildIpv4Frame(
      macB,
      macA,
      {
        identification: 0x8367,
        dontFragment: true,
        ttl: 64,
        protocol: IpProtocol.ICMP,
        src: parseIpv4('10.1.1.1'),
        dst: parseIpv4('10.1.1.2'),
      },
      emitIcmpEcho(IcmpType.EchoRequest, 0x2c75, 1, S1_ECHO_REQUEST.subarray(42)),
    );
    expect(toHex(frame)).toBe(toHex(S1_ECHO_REQUEST));
  });

  it("builds the router's time exceeded, quoting the whole datagram", () => {
    const frame = buildIpv4Frame(
      parseMac('4e:a1:3d:ae:95:1e'),
      parseMac('16:f5:b3:f2:86:f7'),
      {
        tos: 0xc0,
        identification: 0xbf5c,
        dontFragment: false,
        ttl: 64,
        protocol: IpProtocol.ICMP,
        src: parseIpv4('10.0.1.1'),
        dst: parseIpv4('10.0.1.2'),
      },
      emitIcmpError(IcmpType.TimeExceeded, TimeExceededCode.InTransit, S4_TTL1_REQUEST.subarray(14)),
    );
    expect(toHex(frame)).toBe(toHex(S4_TIME_EXCEEDED));
  });

  it('builds the captured UDP datagram', () => {
    const src = parseIpv4('10.0.0.1');
    const dst = parseIpv4('10.0.0.2');
    const frame = buildIpv4Frame(
      parseMac('02:00:00:00:00:02'),
      parseMac('02:00:00:00:00:01'),
      { identification: 0xcd65, dontFragment: true, ttl: 64, protocol: IpProtocol.UDP, src, dst },
      emitUdp(src, dst, 40000, 5353, new TextEncoder().encode('hello hoplab')),
    );
    expect(toHex(frame)).toBe(toHex(UDP_HELLO));
  });
});
