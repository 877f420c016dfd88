import { describe, expect, it } from 'vitest';
import { STP_DEFAULTS, portCost } from '../../src/topology/stp-spec.js';
import { TopologyError } from '../../src/topology/topology-error.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

function load(text: string): ReturnType<typeof loadYamlTopology> | string {
  try {
    return loadYamlTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message;
    throw e;
  }
}

const sw = (stp: string, extra = ''): string => `nodes:\n  sw1: { kind: switch, stp: ${stp}${extra} }\nlinks:\n  - [sw1:p1, sw1:p2]\n`;

describe('YAML `stp:` on bridges and switches', () => {
  it('`stp: true` gives the kernel’s defaults; `false` none', () => {
    const t = load(sw('true'));
    if (typeof t === 'string') throw new Error(t);
    expect(t.nodes[0]!.stp).toEqual({ mode: 'stp', priority: 0x8000, helloTimeNs: 2e9, maxAgeNs: 20e9, forwardDelayNs: 15e9, ports: {} });
    const off = load(sw('false'));
    expect(typeof off !== 'string' && off.nodes[0]!.stp).toBeUndefined();
  });

  it('takes priority and the three times in a mapping, and port costs, priorities and MACs', () => {
    const t = load(
      sw(
        '{ priority: 4096, helloTime: 1s, maxAge: 6s, forwardDelay: 4s }',
        ', ports: { p1: { cost: 100, priority: 63, mac: "02:00:00:00:00:01" } }',
      ),
    );
    if (typeof t === 'string') throw new Error(t);
    expect(t.nodes[0]!.stp).toMatchObject({
      priority: 4096,
      helloTimeNs: 1e9,
      maxAgeNs: 6e9,
      forwardDelayNs: 4e9,
      ports: { p1: { cost: 100, priority: 63 } },
    });
    expect(t.nodes[0]!.portMacs).toEqual({ p1: 0x020000000001 });
  });

  it('a link’s `rate` sets its ports’ default cost as br_port_cost does; without one a port is a veth, cost 2', () => {
    const t = load(
      'nodes:\n  a: { kind: switch, stp: true }\n  b: { kind: switch, stp: true }\nlinks:\n  - { ends: [a:p1, b:p1], rate: 100Mbps }\n  - [a:p2, b:p2]\n',
    );
    if (typeof t === 'string') throw new Error(t);
    expect(t.nodes[0]!.stp!.ports).toEqual({ p1: { cost: 19 } });
    expect([10e9, 1e9, 100e6, 10e6, 40e9, 3e9].map(portCost)).toEqual([2, 4, 19, 100, 1, 100]);
    expect(portCost(undefined)).toBe(2);
    expect(STP_DEFAULTS.portPriority).toBe(32);
  });

  it.each([
    [
      sw('maybe'),
      "lab.yaml:2:29: `stp` is true, false, stp, rstp or a mapping { mode, priority, helloTime, maxAge, forwardDelay }, not 'maybe'",
    ],
    [sw('{ priority: 65536 }'), "lab.yaml:2:41: `priority` must be a whole number from 0 to 65535, not '65536'"],
    [sw('{ helloTime: 0.5s }'), 'lab.yaml:2:42: `helloTime` is from 1s to 10s, as the kernel takes it'],
    [sw('{ forwardDelay: 31s }'), 'lab.yaml:2:45: `forwardDelay` is from 2s to 30s, as the kernel takes it'],
    [sw('{ maxAge: 5s }'), 'lab.yaml:2:39: `maxAge` is from 6s to 40s, as the kernel takes it'],
    [
      sw('{ colour: red }'),
      "lab.yaml:2:31: unknown spanning tree key 'colour' (expected one of: mode, priority, helloTime, maxAge, forwardDelay)",
    ],
    [sw('true', ', ports: { p1: { cost: 0 } }'), "lab.yaml:2:56: `cost` must be a whole number from 1 to 65535, not '0'"],
    [
      sw('false', ', ports: { p1: { cost: 5 } }'),
      "lab.yaml:2:49: port 'p1' sets a spanning tree cost or priority, but sw1 runs no spanning tree (add `stp: true`)",
    ],
    [
      'nodes:\n  h1: { kind: host, stp: true }\n',
      "lab.yaml:2:21: unknown key for a host 'stp' (expected one of: kind, interfaces, lo, routes, forwarding)",
    ],
  ])('refuses %j where it is written', (text, message) => {
    expect(load(text)).toBe(message);
  });
});

