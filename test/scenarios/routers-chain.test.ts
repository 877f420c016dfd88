import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { parseIpv4Header } from '../../src/wire/ipv4.js';
import { formatIpv4 } from '../../src/wire/ipv4-address.js';
import { appLines, runYaml } from '../helpers/run-topology.js';

// h1 — r1 — r2 — h2 over three /24s, static routes on the routers.
const YAML = readFileSync(new URL('../../recordings/routers-chain.yaml', import.meta.url), 'utf8');

const isIp = (e: SimEvent): boolean => e.bytes![12] === 0x08 && e.bytes![13] === 0x00;
const udpProbes = (events: SimEvent[]): SimEvent[] =>
  events.filter((e) => e.kind === 'tx' && e.node === 'h1' && isIp(e) && e.bytes![23] === 17);

describe('routers-chain: ping and traceroute across two routers', () => {
  const { events } = runYaml(YAML);
  const h1 = appLines(events, 'h1');

  it('the echo replies arrive with TTL 62: each router took one', () => {
    const replies = events.filter((e) => e.kind === 'rx' && e.node === 'h1' && isIp(e) && e.bytes![34] === 0 && e.t < 3e9);
    expect(replies.map((e) => parseIpv4Header(e.bytes!, 14).ttl)).toEqual([62, 62]);
    expect(h1.filter((l) => l.startsWith('64 bytes')).map((l) => l.replace(/time=\S+/, 'time=T'))).toEqual([
      '64 bytes from 10.0.3.2: icmp_seq=1 ttl=62 time=T ms',
      '64 bytes from 10.0.3.2: icmp_seq=2 ttl=62 time=T ms',
    ]);
  });

  it('the routers choose by longest prefix: r1 sends 10.0.3.2 via r2, r2 delivers it on its connected network', () => {
    const first = events.filter((e) => e.kind === 'forward').slice(0, 2);
    expect(first.map((e) => e.why)).toEqual([
      'r1 sends it out of eth2 to 10.0.3.2: route 10.0.3.0/24 via 10.0.2.2; TTL 64 -> 63',
      'r2 sends it out of eth2 to 10.0.3.2: route 10.0.3.0/24 is connected; TTL 63 -> 62',
    ]);
  });

  it("traceroute lists r1, then r2, then the destination, three times each, in traceroute's format", () => {
    const trace = h1.slice(h1.indexOf('traceroute to 10.0.3.2 (10.0.3.2), 30 hops max, 60 byte packets'));
    expect(trace.map((l) => l.replace(/\d+\.\d{3} ms/g, 'T ms'))).toEqual([
      'traceroute to 10.0.3.2 (10.0.3.2), 30 hops max, 60 byte packets',
      ' 1  10.0.1.1 (10.0.1.1)  T ms  T ms  T ms',
      ' 2  10.0.2.2 (10.0.2.2)  T ms  T ms  T ms',
      ' 3  10.0.3.2 (10.0.3.2)  T ms  T ms  T ms',
    ]);
  });

  it('probes are 60-byte UDP datagrams to 33434, 33435, ... with TTL 1,1,1,2,2,2,..., DF clear, each from its own source port', () => {
    const probes = udpProbes(events);
    const headers = probes.map((e) => parseIpv4Header(e.bytes!, 14));
    const dstPorts = probes.map((e) => (e.bytes![36]! << 8) | e.bytes![37]!);
    expect(headers.every((h) => h.totalLength === 60 && !h.dontFragment)).toBe(true);
    expect(dstPorts.slice(0, 9)).toEqual([33434, 33435, 33436, 33437, 33438, 33439, 33440, 33441, 33442]);
    expect(headers.slice(0, 9).map((h) => h.ttl)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const srcPorts = new Set(probes.map((e) => (e.bytes![34]! << 8) | e.bytes![35]!));
    expect(srcPorts.size).toBe(probes.length);
    // 16 go out on the command itself, 26 µs apart, as traceroute's default -N 16; the rest as answers free the window.
    const command = events.find((e) => e.kind === 'command' && e.text === 'traceroute 10.0.3.2')!;
    expect(probes.filter((e) => e.cause === command.seq)).toHaveLength(16);
  });

  it("time exceeded comes from each router's address toward h1, port unreachable from h2 itself", () => {
    const errors = events.filter((e) => e.kind === 'rx' && e.node === 'h1' && isIp(e) && e.bytes![23] === 1 && e.t >= 3e9);
    const seen = new Set(errors.map((e) => `${formatIpv4(parseIpv4Header(e.bytes!, 14).src)} ${e.bytes![34]}/${e.bytes![35]}`));
    expect([...seen].sort()).toEqual(['10.0.1.1 11/0', '10.0.2.2 11/0', '10.0.3.2 3/3']);
    const closed = events.find((e) => e.kind === 'drop' && e.node === 'h2')!;
    expect(closed.reason).toBe('port-unreachable');
    expect(closed.why).toBe(
      'nothing in h2 listens on UDP port 33440, so the datagram is dropped; it tells 10.0.1.2 with ICMP port unreachable',
    );
  });

  it("h2 answers at most 6 port unreachables at once, as Linux's icmp_ratelimit allows; the rest are held back", () => {
    const answered = events.filter((e) => e.kind === 'tx' && e.node === 'h2' && isIp(e) && e.bytes![34] === 3);
    expect(answered).toHaveLength(6);
    expect(events.filter((e) => e.kind === 'drop' && e.node === 'h2' && /rate limit holds it back/.test(e.why)).length).toBeGreaterThan(0);
  });

  it('traceroute to a network nobody routes stops at once: connect: Network is unreachable', () => {
    const noRoute = runYaml(
      YAML.replace('    routes: [ { to: default, via: 10.0.1.1 } ]\n', '').replace('ping -c 2 10.0.3.2', 'ip link set lo up'),
    );
    expect(appLines(noRoute.events, 'h1')).toEqual([
      'traceroute to 10.0.3.2 (10.0.3.2), 30 hops max, 60 byte packets',
      'connect: Network is unreachable',
    ]);
    expect(noRoute.events.filter((e) => e.kind === 'tx')).toEqual([]);
  });

  it('a hop that cannot reach the destination answers net unreachable, which traceroute marks !N and ends with', () => {
    const broken = runYaml(
      YAML.replace('    routes: [ { to: 10.0.3.0/24, via: 10.0.2.2 } ]\n', '').replace('ping -c 2 10.0.3.2', 'ip link set lo up'),
    );
    const lines = appLines(broken.events, 'h1').map((l) => l.replace(/\d+\.\d{3} ms/g, 'T ms'));
    expect(lines).toEqual([
      'traceroute to 10.0.3.2 (10.0.3.2), 30 hops max, 60 byte packets',
      ' 1  10.0.1.1 (10.0.1.1)  T ms !N  T ms !N  T ms !N',
    ]);
  });
});
