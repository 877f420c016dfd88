import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fragmentToFit } from '../../src/devices/fragmentation.js';
import { emitEthernet, EtherType } from '../../src/wire/ethernet.js';
import { emitIcmpEcho, IcmpType, parseIcmp } from '../../src/wire/icmp.js';
import { emitIpv4, IpProtocol, ipv4ChecksumOk, parseIpv4Header } from '../../src/wire/ipv4.js';
import { formatIpv4, parseIpv4 } from '../../src/wire/ipv4-address.js';
import { H1_MAC, h1AsksForR1, ipOf, isIpv4, routerBench, type Sent } from './router-harness.js';

const echoDatagram = (dataLength: number, identification = 0x1234): Uint8Array =>
  emitIpv4(
    { identification, dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: parseIpv4('10.0.1.2'), dst: parseIpv4('10.0.1.1') },
    emitIcmpEcho(
      IcmpType.EchoRequest,
      7,
      1,
      new Uint8Array(dataLength).map((_, i) => (i * 7) & 0xff),
    ),
  );

/** The data of fragments put back in offset order (what a receiver rebuilds). */
function rejoin(pieces: Uint8Array[]): Uint8Array {
  const headers = pieces.map((p) => parseIpv4Header(p, 0)).sort((a, b) => a.fragmentOffset - b.fragmentOffset);
  const total = Math.max(...headers.map((h) => h.fragmentOffset + h.totalLength - h.headerLength));
  const out = new Uint8Array(total);
  for (const p of pieces) {
    const h = parseIpv4Header(p, 0);
    out.set(p.subarray(h.headerLength, h.totalLength), h.fragmentOffset);
  }
  return out;
}

describe('fragmentToFit cuts a datagram as Linux ip_fragment does (RFC 791 3.2)', () => {
  it('ping -s 2000 over a 1500-byte link: 1500 + 548 bytes, the first carrying 1480 data bytes, same id, MF on the first only', () => {
    const pieces = fragmentToFit(echoDatagram(2000), 1500);
    const h = pieces.map((p) => parseIpv4Header(p, 0));
    expect(h.map((x) => [x.totalLength, x.fragmentOffset, x.moreFragments, x.identification, x.dontFragment])).toEqual([
      [1500, 0, true, 0x1234, false],
      [548, 1480, false, 0x1234, false],
    ]);
    expect(pieces.every((p) => ipv4ChecksumOk(p, 0))).toBe(true);
  });

  it('leaves alone what fits, and what DF forbids cutting', () => {
    const small = echoDatagram(56);
    expect(fragmentToFit(small, 1500)).toEqual([small]);
    const df = emitIpv4({ identification: 1, dontFragment: true, ttl: 64, protocol: IpProtocol.UDP, src: 1, dst: 2 }, new Uint8Array(3000));
    expect(fragmentToFit(df, 1500)).toEqual([df]);
  });

  it('a fragment cut again keeps its place in the datagram and its own MF', () => {
    const [first] = fragmentToFit(echoDatagram(2000), 1500);
    const again = fragmentToFit(first!, 600).map((p) => parseIpv4Header(p, 0));
    expect(again.map((x) => [x.fragmentOffset, x.totalLength - 20, x.moreFragments])).toEqual([
      [0, 576, true],
      [576, 576, true],
      [1152, 328, true],
    ]);
  });

  it('for any size and MTU, every piece fits, offsets are multiples of 8, and the data rejoins exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 68, max: 1500 }), (size, mtu) => {
        const d = echoDatagram(size);
        const pieces = fragmentToFit(d, mtu);
        const wellFormed = pieces.every((p) => p.length <= mtu && parseIpv4Header(p, 0).fragmentOffset % 8 === 0 && ipv4ChecksumOk(p, 0));
        return wellFormed && Buffer.compare(rejoin(pieces), d.subarray(20)) === 0;
      }),
    );
  });
});

describe('a host reassembles fragments addressed to it (RFC 791 3.2)', () => {
  const frame = (b: ReturnType<typeof routerBench>, piece: Uint8Array): Uint8Array =>
    emitEthernet({ dst: b.mac('eth1'), src: H1_MAC, etherType: EtherType.IPv4 }, piece);
  const replies = (sent: Sent[]): Uint8Array[] =>
    sent.filter((s) => s.port === 'eth1' && isIpv4(s)).map((s) => s.bytes.subarray(14, 14 + ipOf(s).ip.totalLength));

  it('in any order, the echo request is answered once, with the same data (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 68, max: 1500 }), fc.integer(), (size, mtu, seed) => {
        const b = routerBench('host');
        h1AsksForR1(b);
        const pieces = fragmentToFit(echoDatagram(size), mtu);
        const order = pieces
          .map((p, i) => ({ p, k: Math.sin(seed + i) }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.p);
        for (const p of order) b.receive('eth1', frame(b, p));
        const whole = rejoin(replies(b.sent));
        const icmp = parseIcmp(whole, 0, whole.length);
        expect(icmp.type).toBe(IcmpType.EchoReply);
        expect(icmp.kind === 'echo' && [...icmp.data]).toEqual([...echoDatagram(size).subarray(28)]);
        expect(b.events.filter((e) => e.kind === 'deliver' && /is whole again/.test(e.why))).toHaveLength(pieces.length > 1 ? 1 : 0);
      }),
      { numRuns: 40 },
    );
  });

  it('gives up after 30 s and tells the sender (time exceeded, code 1) when the first fragment came', () => {
    const b = routerBench('host');
    h1AsksForR1(b);
    const [first] = fragmentToFit(echoDatagram(2000), 1500);
    b.receive('eth1', frame(b, first!));
    expect(b.events.at(-1)!.why).toBe(
      "r1 accepts a fragment of 10.0.1.2's datagram id 0x1234 (bytes 0-1479) and holds it until the rest arrives (RFC 791 reassembly)",
    );
    b.advance(30e9);
    const drop = b.events.find((e) => e.kind === 'drop')!;
    expect(drop.t).toBe(30e9);
    expect(drop.why).toBe(
      'r1 gives up reassembling a datagram: its fragments did not all arrive within 30 s; it tells 10.0.1.2 with ICMP time exceeded (fragment reassembly)',
    );
    const [error] = b.sent.filter(isIpv4);
    const { ip, payload } = ipOf(error!);
    expect([formatIpv4(ip.src), error!.bytes[payload], error!.bytes[payload + 1]]).toEqual(['10.0.1.1', 11, 1]);
  });

  it('without the first fragment nobody is told; overlapping fragments discard the datagram', () => {
    const b = routerBench('host');
    const [, second] = fragmentToFit(echoDatagram(2000), 1500);
    b.receive('eth1', frame(b, second!));
    b.advance(30e9);
    expect(b.events.find((e) => e.kind === 'drop')!.why).toMatch(/its first fragment never came, so nobody is told/);
    const pieces = fragmentToFit(echoDatagram(2000, 9), 1500);
    const overlapping = fragmentToFit(echoDatagram(2000, 9), 1000)[1]!;
    b.receive('eth1', frame(b, pieces[0]!));
    b.receive('eth1', frame(b, overlapping));
    b.receive('eth1', frame(b, pieces[1]!));
    const drops = b.events.filter((e) => e.kind === 'drop' && e.reason === 'malformed');
    expect(drops[0]!.why).toMatch(/overlaps one already held, so the whole datagram is discarded/);
    expect(b.sent.filter(isIpv4)).toEqual([]);
  });
});
