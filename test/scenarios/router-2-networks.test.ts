import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { parseIpv4Header } from '../../src/wire/ipv4.js';
import { captureLines, macRoles, oracleLines } from '../helpers/oracle-trace.js';
import { appLines, runYaml } from '../helpers/run-topology.js';
import { maskTimes, oracleOutput } from './router-oracle-output.js';

// The oracle's S4: h1 10.0.1.2 — r (eth1 10.0.1.1, eth2 10.0.2.1) — h2 10.0.2.2,
// hosts with default routes via the router. hoplab names the router r1.
const ORACLE = 'S4-router';
const RENAME = { r: 'r1' };
const YAML = readFileSync(new URL('../../recordings/router-2-networks.yaml', import.meta.url), 'utf8');
const withPing = (ping: string): string => YAML.replace('ping -c 2 10.0.2.2', ping);
/** As the oracle's S5 had it: h1's lo up, so the Destination Host Unreachable h1 sends itself reaches ping. */
const withLoUp = (yaml: string): string => yaml.replace('  h1:\n    kind: host\n', '  h1:\n    kind: host\n    lo: up\n');

const ip = (e: SimEvent): ReturnType<typeof parseIpv4Header> => parseIpv4Header(e.bytes!, 14);
const txAt = (events: SimEvent[], node: string, port: string): SimEvent[] =>
  events.filter((e) => e.kind === 'tx' && e.node === node && e.port === port);

describe('router-2-networks: h1 pings h2 across r1 (oracle S4, phase ping)', () => {
  const { events, run } = runYaml(YAML);
  const roles = macRoles(run.network.macs);

  it.each(['r1:eth1', 'r1:eth2'])(
    '%s carries the same frames as the kernel router: TTL 64 on one side, 63 on the other, ARP on each segment',
    (point) => {
      expect(captureLines(events, point, roles)).toEqual(oracleLines(ORACLE, point, { phase: 'ping', rename: RENAME }));
    },
  );

  it('keeps the IP identification across the router and lowers only the TTL', () => {
    const sent = txAt(events, 'h1', 'eth0')
      .filter((e) => e.bytes![12] === 0x08 && e.bytes![13] === 0x00)
      .map(ip);
    const forwarded = txAt(events, 'r1', 'eth2')
      .filter((e) => e.bytes![12] === 0x08 && e.bytes![13] === 0x00)
      .map(ip);
    expect(forwarded.map((h) => h.identification)).toEqual(sent.map((h) => h.identification));
    expect(forwarded.map((h) => h.ttl)).toEqual([63, 63]);
  });

  it('each forward names the route and the TTL, with the egress port in out', () => {
    const forwards = events.filter((e) => e.kind === 'forward');
    expect(forwards.map((e) => [e.node, e.port, e.out, e.why])).toEqual([
      ['r1', 'eth1', ['eth2'], 'r1 sends it out of eth2 to 10.0.2.2: route 10.0.2.0/24 is connected; TTL 64 -> 63'],
      ['r1', 'eth2', ['eth1'], 'r1 sends it out of eth1 to 10.0.1.2: route 10.0.1.0/24 is connected; TTL 64 -> 63'],
      ['r1', 'eth1', ['eth2'], 'r1 sends it out of eth2 to 10.0.2.2: route 10.0.2.0/24 is connected; TTL 64 -> 63'],
      ['r1', 'eth2', ['eth1'], 'r1 sends it out of eth1 to 10.0.1.2: route 10.0.1.0/24 is connected; TTL 64 -> 63'],
    ]);
  });

  it("echo 1 waits in r1's ARP queue until 10.0.2.2 resolves, and leaves the moment the reply arrives", () => {
    const first = events.find((e) => e.kind === 'forward')!;
    const request = txAt(events, 'r1', 'eth2')[0]!;
    expect(request.bytes!.length).toBe(42);
    const released = txAt(events, 'r1', 'eth2')[1]!;
    const reply = events.find((e) => e.kind === 'rx' && e.node === 'r1' && e.port === 'eth2')!;
    expect(request.t).toBe(first.t);
    expect(released.t).toBe(reply.t);
  });

  it('r1 probes h1 and h2 probes r1 about 5 s later, as in the oracle', () => {
    const probes = events.filter((e) => e.kind === 'tx' && e.t > 4e9 && e.bytes![21] === 1);
    expect(probes.map((e) => e.node).sort()).toEqual(['h2', 'r1']);
    expect(probes.every((e) => e.t > 5e9 && e.t < 5.1e9)).toBe(true);
  });

  it("ping prints what the kernel's ping printed, ttl=63 (times aside)", () => {
    expect(maskTimes(appLines(events, 'h1'))).toEqual(maskTimes(oracleOutput(ORACLE, 'ping -c 2 10.0.2.2')));
    expect(appLines(events, 'h1')[1]).toMatch(/ttl=63 /);
  });
});

