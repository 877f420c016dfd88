import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArpOp } from '../../src/wire/arp.js';
import { emitBpduFrame } from '../../src/wire/bpdu.js';
import { buildArpFrame, buildIpv4Frame } from '../../src/wire/frames.js';
import { IcmpType, emitIcmpEcho, emitIcmpError } from '../../src/wire/icmp.js';
import { IpProtocol, type Ipv4HeaderInit, emitIpv4 } from '../../src/wire/ipv4.js';
import { BROADCAST_MAC, ZERO_MAC } from '../../src/wire/mac.js';
import { emitUdp } from '../../src/wire/udp.js';
import { addVlanTag } from '../../src/wire/vlan.js';
import { expectedFields, viewRows } from '../helpers/frame-fields-oracle.js';

// The frame_fields view decodes frames in SQL; hoplab's decoder is its oracle.
// Here on frames hoplab's examples never make (UDP, fragments, every ICMP
// error summarizeFrame words, IP options, LLC that is not STP, odd types) and
// on thousands of damaged ones: every column, for every frame, says what the
// decoder says, and the summary is summarizeFrame's line or, for a frame it
// calls malformed, NULL. test/cli/frame-fields.test.ts does the same on the
// examples' recordings.

const SCHEMA = readFileSync(new URL('../../src/store/schema.sql', import.meta.url), 'utf8');
const A = 0x020000000001;
const B = 0x020000000002;
const H1 = 0x0a000001;
const H2 = 0x0a000202;

const header = (protocol: number, extra: Partial<Ipv4HeaderInit> = {}): Ipv4HeaderInit => ({
  identification: 0x1234,
  dontFragment: false,
  ttl: 64,
  protocol,
  src: H1,
  dst: H2,
  ...extra,
});
const ip = (protocol: number, payload: Uint8Array, extra: Partial<Ipv4HeaderInit> = {}): Uint8Array =>
  buildIpv4Frame(B, A, header(protocol, extra), payload);
const udp = emitUdp(H1, H2, 40000, 33434, new TextEncoder().encode('hello'));
const quotedUdp = emitIpv4(header(IpProtocol.UDP, { src: H2, dst: H1 }), udp);
const error = (type: number, code: number, rest = 0, quoted = quotedUdp): Uint8Array =>
  ip(IpProtocol.ICMP, emitIcmpError(type, code, quoted.subarray(0, 28), rest));

/** An IPv4 frame whose header carries 4 bytes of options (IHL 6): the transport header moves. */
function withOptions(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 4);
  out.set(frame.subarray(0, 34), 0);
  out.set([1, 1, 1, 0], 34);
  out.set(frame.subarray(34), 38);
  out[14] = 0x46;
  const total = ((out[16]! << 8) | out[17]!) + 4;
  out[16] = total >> 8;
  out[17] = total & 0xff;
  return out;
}

function llc(dsap: number, ssap: number, payload: number[]): Uint8Array {
  const out = new Uint8Array(14 + 3 + payload.length);
  out.set([1, 0x80, 0xc2, 0, 0, 0, 2, 0, 0, 0, 0, 1], 0);
  const length = 3 + payload.length;
  out.set([length >> 8, length & 0xff, dsap, ssap, 3, ...payload], 12);
  return out;
}

const bpdu = {
  type: 'config' as const,
  flags: 1,
  rootId: { priority: 32768, mac: A },
  rootPathCost: 4,
  bridgeId: { priority: 32768, mac: B },
  portId: 0x8002,
  messageAge: 256,
  maxAge: 20 * 256,
  helloTime: 2 * 256,
  forwardDelay: 15 * 256,
};

