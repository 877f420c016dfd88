import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeFrame } from '../../src/wire/decode.js';
import { emitEthernet } from '../../src/wire/ethernet.js';
import { buildArpFrame, buildIpv4Frame } from '../../src/wire/frames.js';
import { IcmpType, UnreachableCode, emitIcmpError } from '../../src/wire/icmp.js';
import { IpProtocol, emitIpv4 } from '../../src/wire/ipv4.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { parseMac } from '../../src/wire/mac.js';
import { emitUdp } from '../../src/wire/udp.js';
import { addVlanTag } from '../../src/wire/vlan.js';
import * as captured from './fixtures/captured-frames.js';
import { arbMutatedFrame } from './fixtures/helpers.js';
import { TAGGED_ARP_REQUEST_VID10 } from './fixtures/synthesized-frames.js';

const a = parseIpv4('10.0.0.1');
const b = parseIpv4('10.0.0.2');

/** An ICMP error from b to a about a UDP datagram a sent to b's port 9. */
function unreachable(code: number, rest = 0): Uint8Array {
  const original = emitIpv4(
    { identification: 7, dontFragment: true, ttl: 64, protocol: IpProtocol.UDP, src: a, dst: b },
    emitUdp(a, b, 40000, 9, new Uint8Array(4)),
  );
  const icmp = emitIcmpError(IcmpType.DestinationUnreachable, code, original, rest);
  return buildIpv4Frame(1, 2, { identification: 0, dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: b, dst: a }, icmp);
}

describe('summarizeFrame', () => {
  it('summarizes the captured frames as tcpdump -n does', () => {
    expect(summarizeFrame(captured.S1_ARP_REQUEST)).toBe('ARP, Request who-has 10.1.1.2 tell 10.1.1.1, length 28');
    expect(summarizeFrame(captured.S1_ARP_REPLY)).toBe('ARP, Reply 10.1.1.2 is-at 76:b1:71:ed:91:a1, length 28');
    expect(summarizeFrame(captured.S1_ARP_UNICAST_PROBE)).toBe('ARP, Request who-has 10.1.1.1 tell 10.1.1.2, length 28');
    expect(summarizeFrame(captured.S1_ECHO_REQUEST)).toBe('IP 10.1.1.1 > 10.1.1.2: ICMP echo request, id 11381, seq 1, length 64');
    expect(summarizeFrame(captured.S1_ECHO_REPLY)).toBe('IP 10.1.1.2 > 10.1.1.1: ICMP echo reply, id 11381, seq 1, length 64');
    expect(summarizeFrame(captured.S4_TIME_EXCEEDED)).toBe('IP 10.0.1.1 > 10.0.1.2: ICMP time exceeded in-transit, length 92');
    expect(summarizeFrame(captured.S5_HOST_UNREACHABLE)).toBe('IP 10.0.1.2 > 10.0.1.2: ICMP host 10.0.1.77 unreachable, length 92');
    expect(summarizeFrame(captured.UDP_HELLO)).toBe('IP 10.0.0.1.40000 > 10.0.0.2.5353: UDP, length 12');
    expect(summarizeFrame(captured.UDP_EMPTY)).toBe('IP 10.0.0.1.40001 > 10.0.0.2.9: UDP, length 0');
    expect(summarizeFrame(captured.S6_STP_BPDU)).toBe('STP 802.1d, length 35');
  });

  it('shows the target MAC of a request that already names one', () => {
    const frame = buildArpFrame(parseMac('02:00:00:00:00:02'), {
      op: 1,
      senderMac: parseMac('02:00:00:00:00:01'),
      senderIp: a,
      targetMac: parseMac('02:00:00:00:00:02'),
      targetIp: b,
    });
    expect(summarizeFrame(frame)).toBe('ARP, Request who-has 10.0.0.2 (02:00:00:00:00:02) tell 10.0.0.1, length 28');
  });

  it('prefixes tagged frames with the VLAN', () => {
    expect(summarizeFrame(TAGGED_ARP_REQUEST_VID10)).toBe('802.1Q vlan 10, ARP, Request who-has 10.1.1.2 tell 10.1.1.1, length 28');
    expect(summarizeFrame(addVlanTag(captured.S1_ECHO_REQUEST, 20))).toBe(
      '802.1Q vlan 20, IP 10.1.1.1 > 10.1.1.2: ICMP echo request, id 11381, seq 1, length 64',
    );
  });

  it('names unknown EtherTypes by number, with the frame length', () => {
    expect(summarizeFrame(emitEthernet({ dst: 1, src: 2, etherType: 0x88b5 }, new Uint8Array(46)))).toBe('ethertype 0x88b5, length 60');
    expect(summarizeFrame(captured.IPV6_NEIGHBOUR_SOLICITATION)).toBe('ethertype 0x86dd, length 86');
  });

  it('words each unreachable code as tcpdump does, naming the quoted destination', () => {
    const prefix = 'IP 10.0.0.2 > 10.0.0.1: ICMP ';
    expect(summarizeFrame(unreachable(UnreachableCode.Net))).toBe(`${prefix}net 10.0.0.2 unreachable, length 40`);
    expect(summarizeFrame(unreachable(UnreachableCode.Host))).toBe(`${prefix}host 10.0.0.2 unreachable, length 40`);
    expect(summarizeFrame(unreachable(UnreachableCode.Protocol))).toBe(`${prefix}10.0.0.2 protocol 17 unreachable, length 40`);
    expect(summarizeFrame(unreachable(UnreachableCode.Port))).toBe(`${prefix}10.0.0.2 udp port 9 unreachable, length 40`);
    expect(summarizeFrame(unreachable(UnreachableCode.FragmentationNeeded, 1400))).toBe(
      `${prefix}10.0.0.2 unreachable - need to frag (mtu 1400), length 40`,
    );
    expect(summarizeFrame(unreachable(13))).toBe(`${prefix}10.0.0.2 unreachable - code 13, length 40`);
  });

  it('marks what it cannot parse, keeping what it could', () => {
    expect(summarizeFrame(captured.S1_ECHO_REQUEST.subarray(0, 40))).toMatch(/^IP \[malformed: IPv4 datagram truncated.*\], length 26$/);
    expect(summarizeFrame(captured.S1_ARP_REQUEST.subarray(0, 30))).toMatch(/^ARP \[malformed: .*\], length 16$/);
    expect(summarizeFrame(new Uint8Array(3))).toMatch(/^\[malformed: Ethernet header truncated.*\], length 3$/);
    const badIcmp = captured.S1_ECHO_REQUEST.slice(0, 34 + 4);
    badIcmp[17] = 24; // total length 24: a 4-byte ICMP message
    expect(summarizeFrame(badIcmp)).toMatch(/^IP 10\.1\.1\.1 > 10\.1\.1\.2: ICMP \[malformed: .*\], length 4$/);
  });

  it('never throws, on random bytes or on damaged captured frames', () => {
    const frames = [...Object.values(captured), TAGGED_ARP_REQUEST_VID10];
    // A failure must come from a checked parse (WireError), never be a TypeError or RangeError caught late.
    const ok = (s: string): boolean => s.length > 0 && !s.includes('internal error');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => ok(summarizeFrame(bytes))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(arbMutatedFrame(frames), (bytes) => ok(summarizeFrame(bytes))),
      { numRuns: 2000 },
    );
  });
});