describe('router-2-networks with ping -c 1 -t 1 (oracle S4, phase ttl1)', () => {
  const { events, run } = runYaml(withPing('ping -c 1 -t 1 10.0.2.2'));
  const roles = macRoles(run.network.macs);

  it.each(['r1:eth1', 'r1:eth2'])('%s carries the same frames as the kernel', (point) => {
    expect(captureLines(events, point, roles)).toEqual(oracleLines(ORACLE, point, { phase: 'ttl1', rename: RENAME }));
  });

  it("r1 drops the packet with ttl-exceeded, in SPEC's words, and nothing is forwarded", () => {
    const drop = events.find((e) => e.kind === 'drop')!;
    expect([drop.node, drop.port, drop.reason, drop.why]).toEqual([
      'r1',
      'eth1',
      'ttl-exceeded',
      'r1 drops the packet: its TTL ran out; it tells 10.0.1.2 with ICMP time exceeded',
    ]);
    expect(events.some((e) => e.kind === 'forward')).toBe(false);
  });

  it("the time exceeded on the wire is the oracle's: from 10.0.1.1, TTL 64, TOS 0xc0, DF clear, ip.len 112 quoting the whole request (inner TTL 1, same id)", () => {
    const [request] = txAt(events, 'h1', 'eth0').filter((e) => e.bytes!.length === 98);
    const [error] = txAt(events, 'r1', 'eth1').filter((e) => e.bytes![12] === 0x08 && e.bytes![13] === 0x00);
    const h = ip(error!);
    expect([h.tos, h.ttl, h.dontFragment, h.totalLength, error!.bytes!.length]).toEqual([0xc0, 64, false, 112, 126]);
    expect(error!.cause).toBe(events.find((e) => e.kind === 'drop')!.seq);
    const inner = parseIpv4Header(error!.bytes!, 14 + 28);
    expect([inner.ttl, inner.identification]).toEqual([1, ip(request!).identification]);
    expect(error!.bytes!.subarray(14 + 28)).toEqual(request!.bytes!.subarray(14));
  });

  it("ping prints the oracle's lines, word for word: From 10.0.1.1 icmp_seq=1 Time to live exceeded", () => {
    expect(appLines(events, 'h1')).toEqual(oracleOutput(ORACLE, 'ping -c1 -t 1 10.0.2.2'));
  });
});

describe('router-2-networks, unreachable destinations (oracle S5)', () => {
  it("an unowned address on h1's own network: exactly three broadcast ARP requests on the timer wheel, then Destination Host Unreachable x3", () => {
    const { events, run } = runYaml(withLoUp(withPing('ping -c 3 10.0.1.77')));
    expect(captureLines(events, 'h1:eth0', macRoles(run.network.macs))).toEqual(
      oracleLines('S5-unreachable', 'h1:eth0', { phase: 'unowned' }),
    );
    expect(txAt(events, 'h1', 'eth0').map((e) => e.t)).toEqual([0, 1.024e9, 2.048e9]);
    // The kernel's ping took 2042 ms for its three sends, on the wheel's ticks at another phase; hoplab's 2049 (its ping runs 0.5 ms after the tick).
    expect(maskTimes(appLines(events, 'h1'))).toEqual(maskTimes(oracleOutput('S5-unreachable', 'ping -c 3 10.0.1.77')));
    expect(appLines(events, 'h1')).toContain('3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2049ms');
    // r1 hears the broadcasts but answers none, and forwards nothing.
    expect(events.filter((e) => e.node === 'r1' && e.kind === 'tx')).toEqual([]);
  });

  it('an unowned address behind the router: r1 asks three times on eth2, then tells h1 host unreachable', () => {
    const { events } = runYaml(withPing('ping -c 1 10.0.2.99'));
    // Its first request goes when h1's echo arrives; the next two on the timer wheel's ticks.
    expect(
      txAt(events, 'r1', 'eth2')
        .map((e) => e.t)
        .slice(1),
    ).toEqual([1.024e9, 2.048e9]);
    expect(appLines(events, 'h1')[1]).toBe('From 10.0.1.1 icmp_seq=1 Destination Host Unreachable');
  });

  it('no route at all: ping says connect: Network is unreachable and nothing is sent', () => {
    const { events } = runYaml(
      YAML.replace('    routes: [ { to: default, via: 10.0.1.1 } ]\n', '').replace('ping -c 2 10.0.2.2', 'ping -c 1 -W 1 8.8.8.8'),
    );
    expect(appLines(events, 'h1')).toEqual(oracleOutput('S5-unreachable', 'ping -c1 -W1 8.8.8.8'));
    expect(appLines(events, 'h1')).toEqual(['ping: connect: Network is unreachable']);
    expect(events.filter((e) => e.kind === 'tx')).toEqual([]);
  });

  it('a destination r1 has no route for: r1 drops it (no-route) and h1 prints Destination Net Unreachable', () => {
    const { events } = runYaml(withPing('ping -c 1 10.0.7.7'));
    const drop = events.find((e) => e.kind === 'drop')!;
    expect([drop.node, drop.reason, drop.why]).toEqual([
      'r1',
      'no-route',
      'r1 drops the packet: it has no route to 10.0.7.7; it tells 10.0.1.2 with ICMP network unreachable',
    ]);
    expect(appLines(events, 'h1')[1]).toBe('From 10.0.1.1 icmp_seq=1 Destination Net Unreachable');
  });
});