const FRAMES: Uint8Array[] = [
  buildArpFrame(BROADCAST_MAC, { op: ArpOp.Request, senderMac: A, senderIp: H1, targetMac: ZERO_MAC, targetIp: H2 }),
  buildArpFrame(BROADCAST_MAC, { op: ArpOp.Request, senderMac: A, senderIp: H1, targetMac: B, targetIp: H2 }),
  buildArpFrame(A, { op: ArpOp.Reply, senderMac: B, senderIp: H2, targetMac: A, targetIp: H1 }),
  buildArpFrame(A, { op: 9, senderMac: B, senderIp: H2, targetMac: A, targetIp: H1 }),
  addVlanTag(buildArpFrame(BROADCAST_MAC, { op: ArpOp.Request, senderMac: A, senderIp: H1, targetMac: ZERO_MAC, targetIp: H2 }), 10),
  ip(IpProtocol.ICMP, emitIcmpEcho(IcmpType.EchoRequest, 7, 1, new Uint8Array(56))),
  addVlanTag(ip(IpProtocol.ICMP, emitIcmpEcho(IcmpType.EchoReply, 7, 1, new Uint8Array(56))), 4094, 5),
  withOptions(ip(IpProtocol.ICMP, emitIcmpEcho(IcmpType.EchoRequest, 7, 2, new Uint8Array(8)))),
  ip(IpProtocol.UDP, udp),
  withOptions(ip(IpProtocol.UDP, udp)),
  addVlanTag(ip(IpProtocol.UDP, udp), 20),
  ip(IpProtocol.UDP, udp.subarray(0, 8), { moreFragments: true }),
  ip(IpProtocol.UDP, udp.subarray(8), { fragmentOffset: 8 }),
  ip(IpProtocol.ICMP, new Uint8Array(16), { fragmentOffset: 1480 }),
  ip(89, new Uint8Array(12)),
  ip(89, new Uint8Array(12), { fragmentOffset: 16 }),
  error(IcmpType.TimeExceeded, 0),
  error(IcmpType.TimeExceeded, 1),
  error(IcmpType.TimeExceeded, 7),
  ...[0, 1, 2, 3, 4, 9].map((code) => error(IcmpType.DestinationUnreachable, code, code === 4 ? 1400 : 0)),
  error(IcmpType.DestinationUnreachable, 3, 0, emitIpv4(header(89, { src: H2, dst: H1 }), new Uint8Array(8))),
  ip(IpProtocol.ICMP, emitIcmpError(IcmpType.DestinationUnreachable, 3, quotedUdp.subarray(0, 22))),
  ip(IpProtocol.ICMP, emitIcmpError(IcmpType.DestinationUnreachable, 3, quotedUdp.subarray(0, 12))),
  error(IcmpType.Redirect, 1, 0x0a0000fe),
  error(IcmpType.SourceQuench, 0),
  error(IcmpType.ParameterProblem, 0, 0x08000000),
  ip(IpProtocol.ICMP, emitIcmpError(13, 0, new Uint8Array(12))),
  emitBpduFrame(A, bpdu),
  emitBpduFrame(A, { type: 'tcn' }),
  llc(0xaa, 0xaa, [0, 0, 0, 8, 0]),
  llc(0x42, 0x43, [0, 0]),
  new Uint8Array([...new Uint8Array(12).fill(0xff), 0x00, 0x05, 0x42]),
  new Uint8Array([...new Uint8Array(12).fill(0xff), 0x88, 0xb5, 0x73, 0x74, 0x6f, 0x72, 0x6d]),
  addVlanTag(new Uint8Array([...new Uint8Array(12).fill(0xff), 0x86, 0xdd, 0x60]), 7),
  addVlanTag(llc(0x42, 0x42, [0, 0, 0, 0x80]), 3),
  new Uint8Array([...new Uint8Array(12).fill(0xff), 0x81, 0x00, 0x00]),
  new Uint8Array(13),
  new Uint8Array(0),
];

function viewOf(frames: Uint8Array[]): ReturnType<typeof viewRows> {
  const db = new Database(':memory:');
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO frames (bytes) VALUES (?)');
  for (const f of frames) insert.run(Buffer.from(f));
  const rows = viewRows(db);
  db.close();
  return rows;
}

describe('the frame_fields view', () => {
  it("says of each kind of frame what hoplab's decoder says", () => {
    const rows = viewOf(FRAMES);
    expect(rows).toHaveLength(FRAMES.length);
    for (const r of rows) expect({ frame: r.frame, ...r.fields }).toEqual({ frame: r.frame, ...expectedFields(r.bytes) });
    // Every summary is there but for the frames hoplab calls malformed.
    expect(rows.filter((r) => r.fields.summary === null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.fields.summary !== null).length).toBeGreaterThan(FRAMES.length - 8);
  });

  it('names the columns a reader can use the way README.md shows', () => {
    const [udpRow] = viewOf([FRAMES[8]!]);
    expect(udpRow!.fields).toEqual({
      frame_len: 14 + 20 + 13,
      eth_dst: '02:00:00:00:00:02',
      eth_src: '02:00:00:00:00:01',
      vlan_id: null,
      ethertype: '0x0800',
      protocol: 'udp',
      ip_src: '10.0.0.1',
      ip_dst: '10.0.2.2',
      ip_proto: 17,
      icmp_type: null,
      icmp_code: null,
      udp_srcport: 40000,
      udp_dstport: 33434,
      arp_src_proto_ipv4: null,
      arp_dst_proto_ipv4: null,
      summary: 'IP 10.0.0.1.40000 > 10.0.2.2.33434: UDP, length 5',
    });
  });

  it('agrees with the decoder on damaged frames: bytes changed, cut short or lengthened', () => {
    const damaged = fc
      .sample(
        fc.record({
          base: fc.constantFrom(...FRAMES.filter((f) => f.length >= 14)),
          changes: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
          cut: fc.nat(),
          extra: fc.integer({ min: 0, max: 6 }),
        }),
        { seed: 19, numRuns: 3000 },
      )
      .map(({ base, changes, cut, extra }) => {
        const b = new Uint8Array(base.length + extra);
        b.set(base);
        // Damage lands where the decoder looks: the headers more often than the data.
        for (const c of changes) b[c.at % Math.min(b.length, 70)] = c.value;
        return cut % 3 === 0 ? b.subarray(0, cut % (b.length + 1)) : b;
      });
    for (const r of viewOf(damaged)) expect({ frame: r.frame, ...r.fields }).toEqual({ frame: r.frame, ...expectedFields(r.bytes) });
  });
});
