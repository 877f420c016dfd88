import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/devices/host.js';
import type { SimEvent } from '../../src/events/event.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { parseIpv4Header } from '../../src/wire/ipv4.js';
import { appLines, runYaml } from '../helpers/run-topology.js';

const YAML = readFileSync(new URL('../../recordings/router-2-networks.yaml', import.meta.url), 'utf8');
const withPing = (ping: string): string => YAML.replace('ping -c 2 10.0.2.2', ping);
const ipTx = (events: SimEvent[], node: string, port: string): ReturnType<typeof parseIpv4Header>[] =>
  events
    .filter((e) => e.kind === 'tx' && e.node === node && e.port === port && e.bytes![12] === 0x08 && e.bytes![13] === 0x00)
    .map((e) => parseIpv4Header(e.bytes!, 14));

describe('ping -s 2000 across r1: IPv4 fragmentation and reassembly (RFC 791)', () => {
  const { events } = runYaml(withPing('ping -c 1 -s 2000 10.0.2.2'));

  it('h1 sends two fragments (1500 + 548 bytes, same id, DF clear), r1 forwards each with TTL 63, h2 answers in two as well', () => {
    const shape = (hs: ReturnType<typeof ipTx>): unknown[] =>
      hs.map((h) => [h.totalLength, h.fragmentOffset, h.moreFragments, h.dontFragment, h.ttl]);
    expect(shape(ipTx(events, 'h1', 'eth0'))).toEqual([
      [1500, 0, true, false, 64],
      [548, 1480, false, false, 64],
    ]);
    expect(shape(ipTx(events, 'r1', 'eth2'))).toEqual([
      [1500, 0, true, false, 63],
      [548, 1480, false, false, 63],
    ]);
    expect(shape(ipTx(events, 'h2', 'eth0'))).toEqual([
      [1500, 0, true, false, 64],
      [548, 1480, false, false, 64],
    ]);
    const ids = ipTx(events, 'h1', 'eth0').map((h) => h.identification);
    expect(new Set([...ids, ...ipTx(events, 'r1', 'eth2').map((h) => h.identification)]).size).toBe(1);
    expect(events.filter((e) => e.kind === 'forward')).toHaveLength(4);
  });

  it('h2 holds the first fragment and answers once the second completes the datagram; the reply comes back whole', () => {
    const delivered = events.filter((e) => e.kind === 'deliver' && e.node === 'h2' && e.port === 'eth0' && /fragment/.test(e.why));
    expect(delivered.map((e) => e.why)).toEqual([
      expect.stringMatching(
        /^h2 accepts a fragment of 10\.0\.1\.2's datagram id 0x[0-9a-f]{4} \(bytes 0-1479\) and holds it until the rest arrives/,
      ),
      expect.stringMatching(
        /^h2 accepts the last missing fragment of 10\.0\.1\.2's datagram id 0x[0-9a-f]{4} \(bytes 1480-2007\): the 2028-byte datagram is whole again$/,
      ),
    ]);
    expect(
      appLines(events, 'h1')
        .slice(0, 2)
        .map((l) => l.replace(/time=\S+/, 'time=T')),
    ).toEqual(['PING 10.0.2.2 (10.0.2.2) 2000(2028) bytes of data.', '2008 bytes from 10.0.2.2: icmp_seq=1 ttl=63 time=T ms']);
  });

  it('a request that fits still carries DF, as in the oracle', () => {
    const small = runYaml(withPing('ping -c 1 10.0.2.2')).events;
    expect(ipTx(small, 'h1', 'eth0').map((h) => h.dontFragment)).toEqual([true]);
  });
});

describe('a DF packet too big for the next link (RFC 1191)', () => {
  it('r1 drops it (too-big) and h1 prints Frag needed and DF set with the next-hop MTU', () => {
    const run = new LiveRun(loadYamlTopology(withPing('ping -c 1 -s 1200 10.0.2.2'), 'test.yaml'));
    (run.network.devices.get('r1') as Host).interfaces.get('eth2')!.mtu = 1000;
    const events: SimEvent[] = [];
    run.runSync((e) => events.push({ ...e }));
    const drop = events.find((e) => e.kind === 'drop')!;
    expect([drop.node, drop.reason]).toEqual(['r1', 'too-big']);
    expect(ipTx(events, 'r1', 'eth2')).toEqual([]);
    expect(appLines(events, 'h1')[1]).toBe('From 10.0.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1000)');
  });
});
