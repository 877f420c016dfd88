import { describe, expect, it } from 'vitest';
import { parseArp } from '../../src/wire/arp.js';
import { readDstMac, readSrcMac } from '../../src/wire/ethernet.js';
import { buildIpv4Frame } from '../../src/wire/frames.js';
import { emitIcmpError, IcmpType, parseIcmp } from '../../src/wire/icmp.js';
import { IpProtocol, ipv4ChecksumOk } from '../../src/wire/ipv4.js';
import { formatIpv4, parseIpv4 } from '../../src/wire/ipv4-address.js';
import { echoFromH1, H1_MAC, H2_MAC, h1AsksForR1, h2Answers, ipOf, isIpv4, routerBench } from './router-harness.js';

describe('r1 forwards IPv4 as a Linux router does (RFC 1812 5.2, 5.3)', () => {
  it('holds the packet while it asks for the next hop on the outgoing segment, then sends it with TTL 63 and the same id', () => {
    const b = routerBench();
    const original = echoFromH1(b);
    b.receive('eth1', original);
    const forward = b.events.find((e) => e.kind === 'forward')!;
    expect(forward.out).toEqual(['eth2']);
    expect(forward.port).toBe('eth1');
    expect(forward.why).toBe('r1 sends it out of eth2 to 10.0.2.2: route 10.0.2.0/24 is connected; TTL 64 -> 63');
    // Only an ARP request leaves, and on eth2 only: ARP never crosses the router.
    expect(b.sent.map((s) => s.port)).toEqual(['eth2']);
    const arp = parseArp(b.sent[0]!.bytes, 14);
    expect([formatIpv4(arp.senderIp), formatIpv4(arp.targetIp)]).toEqual(['10.0.2.1', '10.0.2.2']);
    h2Answers(b);
    const out = b.sent[1]!;
    expect(out.port).toBe('eth2');
    const { ip } = ipOf(out);
    expect(ip.ttl).toBe(63);
    expect(ip.identification).toBe(0x3ffb);
    expect(ipv4ChecksumOk(out.bytes, 14)).toBe(true);
    expect([readDstMac(out.bytes), readSrcMac(out.bytes)]).toEqual([H2_MAC, b.mac('eth2')]);
    // Everything but the TTL (byte 8) and the checksum (10, 11) is the original datagram, byte for byte.
    const changed = [...out.bytes.subarray(14)].flatMap((v, i) => (v === original[14 + i] ? [] : [i]));
    expect(changed).toContain(8);
    expect(changed.every((i) => [8, 10, 11].includes(i))).toBe(true);
  });

  it('names the gateway of a static route in the why', () => {
    const b = routerBench('router', [{ to: '10.0.3.0/24', via: '10.0.2.2' }]);
    b.receive('eth1', echoFromH1(b, { dst: parseIpv4('10.0.3.7') }));
    expect(b.events.find((e) => e.kind === 'forward')!.why).toBe(
      'r1 sends it out of eth2 to 10.0.3.7: route 10.0.3.0/24 via 10.0.2.2; TTL 64 -> 63',
    );
    expect(formatIpv4(parseArp(b.sent[0]!.bytes, 14).targetIp)).toBe('10.0.2.2');
  });

  it('TTL 1: drops it (ttl-exceeded) and sends time exceeded from 10.0.1.1, TTL 64, TOS 0xc0, DF clear, quoting the whole datagram (oracle S4 ttl1)', () => {
    const b = routerBench();
    h1AsksForR1(b);
    const original = echoFromH1(b, { ttl: 1, identification: 0x419a });
    b.receive('eth1', original);
    const drop = b.events.find((e) => e.kind === 'drop')!;
    expect(drop.reason).toBe('ttl-exceeded');
    expect(drop.why).toBe('r1 drops the packet: its TTL ran out; it tells 10.0.1.2 with ICMP time exceeded');
    const error = b.sent.at(-1)!;
    expect(error.port).toBe('eth1');
    expect(error.cause).toBe(drop.seq);
    const { ip, payload } = ipOf(error);
    expect([formatIpv4(ip.src), formatIpv4(ip.dst), ip.ttl, ip.tos, ip.dontFragment, ip.totalLength]).toEqual([
      '10.0.1.1',
      '10.0.1.2',
      64,
      0xc0,
      false,
      112,
    ]);
    const icmp = parseIcmp(error.bytes, payload, ip.totalLength - 20);
    expect([icmp.type, icmp.code]).toEqual([IcmpType.TimeExceeded, 0]);
    expect(icmp.kind === 'error' && [...icmp.quoted]).toEqual([...original.subarray(14)]);
    expect(b.events.some((e) => e.kind === 'forward')).toBe(false);
  });

  it('the error comes from the address r1 would use to reach the sender, not the one the packet came in on (icmp_errors_use_inbound_ifaddr=0)', () => {
    const b = routerBench();
    const stray = buildIpv4Frame(
      b.mac('eth2'),
      H2_MAC,
      { identification: 1, dontFragment: false, ttl: 1, protocol: IpProtocol.ICMP, src: parseIpv4('10.0.1.2'), dst: parseIpv4('10.0.2.9') },
      new Uint8Array(8),
    );
    b.receive('eth2', stray);
    expect(b.sent.map((s) => s.port)).toEqual(['eth1']); // r1 asks for 10.0.1.2 on eth1; the error waits
    h1AsksForR1(b);
    const error = b.sent.find(isIpv4)!;
    expect([error.port, formatIpv4(ipOf(error).ip.src)]).toEqual(['eth1', '10.0.1.1']);
  });

  it('no route: drops it (no-route) and answers network unreachable', () => {
    const b = routerBench();
    h1AsksForR1(b);
    b.receive('eth1', echoFromH1(b, { dst: parseIpv4('192.0.2.1') }));
    const drop = b.events.find((e) => e.kind === 'drop')!;
    expect([drop.reason, drop.why]).toEqual([
      'no-route',
      'r1 drops the packet: it has no route to 192.0.2.1; it tells 10.0.1.2 with ICMP network unreachable',
    ]);
    const { ip, payload } = ipOf(b.sent.at(-1)!);
    expect([b.sent.at(-1)!.bytes[payload], b.sent.at(-1)!.bytes[payload + 1], formatIpv4(ip.src)]).toEqual([3, 0, '10.0.1.1']);
  });

  it('DF set and too big for the next link: drops it (too-big) and answers fragmentation needed with the next-hop MTU (RFC 1191)', () => {
    const b = routerBench();
    b.host.interfaces.get('eth2')!.mtu = 1000;
    h1AsksForR1(b);
    b.receive('eth1', echoFromH1(b, {}, 1200));
    const drop = b.events.find((e) => e.kind === 'drop')!;
    expect(drop.reason).toBe('too-big');
    expect(drop.why).toBe(
      "r1 drops the packet: at 1228 bytes it does not fit eth2's MTU of 1000, and its DF flag forbids fragmenting it; it tells 10.0.1.2 with ICMP fragmentation needed (next-hop MTU 1000)",
    );
    const s = b.sent.at(-1)!;
    const { ip, payload } = ipOf(s);
    const icmp = parseIcmp(s.bytes, payload, ip.totalLength - 20);
    expect(icmp.kind === 'error' && [icmp.type, icmp.code, icmp.rest]).toEqual([3, 4, 1000]);
    // 576 bytes in all: the quote stops at 548 bytes of the original (RFC 1812 4.3.2.3).
    expect(ip.totalLength).toBe(576);
  });

  it('DF clear and too big: forwards it in fragments that fit, TTL already lowered in each', () => {
    const b = routerBench();
    b.host.interfaces.get('eth2')!.mtu = 1000;
    h2Answers(b); // nothing asked yet: the unsolicited reply teaches nothing
    b.receive('eth1', echoFromH1(b, { dontFragment: false }, 1200));
    h2Answers(b);
    const pieces = b.sent.filter((s) => s.port === 'eth2' && isIpv4(s)).map((s) => ipOf(s).ip);
    expect(pieces.map((p) => [p.totalLength, p.fragmentOffset, p.moreFragments, p.ttl, p.identification])).toEqual([
      [996, 0, true, 63, 0x3ffb],
      [252, 976, false, 63, 0x3ffb],
    ]);
    expect(b.events.find((e) => e.kind === 'forward')!.why).toMatch(/; it cuts it into fragments to fit eth2's MTU of 1000$/);
  });

  it('stays silent where RFC 1122 3.2.2 says so: about an ICMP error, and about a fragment that is not the first', () => {
    const b = routerBench();
    h1AsksForR1(b);
    const aboutError = emitIcmpError(IcmpType.DestinationUnreachable, 3, new Uint8Array(28));
    b.receive(
      'eth1',
      buildIpv4Frame(
        b.mac('eth1'),
        H1_MAC,
        {
          identification: 2,
          dontFragment: false,
          ttl: 1,
          protocol: IpProtocol.ICMP,
          src: parseIpv4('10.0.1.2'),
          dst: parseIpv4('10.0.2.2'),
        },
        aboutError,
      ),
    );
    b.receive(
      'eth1',
      buildIpv4Frame(
        b.mac('eth1'),
        H1_MAC,
        {
          identification: 3,
          dontFragment: false,
          ttl: 1,
          fragmentOffset: 1480,
          protocol: IpProtocol.UDP,
          src: parseIpv4('10.0.1.2'),
          dst: parseIpv4('10.0.2.2'),
        },
        new Uint8Array(16),
      ),
    );
    const drops = b.events.filter((e) => e.kind === 'drop');
    expect(drops.map((d) => d.why)).toEqual([
      'r1 drops the packet: its TTL ran out; it sends no ICMP error: it is itself an ICMP error, and errors are never answered with errors (RFC 1122 3.2.2)',
      'r1 drops the packet: its TTL ran out; it sends no ICMP error: it is not the first fragment of its datagram, and only the first may provoke an ICMP error (RFC 1122 3.2.2)',
    ]);
    expect(b.sent.filter((s) => isIpv4(s))).toEqual([]);
  });

  it('rate-limits its errors to one sender: a burst of 6, then one a second (icmp_ratelimit)', () => {
    const b = routerBench();
    h1AsksForR1(b);
    for (let i = 0; i < 8; i++) b.receive('eth1', echoFromH1(b, { ttl: 1, identification: i }));
    const errors = (): number => b.sent.filter((s) => isIpv4(s)).length;
    expect(errors()).toBe(6);
    expect(b.events.filter((e) => e.kind === 'drop').at(-1)!.why).toMatch(
      /it would tell 10\.0\.1\.2 with ICMP time exceeded, but the rate limit holds it back/,
    );
    b.advance(1e9);
    b.receive('eth1', echoFromH1(b, { ttl: 1 }));
    b.receive('eth1', echoFromH1(b, { ttl: 1 }));
    expect(errors()).toBe(7);
  });

  it('forwards nothing that came in a broadcast frame, and nothing when ip_forward is 0', () => {
    const b = routerBench();
    const frame = echoFromH1(b);
    frame.fill(0xff, 0, 6); // to ff:ff:ff:ff:ff:ff, but for 10.0.2.2
    b.receive('eth1', frame);
    expect(b.events.find((e) => e.kind === 'drop')!.why).toMatch(
      /^r1 does not forward the packet for 10\.0\.2\.2: it came in a link-layer broadcast/,
    );
    const host = routerBench('host');
    host.receive('eth1', echoFromH1(host));
    expect(host.events.find((e) => e.kind === 'drop')!.reason).toBe('not-for-me');
    expect(host.sent).toEqual([]);
  });

  it('tells the sender host unreachable when ARP for the next hop fails (3 requests, 1.024 s apart on the timer wheel)', () => {
    const b = routerBench();
    h1AsksForR1(b);
    b.receive('eth1', echoFromH1(b));
    // The retransmission timer's 1 s is 250 jiffies, which fire on the wheel's next 32 ms tick: 1.024 s from time 0.
    b.advance(3.072e9 - 1);
    expect(b.sent.filter((s) => s.port === 'eth1').length).toBe(1);
    b.advance(3.072e9);
    const requests = b.sent.filter((s) => s.port === 'eth2');
    expect(requests).toHaveLength(3);
    const error = b.sent.at(-1)!;
    const { ip, payload } = ipOf(error);
    expect([error.port, formatIpv4(ip.src), error.bytes[payload], error.bytes[payload + 1]]).toEqual(['eth1', '10.0.1.1', 3, 1]);
    // The quoted datagram is the one that waited: its TTL was already lowered.
    expect(error.bytes[payload + 8 + 8]).toBe(63);
  });
});
