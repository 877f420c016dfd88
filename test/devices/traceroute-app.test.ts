import { describe, expect, it } from 'vitest';
import { TracerouteApp } from '../../src/devices/traceroute.js';
import { IcmpType, TimeExceededCode, UnreachableCode } from '../../src/wire/icmp.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { FakeApp } from './fake-app-context.js';

// traceroute run on a fake AppContext: one UDP socket per probe, 16 in
// flight, and the trace printed from the errors its sockets hear.

const H1 = parseIpv4('10.0.0.1');
const R1 = parseIpv4('10.0.0.254');
const H2 = parseIpv4('10.0.1.2');
const COMMAND_SEQ = 5;
/** One probe's send costs traceroute's loop 26 µs (oracle T9-tools): the first 16 are out by then. */
const SEND_COST = 26_000;
const FIRST_LOOP = 16 * SEND_COST;

function traceToH2(numeric = false, onExit?: (status: number) => void): FakeApp {
  const app = new FakeApp();
  app.routes.set(H2, { local: false, device: 'eth0', source: H1 });
  new TracerouteApp(app, { name: 'traceroute', destination: '10.0.1.2', ...(numeric && { numeric }) }, COMMAND_SEQ, onExit).start();
  app.runUntil(FIRST_LOOP - 1);
  return app;
}

describe('traceroute through UDP sockets, on a fake AppContext', () => {
  it('sends 16 probes 26 µs apart, each from a socket of its own, to ports 33434 up, TTL 1, 1, 1, 2, ..., DF never set', () => {
    const app = traceToH2();
    expect(app.udpSockets).toHaveLength(16);
    const sends = app.udpSockets.map((s) => {
      expect(s.sent).toHaveLength(1);
      return s.sent[0]!;
    });
    expect(sends.map((s) => s.dstPort)).toEqual(Array.from({ length: 16 }, (_, n) => 33434 + n));
    expect(sends.map((s) => s.options.ttl)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]);
    expect(sends.every((s) => s.options.pmtuDiscovery === 'dont' && s.dst === H2 && s.cause === COMMAND_SEQ)).toBe(true);
    expect(sends.map((s) => s.at)).toEqual(Array.from({ length: 16 }, (_, n) => n * SEND_COST));
    // 32 bytes of data: 0x40, 0x41, ... (traceroute's default 60-byte packet).
    expect([...sends[0]!.data]).toEqual(Array.from({ length: 32 }, (_, i) => 0x40 + i));
  });

  it('with -n prints each hop as its address alone, and exits 0 after the last hop (oracle T9-tools)', () => {
    const status: number[] = [];
    const app = traceToH2(true, (s) => status.push(s));
    for (const [n, s] of app.udpSockets.slice(0, 3).entries())
      s.onError({ from: H2, type: IcmpType.DestinationUnreachable, code: UnreachableCode.Port, rest: 0, cause: 100 + n });
    app.runUntil(10e9);
    // Each round trip runs from its own probe's send, 26 µs apart, to the reply's arrival.
    expect(app.texts()[1]).toBe(' 1  10.0.1.2  0.416 ms  0.390 ms  0.364 ms');
    expect(status).toEqual([0]);
  });

  it('prints a line per hop from the errors its sockets hear, stops at port unreachable and closes every socket', () => {
    const app = traceToH2();
    const sockets = app.udpSockets;
    for (const [n, s] of sockets.slice(0, 3).entries()) {
      app.at(1e6 + n * 1e3, () =>
        s.onError({ from: R1, type: IcmpType.TimeExceeded, code: TimeExceededCode.InTransit, rest: 0, cause: 100 + n }),
      );
    }
    for (const [n, s] of sockets.slice(3, 6).entries()) {
      app.at(2e6, () =>
        s.onError({ from: H2, type: IcmpType.DestinationUnreachable, code: UnreachableCode.Port, rest: 0, cause: 200 + n }),
      );
    }
    app.runUntil(10e9);
    expect(app.texts()).toEqual([
      'traceroute to 10.0.1.2 (10.0.1.2), 30 hops max, 60 byte packets',
      ' 1  10.0.0.254 (10.0.0.254)  1.000 ms  0.975 ms  0.950 ms',
      ' 2  10.0.1.2 (10.0.1.2)  1.922 ms  1.896 ms  1.870 ms',
    ]);
    expect(app.lines.slice(1).map((l) => l.cause)).toEqual([102, 202]);
    expect(sockets.every((s) => s.closed)).toBe(true);
    expect(app.pendingTimers).toBe(0);
  });

  it('marks a hop that answers host unreachable, and reports its own failed ARP as host unreachable from its source', () => {
    const app = traceToH2();
    const [a, b, c] = app.udpSockets;
    app.at(3e6, () => a!.onError({ from: R1, type: IcmpType.DestinationUnreachable, code: UnreachableCode.Host, rest: 0, cause: 300 }));
    app.at(3e6, () => b!.onError({ from: R1, type: IcmpType.DestinationUnreachable, code: UnreachableCode.Host, rest: 0, cause: 301 }));
    // Probe 3's next hop never answered ARP (sooner than a real 3 s, to beat the probe's timeout).
    app.at(2e6, () => c!.sent[0]!.onHostUnreachable!(302));
    app.runUntil(10e9);
    expect(app.texts().slice(1)).toEqual([' 1  10.0.0.254 (10.0.0.254)  3.000 ms !H  2.974 ms !H 10.0.0.1 (10.0.0.1)  1.948 ms !H']);
  });

  it('reads the answers that come while it is still sending only when its loop polls, as Linux across veths (oracle T9-tools)', () => {
    const app = new FakeApp();
    app.routes.set(H2, { local: false, device: 'eth0', source: H1 });
    new TracerouteApp(app, { name: 'traceroute', destination: '10.0.1.2', numeric: true }, COMMAND_SEQ).start();
    // Each of the first six probes answered 3 µs after it left: hop 1 by a router, hop 2 by the destination.
    for (let n = 0; n < 6; n++) {
      app.at(n * SEND_COST + 3000, () =>
        app.udpSockets[n]!.onError(
          n < 3
            ? { from: R1, type: IcmpType.TimeExceeded, code: TimeExceededCode.InTransit, rest: 0, cause: 100 + n }
            : { from: H2, type: IcmpType.DestinationUnreachable, code: UnreachableCode.Port, rest: 0, cause: 100 + n },
        ),
      );
    }
    app.runUntil(10e9);
    // 16 probes, no more: had hop 1's answers freed the window at once, three more would have left.
    expect(app.udpSockets).toHaveLength(16);
    expect(app.lines.slice(1).map((l) => [l.at, l.text, l.cause])).toEqual([
      [FIRST_LOOP, ' 1  10.0.0.254  0.003 ms  0.003 ms  0.003 ms', 102],
      [FIRST_LOOP, ' 2  10.0.1.2  0.003 ms  0.003 ms  0.003 ms', 105],
    ]);
  });

  it('without a route, says connect: Network is unreachable and opens no socket', () => {
    const app = new FakeApp();
    new TracerouteApp(app, { name: 'traceroute', destination: '10.0.1.2' }, COMMAND_SEQ).start();
    expect(app.texts()).toEqual(['traceroute to 10.0.1.2 (10.0.1.2), 30 hops max, 60 byte packets', 'connect: Network is unreachable']);
    expect(app.udpSockets).toEqual([]);
  });
});
