import { describe, expect, it } from 'vitest';
import type { PingReceiver, SocketError } from '../../src/devices/app-context.js';
import { ArpOp, type ArpPacket } from '../../src/wire/arp.js';
import { buildArpFrame, buildIpv4Frame } from '../../src/wire/frames.js';
import { emitIcmpEcho, emitIcmpError, IcmpType, TimeExceededCode, UnreachableCode } from '../../src/wire/icmp.js';
import { IpProtocol, type Ipv4Header } from '../../src/wire/ipv4.js';
import { formatIpv4, parseIpv4 } from '../../src/wire/ipv4-address.js';
import { emitUdp, parseUdp } from '../../src/wire/udp.js';
import { type Bench, H1_MAC, ipOf, isIpv4, routerBench } from './router-harness.js';

// The Host's side of the sockets a program gets from host.appContext():
// the IPv4 header the kernel writes for it, and what comes back to it.

const R1 = parseIpv4('10.0.1.1');
const H1 = parseIpv4('10.0.1.2');
const H3 = parseIpv4('10.0.1.3');

/** h1 answers r1's ARP request for 10.0.1.2 on eth1. */
function h1Answers(b: Bench): void {
  b.receive(
    'eth1',
    buildArpFrame(b.mac('eth1'), { op: ArpOp.Reply, senderMac: H1_MAC, senderIp: H1, targetMac: b.mac('eth1'), targetIp: R1 }),
  );
}

function recordingReceiver(): PingReceiver & { replies: [number, Ipv4Header, number][]; errors: [number, SocketError][] } {
  const replies: [number, Ipv4Header, number][] = [];
  const errors: [number, SocketError][] = [];
  return {
    replies,
    errors,
    onEchoReply: (seq, reply, cause) => void replies.push([seq, reply, cause]),
    onIcmpError: (seq, error) => void errors.push([seq, error]),
  };
}

function echo(identifier: number, seq: number, size: number): Uint8Array {
  return emitIcmpEcho(IcmpType.EchoRequest, identifier, seq, new Uint8Array(size));
}

describe("a Host's ping sockets", () => {
  it('head the echo with the route source, a fresh id, the TTL asked for, and DF when it fits (IP_PMTUDISC_WANT)', () => {
    const b = routerBench('host');
    const socket = b.host.appContext('ping').openPing(0x4242, recordingReceiver());
    expect(socket.send(H1, echo(0x4242, 1, 56), { ttl: 9, pmtuDiscovery: 'want' }, 1)).toBe('queued');
    h1Answers(b);
    const sent = b.sent.filter(isIpv4);
    expect(sent).toHaveLength(1);
    const { ip } = ipOf(sent[0]!);
    expect([formatIpv4(ip.src), formatIpv4(ip.dst), ip.ttl, ip.dontFragment, ip.protocol, ip.totalLength]).toEqual([
      '10.0.1.1',
      '10.0.1.2',
      9,
      true,
      IpProtocol.ICMP,
      84,
    ]);
  });

  it('leave DF clear on an echo bigger than the path MTU, which leaves in fragments; and always with IP_PMTUDISC_DONT', () => {
    const b = routerBench('host');
    const socket = b.host.appContext('ping').openPing(0x4242, recordingReceiver());
    b.host.interfaces.get('eth1')!.mtu = 576;
    socket.send(H1, echo(0x4242, 1, 1000), { ttl: 64, pmtuDiscovery: 'want' }, 1);
    h1Answers(b);
    const pieces = b.sent.filter(isIpv4).map((s) => ipOf(s).ip);
    expect(pieces.map((p) => [p.dontFragment, p.moreFragments, p.fragmentOffset, p.totalLength])).toEqual([
      [false, true, 0, 572],
      [false, false, 552, 476],
    ]);
    socket.send(H1, echo(0x4242, 2, 56), { ttl: 64, pmtuDiscovery: 'dont' }, 1);
    expect(ipOf(b.sent.at(-1)!).ip.dontFragment).toBe(false);
  });

  it('hand an echo reply and an error quoting an echo to the socket of its identifier, and nothing once it is closed', () => {
    const b = routerBench('host');
    const mine = recordingReceiver();
    const other = recordingReceiver();
    const socket = b.host.appContext('ping').openPing(0x4242, mine);
    b.host.appContext('ping').openPing(0x0101, other);
    const reply = (seq: number): Uint8Array =>
      buildIpv4Frame(
        b.mac('eth1'),
        H1_MAC,
        { identification: 5, dontFragment: false, ttl: 61, protocol: IpProtocol.ICMP, src: H1, dst: R1 },
        emitIcmpEcho(IcmpType.EchoReply, 0x4242, seq, new Uint8Array(8)),
      );
    const rx = b.receive('eth1', reply(1));
    expect(mine.replies.map(([seq, h]) => [seq, h.ttl, formatIpv4(h.src)])).toEqual([[1, 61, '10.0.1.2']]);
    expect(mine.replies[0]![2]).toBe(b.events.find((e) => e.kind === 'deliver' && e.cause === rx)!.seq);
    // Time exceeded from a router, quoting r1's echo request with id 0x4242, seq 2.
    const quoted = buildIpv4Frame(
      0,
      0,
      { identification: 6, dontFragment: true, ttl: 1, protocol: IpProtocol.ICMP, src: R1, dst: H3 },
      echo(0x4242, 2, 8),
    ).subarray(14);
    const error = emitIcmpError(IcmpType.TimeExceeded, TimeExceededCode.InTransit, quoted);
    b.receive(
      'eth1',
      buildIpv4Frame(
        b.mac('eth1'),
        H1_MAC,
        { identification: 7, dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: H1, dst: R1 },
        error,
      ),
    );
    expect(mine.errors.map(([seq, e]) => [seq, formatIpv4(e.from), e.type, e.code])).toEqual([[2, '10.0.1.2', IcmpType.TimeExceeded, 0]]);
    expect([other.replies, other.errors]).toEqual([[], []]);
    socket.close();
    b.receive('eth1', reply(3));
    expect(mine.replies).toHaveLength(1);
  });
});

