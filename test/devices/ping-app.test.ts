import { describe, expect, it } from 'vitest';
import { PingApp } from '../../src/devices/ping.js';
import type { PingCommand } from '../../src/topology/command.js';
import { IcmpType, UnreachableCode } from '../../src/wire/icmp.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { echoReplyHeader, FakeApp, type FakePingSocket } from './fake-app-context.js';

// ping run on a fake AppContext, with no Host: what it sends through its
// ping socket, when, and what it prints, depend on the socket interface alone.

const H1 = parseIpv4('10.0.0.1');
const H2 = parseIpv4('10.0.0.2');
const ROUTER = parseIpv4('10.0.0.254');
const COMMAND_SEQ = 7;

function command(over: Partial<PingCommand> = {}): PingCommand {
  return { name: 'ping', destination: '10.0.0.2', count: 3, intervalNs: 1e9, ttl: 64, size: 56, waitNs: 10e9, broadcast: false, ...over };
}

/** h1 with eth0 10.0.0.1/24, a route to 10.0.0.2, and 0x1234 as ping's random identifier. */
function lan(): FakeApp {
  const app = new FakeApp();
  app.links.set('eth0', { name: 'eth0', mac: 0x020000000001, addresses: [{ address: H1, prefixLength: 24 }], up: true, mtu: 1500 });
  app.routes.set(H2, { local: false, device: 'eth0', source: H1 });
  app.randoms.push(0x1234);
  return app;
}

function start(app: FakeApp, c: PingCommand): { socket: () => FakePingSocket; exits: number[] } {
  const exits: number[] = [];
  new PingApp(app, c, COMMAND_SEQ, (status) => exits.push(status)).start();
  return { socket: () => app.pingSockets[0]!, exits };
}

/** The socket's echo request `seq` is answered by 10.0.0.2 `delayNs` after it left; the reply's deliver event is `cause`. */
function answer(app: FakeApp, socket: FakePingSocket, seq: number, delayNs: number, cause: number): void {
  const request = socket.sent.find((s) => s.echo.sequence === seq)!;
  app.at(request.at + delayNs, () => socket.receiver.onEchoReply(seq, echoReplyHeader(request.echo, H2, H1), cause));
}

