import { describe, expect, it } from 'vitest';
import { ArpingApp } from '../../src/devices/arping.js';
import type { NetInterface } from '../../src/devices/net-interface.js';
import { ArpOp, type ArpPacket, parseArp } from '../../src/wire/arp.js';
import { parseEthernet } from '../../src/wire/ethernet.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { BROADCAST_MAC } from '../../src/wire/mac.js';
import { FakeApp, type FakePacketSocket } from './fake-app-context.js';

// arping run on a fake AppContext: it builds its ARP requests itself and
// sends them through a packet socket bound to its interface; the answers
// come back on that socket.

const H1 = parseIpv4('10.0.0.1');
const H2 = parseIpv4('10.0.0.2');
const H1_MAC = 0x020000000001;
const H2_MAC = 0x02000000000b;
const COMMAND_SEQ = 3;

function lan(): { app: FakeApp; eth0: NetInterface } {
  const app = new FakeApp();
  const eth0: NetInterface = { name: 'eth0', mac: H1_MAC, addresses: [{ address: H1, prefixLength: 24 }], up: true, mtu: 1500 };
  app.links.set('eth0', eth0);
  app.fib.set(H2, { device: 'eth0', source: H1 });
  return { app, eth0 };
}

function requests(socket: FakePacketSocket): { at: number; dst: number; arp: ArpPacket }[] {
  return socket.sent.map((s) => ({ at: s.at, dst: parseEthernet(s.frame).dst, arp: parseArp(s.frame, 14) }));
}

/** h2's reply to h1's request, unicast to h1, `delayNs` after the request at `at`. */
function h2Replies(app: FakeApp, socket: FakePacketSocket, at: number, delayNs: number, rxSeq: number): void {
  const arp: ArpPacket = { op: ArpOp.Reply, senderMac: H2_MAC, senderIp: H2, targetMac: H1_MAC, targetIp: H1 };
  app.at(at + delayNs, () => socket.receiver.onArp(arp, { dst: H1_MAC, src: H2_MAC, etherType: 0x0806, payloadOffset: 14 }, rxSeq));
}

describe('arping through a packet socket, on a fake AppContext', () => {
  it('binds its socket to the routed interface, broadcasts until answered, then asks the replier by unicast', () => {
    const { app, eth0 } = lan();
    new ArpingApp(app, { name: 'arping', destination: H2, count: 2 }, COMMAND_SEQ).start();
    const socket = app.packetSockets[0]!;
    expect(socket.iface).toBe(eth0);
    h2Replies(app, socket, 0, 5_336, 40);
    app.runUntil(5e9);
    expect(requests(socket).map((r) => [r.at, r.dst, r.arp.op, r.arp.senderMac, r.arp.senderIp, r.arp.targetMac, r.arp.targetIp])).toEqual([
      [0, BROADCAST_MAC, ArpOp.Request, H1_MAC, H1, BROADCAST_MAC, H2],
      [1e9, H2_MAC, ArpOp.Request, H1_MAC, H1, H2_MAC, H2],
    ]);
    expect(socket.sent.every((s) => s.cause === COMMAND_SEQ)).toBe(true);
    expect(app.texts()).toEqual([
      'ARPING 10.0.0.2 from 10.0.0.1 eth0',
      'Unicast reply from 10.0.0.2 [02:00:00:00:00:0B]  0.505ms',
      'Sent 2 probes (1 broadcast(s))',
      'Received 1 response(s)',
    ]);
    expect(app.lines[1]!.cause).toBe(40);
    expect(app.lines.at(-1)!.at).toBe(2e9);
    expect(socket.closed).toBe(true);
  });

  it('does not count a probe its socket could not send (the interface went down: ENETDOWN)', () => {
    const { app, eth0 } = lan();
    new ArpingApp(app, { name: 'arping', destination: H2, count: 3 }, COMMAND_SEQ).start();
    app.at(0.5e9, () => {
      eth0.up = false;
    });
    app.runUntil(5e9);
    expect(app.packetSockets[0]!.sent.map((s) => s.at)).toEqual([0]);
    expect(app.texts().slice(1)).toEqual(['Sent 1 probes (1 broadcast(s))', 'Received 0 response(s)']);
  });

  it('ignores an answer that is not from its target to its own address and MAC', () => {
    const { app } = lan();
    new ArpingApp(app, { name: 'arping', destination: H2, count: 1 }, COMMAND_SEQ).start();
    const socket = app.packetSockets[0]!;
    const other: ArpPacket = {
      op: ArpOp.Reply,
      senderMac: 0x02000000000c,
      senderIp: parseIpv4('10.0.0.3'),
      targetMac: H1_MAC,
      targetIp: H1,
    };
    socket.receiver.onArp(other, { dst: H1_MAC, src: other.senderMac, etherType: 0x0806, payloadOffset: 14 }, 9);
    app.runUntil(5e9);
    expect(app.texts().slice(1)).toEqual(['Sent 1 probes (1 broadcast(s))', 'Received 0 response(s)']);
  });

  it('opens no socket on an interface that is down, or without a source address', () => {
    const { app, eth0 } = lan();
    eth0.up = false;
    new ArpingApp(app, { name: 'arping', destination: H2, count: 1 }, COMMAND_SEQ).start();
    expect(app.texts()).toEqual(['Interface "eth0" is down']);
    eth0.up = true;
    eth0.addresses = [];
    app.fib.set(H2, { device: 'eth0' });
    new ArpingApp(app, { name: 'arping', destination: H2, count: 1 }, COMMAND_SEQ).start();
    expect(app.texts().slice(1)).toEqual(['ARPING 10.0.0.2 from 0.0.0.0 eth0', 'arping: no source address in not-DAD mode']);
    expect(app.packetSockets).toEqual([]);
  });
});