describe("a Host's UDP sockets", () => {
  it('bind a random free ephemeral port, hear ICMP errors about what they sent, and leave port unreachable to closed ports', () => {
    const b = routerBench('host');
    const errors: SocketError[] = [];
    const socket = b.host.appContext('traceroute').openUdp((e) => errors.push(e));
    expect(socket.port).toBeGreaterThanOrEqual(32768);
    expect(socket.port).toBeLessThanOrEqual(60999);
    expect(socket.send(H1, 33434, new Uint8Array(32), { ttl: 1, pmtuDiscovery: 'dont' }, 1)).toBe('queued');
    h1Answers(b);
    const probe = b.sent.filter(isIpv4).at(-1)!;
    const { ip, payload } = ipOf(probe);
    expect([ip.ttl, ip.dontFragment, formatIpv4(ip.src)]).toEqual([1, false, '10.0.1.1']);
    expect(parseUdp(probe.bytes, payload, ip.totalLength - 20)).toMatchObject({ srcPort: socket.port, dstPort: 33434 });
    const unreachable = emitIcmpError(IcmpType.DestinationUnreachable, UnreachableCode.Port, probe.bytes.subarray(14));
    b.receive(
      'eth1',
      buildIpv4Frame(
        b.mac('eth1'),
        H1_MAC,
        { identification: 8, dontFragment: false, ttl: 64, protocol: IpProtocol.ICMP, src: H1, dst: R1 },
        unreachable,
      ),
    );
    expect(errors.map((e) => [formatIpv4(e.from), e.type, e.code])).toEqual([
      ['10.0.1.2', IcmpType.DestinationUnreachable, UnreachableCode.Port],
    ]);
    // A datagram to the socket's port is taken in silently; once it is closed, the port is unreachable.
    const toPort = (): Uint8Array =>
      buildIpv4Frame(
        b.mac('eth1'),
        H1_MAC,
        { identification: 9, dontFragment: false, ttl: 64, protocol: IpProtocol.UDP, src: H1, dst: R1 },
        emitUdp(H1, R1, 5000, socket.port, new Uint8Array(4)),
      );
    b.receive('eth1', toPort());
    expect(b.events.filter((e) => e.kind === 'drop')).toEqual([]);
    socket.close();
    b.receive('eth1', toPort());
    expect(b.events.filter((e) => e.kind === 'drop').map((e) => e.why)).toEqual([
      `nothing in r1 listens on UDP port ${socket.port}, so the datagram is dropped; it tells 10.0.1.2 with ICMP port unreachable`,
    ]);
  });
});

describe("a Host's ARP packet sockets", () => {
  it('read the ARP frames of their own interface before the kernel does, and send nothing on a device that is down', () => {
    const b = routerBench('host');
    const eth1 = b.host.interfaces.get('eth1')!;
    const seen: { arp: ArpPacket; kernelRead: boolean }[] = [];
    const kernelRead = (rxSeq: number): boolean => b.events.some((e) => e.kind === 'deliver' && e.cause === rxSeq);
    const socket = b.host
      .appContext('arping')
      .openArp(eth1, { onArp: (arp, _eth, rxSeq) => void seen.push({ arp, kernelRead: kernelRead(rxSeq) }) });
    h1Answers(b);
    b.receive(
      'eth2',
      buildArpFrame(b.mac('eth2'), {
        op: ArpOp.Reply,
        senderMac: 0x020000000909,
        senderIp: parseIpv4('10.0.2.9'),
        targetMac: b.mac('eth2'),
        targetIp: parseIpv4('10.0.2.1'),
      }),
    );
    expect(seen.map((s) => [formatIpv4(s.arp.senderIp), s.kernelRead])).toEqual([['10.0.1.2', false]]);
    const request = buildArpFrame(0xffffffffffff, { op: ArpOp.Request, senderMac: eth1.mac, senderIp: R1, targetMac: 0, targetIp: H3 });
    const before = b.sent.length;
    expect(socket.send(request, 1)).toBe(true);
    expect(b.sent.slice(before).map((s) => s.port)).toEqual(['eth1']);
    eth1.up = false;
    expect(socket.send(request, 1)).toBe(false);
    expect(b.sent.length).toBe(before + 1);
    socket.close();
    eth1.up = true;
    h1Answers(b);
    expect(seen).toHaveLength(1);
  });
});