describe('ping through a socket, on a fake AppContext', () => {
  it('opens one ping socket on its random identifier and, hearing nothing, sends a request each time its receive timeout runs out', () => {
    const app = lan();
    const { socket } = start(app, command());
    app.runUntil(2.5e9);
    expect(app.randomRanges).toEqual([[1, 0xffff]]);
    expect(app.pingSockets).toHaveLength(1);
    expect(socket().identifier).toBe(0x1234);
    expect(socket().sent.map((s) => [s.at, s.dst, s.echo.type, s.echo.identifier, s.echo.sequence, s.cause])).toEqual([
      // SO_RCVTIMEO's 1 s on the timer wheel: 1.024 s from a tick (oracle S5); ping runs 0.5 ms after the tick.
      [0, H2, IcmpType.EchoRequest, 0x1234, 1, COMMAND_SEQ],
      [1.0245e9, H2, IcmpType.EchoRequest, 0x1234, 2, COMMAND_SEQ],
      [2.0485e9, H2, IcmpType.EchoRequest, 0x1234, 3, COMMAND_SEQ],
    ]);
    expect(socket().sent.every((s) => s.options.ttl === 64 && s.options.pmtuDiscovery === 'want')).toBe(true);
  });

  it("fills each request's data as iputils does: the send time as a timeval, then bytes counting up", () => {
    const app = lan();
    const { socket } = start(app, command({ count: 2, intervalNs: 1.5e9 }));
    app.runUntil(2e9);
    const second = socket().sent[1]!.echo.data;
    expect(second).toHaveLength(56);
    const view = new DataView(second.buffer, second.byteOffset, second.byteLength);
    // 1.5 s is 375 jiffies, on level 1 of the wheel: the timeout runs out at the next 32 ms tick, 1.504 s.
    expect([view.getBigUint64(0, true), view.getBigUint64(8, true)]).toEqual([1n, 504500n]);
    expect([...second.subarray(16, 20)]).toEqual([16, 17, 18, 19]);
  });

  it('prints a line per reply, each caused by the reply, then the statistics, and closes its socket', () => {
    const app = lan();
    const { socket, exits } = start(app, command());
    app.runUntil(0);
    answer(app, socket(), 1, 1.2e6, 101);
    app.runUntil(1.1e9);
    answer(app, socket(), 2, 0.45e6, 102);
    app.runUntil(2.1e9);
    answer(app, socket(), 3, 12.34e6, 103);
    app.runUntil(3e9);
    // pinger() counts whole milliseconds: a reply 1.2 ms out leaves poll() 999 ms to wait, so request 2
    // leaves at 1.0002 s; one 0.45 ms out counts 0, and recvmsg() waits its timeout on the wheel again.
    expect(socket().sent.map((s) => s.at)).toEqual([0, 1.0002e9, 2.0165e9]);
    expect(app.texts()).toEqual([
      'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.',
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1.20 ms',
      '64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.450 ms',
      '64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=12.3 ms',
      '',
      '--- 10.0.0.2 ping statistics ---',
      '3 packets transmitted, 3 received, 0% packet loss, time 2017ms',
      'rtt min/avg/max/mdev = 0.450/4.663/12.340/5.436 ms',
    ]);
    expect(app.lines.map((l) => l.cause)).toEqual([COMMAND_SEQ, 101, 102, 103, 103, 103, 103, 103]);
    expect(app.lines.at(-1)!.at).toBe(2.0165e9 + 12.34e6);
    expect(socket().closed).toBe(true);
    expect(exits).toEqual([0]);
  });

  it('reports an ICMP error on its socket and a failed ARP resolution as errors from the sender and from itself', () => {
    const app = lan();
    const { socket, exits } = start(app, command());
    app.runUntil(0);
    answer(app, socket(), 1, 1e6, 101);
    app.runUntil(2.1e9);
    // Request 2 (at 1 s: the reply 1 ms out left poll() 999 ms) heard nothing, so request 3 left on the wheel's tick.
    expect(socket().sent.map((s) => s.at)).toEqual([0, 1e9, 2.0165e9]);
    // Request 2's next hop never answered ARP: the stack calls back after its three tries.
    app.at(1e9 + 3e9, () => socket().sent[1]!.onHostUnreachable!(202));
    // Request 3 ran out of TTL at the router.
    app.at(2.018e9, () => socket().receiver.onIcmpError(3, { from: ROUTER, type: IcmpType.TimeExceeded, code: 0, rest: 0, cause: 303 }));
    app.runUntil(5e9);
    expect(app.texts()).toEqual([
      'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.',
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1.00 ms',
      'From 10.0.0.254 icmp_seq=3 Time to live exceeded',
      'From 10.0.0.1 icmp_seq=2 Destination Host Unreachable',
      '',
      '--- 10.0.0.2 ping statistics ---',
      '3 packets transmitted, 1 received, +2 errors, 66.6667% packet loss, time 2017ms',
      'rtt min/avg/max/mdev = 1.000/1.000/1.000/0.000 ms, pipe 2',
    ]);
    expect(app.lines.slice(2, 4).map((l) => l.cause)).toEqual([303, 202]);
    expect(socket().closed).toBe(true);
    expect(exits).toEqual([0]);
  });

  it('names the next-hop MTU of a "fragmentation needed" error, as pr_icmph does', () => {
    const app = lan();
    const { socket } = start(app, command({ count: 1 }));
    app.runUntil(0);
    const error = { from: ROUTER, type: IcmpType.DestinationUnreachable, code: UnreachableCode.FragmentationNeeded, rest: 1400, cause: 9 };
    socket().receiver.onIcmpError(1, error);
    expect(app.texts()[1]).toBe('From 10.0.0.254 icmp_seq=1 Frag needed and DF set (mtu = 1400)');
  });

  it('without a route, says so and exits 2 without opening a socket or setting a timer', () => {
    const app = lan();
    app.routes.clear();
    const { exits } = start(app, command());
    expect(app.texts()).toEqual(['ping: connect: Network is unreachable']);
    expect(app.lines[0]!.stderr).toBe(true);
    expect(app.pingSockets).toEqual([]);
    expect(app.pendingTimers).toBe(0);
    expect(exits).toEqual([2]);
  });

  it("refuses the outgoing interface's broadcast address without -b, reading the interface's addresses", () => {
    const app = lan();
    const broadcast = parseIpv4('10.0.0.255');
    app.routes.set(broadcast, { local: false, device: 'eth0', source: H1 });
    const { exits } = start(app, command({ destination: '10.0.0.255' }));
    expect(app.texts()).toEqual(['ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules']);
    expect(app.pingSockets).toEqual([]);
    expect(exits).toEqual([2]);
  });

  it('keeps counting a request the socket refused for want of a route (sendmsg: Network is unreachable)', () => {
    const app = lan();
    const { socket } = start(app, command({ count: 2 }));
    socket().result = 'no-route';
    app.runUntil(1.1e9);
    expect(app.texts()).toEqual(['PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.', 'ping: sendmsg: Network is unreachable']);
    expect(app.lines.map((l) => l.stderr ?? false)).toEqual([false, true]);
    app.runUntil(12e9);
    expect(app.texts().slice(-3, -1)).toEqual([
      '--- 10.0.0.2 ping statistics ---',
      '2 packets transmitted, 0 received, 100% packet loss, time 1025ms',
    ]);
  });
});