// `stp: rstp` (802.1D-2004 clause 17): its own ranges (802.1t priorities in
// steps, Table 17-3's costs) and per-port `edge`, refused where written.
describe('YAML `stp: rstp`', () => {
  it('runs RSTP with the defaults of 802.1D-2004 Table 17-1, as a scalar or as `mode`', () => {
    for (const text of [sw('rstp'), sw('{ mode: rstp }')]) {
      const t = load(text);
      if (typeof t === 'string') throw new Error(t);
      expect(t.nodes[0]!.stp).toEqual({
        mode: 'rstp',
        priority: 0x8000,
        helloTimeNs: 2e9,
        maxAgeNs: 20e9,
        forwardDelayNs: 15e9,
        ports: {},
      });
    }
  });

  it('takes a priority in steps of 4096, port priorities in steps of 16, costs to 200,000,000, and `edge`', () => {
    const t = load(
      sw('{ mode: rstp, priority: 61440 }', ', ports: { p1: { edge: true, priority: 240, cost: 200000000 }, p2: { edge: false } }'),
    );
    if (typeof t === 'string') throw new Error(t);
    expect(t.nodes[0]!.stp!.priority).toBe(61440);
    expect(t.nodes[0]!.stp!.ports).toEqual({ p1: { edge: true, priority: 240, cost: 200000000 }, p2: { edge: false } });
  });

  it('gives a link with a `rate` the cost of Table 17-3 (100 Mb/s: 200,000), not the kernel’s', () => {
    const t = load(
      `nodes:\n  sw1: { kind: switch, stp: rstp }\n  sw2: { kind: switch, stp: true }\nlinks:\n  - { ends: [sw1:p1, sw2:p1], rate: 100Mbps }\n`,
    );
    if (typeof t === 'string') throw new Error(t);
    expect(t.nodes.find((n) => n.name === 'sw1')!.stp!.ports.p1!.cost).toBe(200000);
    expect(t.nodes.find((n) => n.name === 'sw2')!.stp!.ports.p1!.cost).toBe(19);
  });

  it.each([
    [
      sw('{ mode: rstp, priority: 32769 }'),
      "lab.yaml:2:53: RSTP's bridge priority is a multiple of 4096 from 0 to 61440 (802.1D-2004 17.13, Table 17-2), not 32769",
    ],
    [
      sw('{ mode: rstp, priority: 65535 }'),
      "lab.yaml:2:53: RSTP's bridge priority is a multiple of 4096 from 0 to 61440 (802.1D-2004 17.13, Table 17-2), not 65535",
    ],
    [
      sw('rstp', ', ports: { p1: { priority: 63 } }'),
      "lab.yaml:2:60: RSTP's port priority is a multiple of 16 from 0 to 240 (802.1D-2004 17.13, Table 17-2), not 63",
    ],
    [sw('true', ', ports: { p1: { edge: true } }'), "lab.yaml:2:56: port 'p1' sets `edge`, which only RSTP has (`stp: rstp`)"],
    [sw('rstp', ', ports: { p1: { edge: yes } }'), 'lab.yaml:2:56: `edge` is true or false'],
    [
      'nodes:\n  h1: { kind: host, stp: rstp }\n',
      "lab.yaml:2:21: unknown key for a host 'stp' (expected one of: kind, interfaces, lo, routes, forwarding)",
    ],
    [
      sw('rapid'),
      "lab.yaml:2:29: `stp` is true, false, stp, rstp or a mapping { mode, priority, helloTime, maxAge, forwardDelay }, not 'rapid'",
    ],
  ])('refuses %j where it is written', (text, message) => {
    expect(load(text)).toBe(message);
  });
});
