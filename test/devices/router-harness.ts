// A Host on a test bench: no cables, no simulator. Frames are handed to
// receive() by hand, and what it sends, emits and schedules is kept, so a
// test can look at one router's decisions and bytes in isolation.

import type { EventInit } from '../../src/events/event.js';
import type { DeviceContext, Frame } from '../../src/devices/device.js';
import { hintSource } from '../helpers/hint-source.js';
import { Host } from '../../src/devices/host.js';
import { Rng } from '../../src/sim/rng.js';
import { ArpOp } from '../../src/wire/arp.js';
import { buildArpFrame, buildIpv4Frame } from '../../src/wire/frames.js';
import { EtherType, parseEthernet } from '../../src/wire/ethernet.js';
import { IpProtocol, parseIpv4Header, type Ipv4Header, type Ipv4HeaderInit } from '../../src/wire/ipv4.js';
import { emitIcmpEcho, IcmpType } from '../../src/wire/icmp.js';
import { parseCidr, parseIpv4 } from '../../src/wire/ipv4-address.js';
import { parseMac, type Mac } from '../../src/wire/mac.js';

export interface Sent {
  port: string;
  bytes: Uint8Array;
  cause: number;
}

export interface Bench {
  host: Host;
  events: (EventInit & { seq: number; t: number })[];
  sent: Sent[];
  /** Runs every timer due up to `t` (ns), in time order. */
  advance(t: number): void;
  /** Hands `bytes` to the host as if they arrived on `port`; returns the rx seq used. */
  receive(port: string, bytes: Uint8Array): number;
  mac(port: string): Mac;
}

export const H1_MAC = parseMac('02:00:00:00:01:02');
export const H2_MAC = parseMac('02:00:00:00:02:02');

/** r1: eth1 10.0.1.1/24, eth2 10.0.2.1/24, forwarding on (the oracle's S4 router), plus any static routes. */
export function routerBench(kind: 'router' | 'host' = 'router', routes: { to: string; via: string }[] = []): Bench {
  const spec = {
    name: 'r1',
    kind,
    loUp: false,
    ipForward: kind === 'router',
    ports: [],
    interfaces: [
      { name: 'eth1', addresses: [parseCidr('10.0.1.1/24')], up: true },
      { name: 'eth2', addresses: [parseCidr('10.0.2.1/24')], up: true },
    ],
    routes: routes.map((r) => {
      const c = parseCidr(r.to);
      return { destination: c.address, prefixLength: c.prefixLength, via: parseIpv4(r.via) };
    }),
  };
  const macs = new Map([
    ['eth1', parseMac('02:00:00:00:01:01')],
    ['eth2', parseMac('02:00:00:00:02:01')],
  ]);
  const host = new Host('r1', kind, spec, macs);
  const events: Bench['events'] = [];
  const sent: Sent[] = [];
  const timers: { at: number; run: () => void }[] = [];
  let now = 0;
  let frames = 0;
  const rng = new Rng(1);
  const ctx: DeviceContext = {
    get now() {
      return now;
    },
    rng,
    emit: (e) => {
      events.push({ ...e, seq: events.length + 1, t: now });
      return events.length;
    },
    send: (port, frame, cause) => void sent.push({ port, bytes: frame.bytes, cause }),
    newFrame: (bytes): Frame => ({ id: ++frames, bytes }),
    newHint: hintSource().newHint,
    schedule: (at, handler, arg) => void timers.push({ at, run: () => handler(arg) }),
    carrier: () => true,
  };
  host.attach(ctx);
  return {
    host,
    events,
    sent,
    advance(t) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > t) break;
        timers.shift();
        now = next.at;
        next.run();
      }
      now = t;
    },
    receive(port, bytes) {
      const seq = ctx.emit({ kind: 'rx', node: 'r1', port, why: 'test' });
      host.receive(port, { id: ++frames, bytes }, seq);
      return seq;
    },
    mac: (port) => macs.get(port)!,
  };
}

/** An echo request from h1 (10.0.1.2) through r1's eth1, as the oracle's S4 sends it. */
export function echoFromH1(b: Bench, init: Partial<Ipv4HeaderInit> = {}, dataLength = 56): Uint8Array {
  const echo = emitIcmpEcho(
    IcmpType.EchoRequest,
    12015,
    1,
    new Uint8Array(dataLength).map((_, i) => i),
  );
  return buildIpv4Frame(
    b.mac('eth1'),
    H1_MAC,
    {
      identification: 0x3ffb,
      dontFragment: true,
      ttl: 64,
      protocol: IpProtocol.ICMP,
      src: parseIpv4('10.0.1.2'),
      dst: parseIpv4('10.0.2.2'),
      ...init,
    },
    echo,
  );
}

/** h1's ARP request for r1 (r1 then knows h1, STALE), as at the start of the oracle's S4. */
export function h1AsksForR1(b: Bench): void {
  b.receive(
    'eth1',
    buildArpFrame(0xffffffffffff, {
      op: ArpOp.Request,
      senderMac: H1_MAC,
      senderIp: parseIpv4('10.0.1.2'),
      targetMac: 0,
      targetIp: parseIpv4('10.0.1.1'),
    }),
  );
}

/** h2's ARP reply to r1's request for 10.0.2.2. */
export function h2Answers(b: Bench): void {
  b.receive(
    'eth2',
    buildArpFrame(b.mac('eth2'), {
      op: ArpOp.Reply,
      senderMac: H2_MAC,
      senderIp: parseIpv4('10.0.2.2'),
      targetMac: b.mac('eth2'),
      targetIp: parseIpv4('10.0.2.1'),
    }),
  );
}

export function isIpv4(s: Sent): boolean {
  return parseEthernet(s.bytes).etherType === EtherType.IPv4;
}

/** The IPv4 header of a sent frame, and the offset of its payload. */
export function ipOf(s: Sent): { ip: Ipv4Header; payload: number } {
  const eth = parseEthernet(s.bytes);
  return { ip: parseIpv4Header(s.bytes, eth.payloadOffset), payload: eth.payloadOffset + 20 };
}
