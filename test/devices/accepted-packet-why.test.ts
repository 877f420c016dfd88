import { describe, expect, it } from 'vitest';
import { AcceptedPacketWhy } from '../../src/devices/accepted-packet-why.js';
import type { SimEvent } from '../../src/events/event.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';
import { hintSource } from '../helpers/hint-source.js';

const HINTS = hintSource();

const A = parseIpv4('10.0.0.1');
const B = parseIpv4('10.0.0.2');
const C = parseIpv4('10.0.0.3');
const BROADCAST = parseIpv4('10.0.0.255');

describe('a host accepting a packet for itself', () => {
  it('says where it came from and why it is the host’s, in the words it always used', () => {
    const say = new AcceptedPacketWhy('h2');
    expect(say.sentence('eth0', A, B, true, HINTS)).toBe('h2 accepts the packet from 10.0.0.1: 10.0.0.2 is its own address');
    expect(say.sentence('eth0', A, BROADCAST, false, HINTS)).toBe('h2 accepts the packet from 10.0.0.1: 10.0.0.255 is a broadcast address');
  });

  it('keeps the sentence and its hint while the peer, the address and the interface stay, and makes new ones when any changes', () => {
    const say = new AcceptedPacketWhy('h2');
    const why = say.sentence('eth0', A, B, true, HINTS);
    const hint = say.hint;
    expect(say.sentence('eth0', A, B, true, HINTS)).toBe(why);
    expect(say.hint).toBe(hint);
    const changes: Array<[string, number, number, boolean]> = [
      ['eth1', A, B, true],
      ['eth0', B, B, true],
      ['eth0', A, A, true],
      ['eth0', A, B, false],
    ];
    for (const [port, src, dst, own] of changes) {
      say.sentence('eth0', A, B, true, HINTS);
      const before = say.hint;
      say.sentence(port, src, dst, own, HINTS);
      expect(say.hint).not.toBe(before);
    }
  });

  it('keeps the sentences and hints of two peers heard in turn: the replies of the host it pings and the requests of the one pinging it', () => {
    const say = new AcceptedPacketWhy('h2');
    const fromA = [say.sentence('eth0', A, B, true, HINTS), say.hint] as const;
    const fromC = [say.sentence('eth0', C, B, true, HINTS), say.hint] as const;
    expect(fromC[1]).not.toBe(fromA[1]);
    for (let i = 0; i < 3; i++) {
      expect([say.sentence('eth0', A, B, true, HINTS), say.hint]).toEqual(fromA);
      expect(say.hint).toBe(fromA[1]);
      expect([say.sentence('eth0', C, B, true, HINTS), say.hint]).toEqual(fromC);
      expect(say.hint).toBe(fromC[1]);
    }
  });

  it('tags every packet a host accepts from one peer with one hint, so the recorder looks its description up once', () => {
    const topology = loadYamlTopology(
      [
        'nodes:',
        '  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }',
        '  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }',
        'links:',
        '  - { ends: [h1:eth0, h2:eth0] }',
        'scenario:',
        '  - { at: 0, on: h1, run: ping -c 3 -i 0.2 10.0.0.2 }',
        '',
      ].join('\n'),
      'pair.yaml',
    );
    const delivered: SimEvent[] = [];
    new LiveRun(topology).runSync((e) => {
      if (e.kind === 'deliver' && e.node === 'h2' && e.why.includes('accepts the packet')) delivered.push(e);
    });
    expect(delivered).toHaveLength(3);
    expect(delivered.every((e) => e.hint !== undefined && e.hint === delivered[0]!.hint)).toBe(true);
  });
});
