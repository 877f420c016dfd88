import { describe, expect, it } from 'vitest';
import { frameIdentity } from '../../src/compare/frame-identity.js';
import { ArpOp } from '../../src/wire/arp.js';
import { buildArpFrame, buildIpv4Frame } from '../../src/wire/frames.js';
import { emitIcmpEcho, IcmpType } from '../../src/wire/icmp.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { IpProtocol } from '../../src/wire/ipv4.js';
import { BROADCAST_MAC, parseMac } from '../../src/wire/mac.js';

// Two topologies give h1 and h2 different MACs; the roles are what both share.
const topoA = { h1: parseMac('02:00:00:00:00:01'), h2: parseMac('02:00:00:00:00:02') };
const topoB = { h1: parseMac('0a:11:22:33:44:01'), h2: parseMac('0a:11:22:33:44:02') };
const roles = (t: typeof topoA) =>
  new Map([
    [t.h1, 'h1:eth0'],
    [t.h2, 'h2:eth0'],
  ]);
const owners = (t: typeof topoA) =>
  new Map([
    [t.h1, 'h1'],
    [t.h2, 'h2'],
  ]);
const ip1 = parseIpv4('10.0.0.1');
const ip2 = parseIpv4('10.0.0.2');

function echo(t: typeof topoA, id: number, ipId: number, ttl: number, seq: number, stamp: number): Uint8Array {
  const data = new Uint8Array(56).fill(stamp);
  return buildIpv4Frame(
    t.h2,
    t.h1,
    { identification: ipId, dontFragment: true, ttl, protocol: IpProtocol.ICMP, src: ip1, dst: ip2 },
    emitIcmpEcho(IcmpType.EchoRequest, id, seq, data),
  );
}

describe('frameIdentity', () => {
  it('names the same ARP request alike in two topologies with different MACs', () => {
    const req = (t: typeof topoA) =>
      buildArpFrame(BROADCAST_MAC, { op: ArpOp.Request, senderMac: t.h1, senderIp: ip1, targetMac: 0, targetIp: ip2 });
    const a = frameIdentity(req(topoA), roles(topoA), owners(topoA));
    const b = frameIdentity(req(topoB), roles(topoB), owners(topoB));
    expect(a).toEqual(b);
    expect(a).toEqual({ id: 'h1:eth0>broadcast arp request 10.0.0.1>10.0.0.2', addressee: 'broadcast' });
  });

  it('tells the broadcast ARP request from the unicast probe with the same addresses', () => {
    const req = buildArpFrame(BROADCAST_MAC, { op: ArpOp.Request, senderMac: topoA.h1, senderIp: ip1, targetMac: 0, targetIp: ip2 });
    const probe = buildArpFrame(topoA.h2, { op: ArpOp.Request, senderMac: topoA.h1, senderIp: ip1, targetMac: topoA.h2, targetIp: ip2 });
    expect(frameIdentity(req, roles(topoA), owners(topoA)).id).not.toBe(frameIdentity(probe, roles(topoA), owners(topoA)).id);
    expect(frameIdentity(probe, roles(topoA), owners(topoA)).addressee).toBe('h2');
  });

  it('ignores what each run draws or the path changes (IP id, echo id, TTL, timestamp) but keeps the echo sequence', () => {
    const a = frameIdentity(echo(topoA, 111, 5, 64, 1, 0xaa), roles(topoA), owners(topoA));
    const b = frameIdentity(echo(topoB, 222, 9, 63, 1, 0xbb), roles(topoB), owners(topoB));
    expect(a).toEqual(b);
    expect(a.id).toBe('h1:eth0>h2:eth0 ip 10.0.0.1>10.0.0.2 icmp 8/0 seq 1');
    expect(frameIdentity(echo(topoA, 111, 5, 64, 2, 0xaa), roles(topoA), owners(topoA)).id).not.toBe(a.id);
  });

  it('never throws: garbage is an identity too', () => {
    expect(frameIdentity(new Uint8Array(5), roles(topoA), owners(topoA))).toEqual({ id: 'malformed 5 bytes', addressee: 'unknown' });
  });
});
