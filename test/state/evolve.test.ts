import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldView, liveView } from './tables-view.js';
import { runFolded } from './live-fold.js';

const RECORDINGS = join(import.meta.dirname, '../../recordings');

/** Host configuration commands: addresses, routes, links, flushes, forwarding. */
const CONFIG = `
name: config
nodes:
  a: { kind: host, lo: up, interfaces: { eth0: { ip: 10.0.0.1/24 }, eth1: { ip: 10.9.0.1/24 } }, routes: [ { to: 10.7.0.0/16, via: 10.0.0.2 } ] }
  b: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  c: { kind: host, interfaces: { eth0: { ip: 10.9.0.2/24 } } }
links:
  - [a:eth0, b:eth0]
  - [a:eth1, c:eth0]
scenario:
  - { at: 0ms, on: a, run: ping -c 3 10.0.0.2 }
  - { at: 0ms, on: c, run: ping -c 2 10.9.0.1 }
  - { at: 500ms, on: a, run: ip addr add 10.5.0.1/24 dev eth0 }
  - { at: 600ms, on: a, run: ip addr add 10.5.0.1/24 dev eth0 }
  - { at: 700ms, on: a, run: ip route add 10.6.0.0/16 via 10.0.0.2 }
  - { at: 800ms, on: a, run: ip route add 10.6.0.0/16 via 10.0.0.2 }
  - { at: 900ms, on: a, run: ip route add default via 10.9.0.2 }
  - { at: 1500ms, on: a, run: ip neigh flush all }
  - { at: 1600ms, on: a, run: ip link set eth1 down }
  - { at: 1700ms, on: a, run: ip link set eth1 down }
  - { at: 2200ms, on: a, run: ip link set eth1 up }
  - { at: 2300ms, on: b, run: ping -c 2 10.0.0.1 }
  - { at: 2500ms, on: a, run: ip addr del 10.0.0.1/24 dev eth0 }
  - { at: 2600ms, on: a, run: ip route del 10.7.0.0/16 }
  - { at: 2700ms, on: a, run: sysctl -w net.ipv4.ip_forward=1 }
  - { at: 2800ms, on: a, run: ip link set lo down }
  - { at: 3000ms, on: b, run: ping -c 3 10.0.0.77 }
limits: { until: 12s }
`;

/** A switch whose port goes down (its entries are flushed), a fdb flush, a relearn. */
const SWITCHING = `
name: switching
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  sw1: { kind: switch, agingTime: 2s }
  br1: { kind: bridge }
links:
  - [h1:eth0, sw1:p1]
  - [h2:eth0, sw1:p2]
  - [sw1:p3, br1:west]
  - [br1:east, h3:eth0]
scenario:
  - { at: 0ms, on: h1, run: ping -c 3 10.0.0.2 }
  - { at: 0ms, on: h3, run: ping -c 2 10.0.0.1 }
  - { at: 1500ms, on: sw1, run: ip link set p2 down }
  - { at: 2500ms, on: sw1, run: ip link set p2 up }
  - { at: 3000ms, on: h2, run: ping -c 2 10.0.0.3 }
  - { at: 3500ms, on: br1, run: bridge fdb flush }
limits: { until: 9s }
`;

/** Two cascaded hubs where everyone talks at once: collisions and backoff. */
const HUBS = `
name: hubs
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  hub1: { kind: hub }
  hub2: { kind: hub }
links:
  - [h1:eth0, hub1:p1]
  - [h2:eth0, hub1:p2]
  - [hub1:p3, hub2:p1]
  - [h3:eth0, hub2:p2]
scenario:
  - { at: 0ms, on: h1, run: ping -c 2 10.0.0.3 }
  - { at: 0ms, on: h2, run: ping -c 2 10.0.0.3 }
  - { at: 0ms, on: h3, run: ping -c 2 10.0.0.1 }
`;

/** Four switches in a full mesh (one link through a repeater): a storm whose copies multiply until queues overflow. */
function storm(queue: number): string {
  return `
name: storm
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  s1: { kind: switch }
  s2: { kind: switch }
  s3: { kind: switch }
  s4: { kind: switch }
  r1: { kind: repeater }
links:
  - [h1:eth0, s1:p1]
  - [s2:p1, h2:eth0]
  - { ends: [s1:p2, s2:p2], rate: 100Mbps, queue: ${queue} }
  - { ends: [s1:p3, s3:p1], queue: ${queue} }
  - { ends: [s1:p4, r1:a], queue: ${queue} }
  - { ends: [r1:b, s4:p1], queue: ${queue} }
  - { ends: [s2:p3, s3:p2], queue: ${queue} }
  - { ends: [s2:p4, s4:p2], queue: ${queue} }
  - { ends: [s3:p3, s4:p3], queue: ${queue} }
scenario:
  - { at: 0ms, on: h1, run: ping -c 2 10.0.0.2 }
`;
}

function expectFoldMatchesLiveEverywhere(yaml: string, options: { seed?: number; maxEvents?: number; script?: boolean } = {}): number {
  let checked = 0;
  const { events } = runFolded(
    yaml,
    (state, network, events) => {
      expect({ seq: state.seq, tables: foldView(state) }).toEqual({ seq: events.length, tables: liveView(network) });
      checked++;
    },
    options,
  );
  expect(checked).toBeGreaterThan(10);
  return events.length;
}

describe('evolve: the fold rebuilds what the live devices hold', () => {
  const examples = readdirSync(RECORDINGS)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of examples) {
    it(`after every kernel action of recordings/${file}`, () => {
      expectFoldMatchesLiveEverywhere(readFileSync(join(RECORDINGS, file), 'utf8'), { maxEvents: 4000 });
    });
  }

  it('recordings/tutorial.sh, a shell script: every table after every kernel action, namespaces and bridges made as it runs', () => {
    const n = expectFoldMatchesLiveEverywhere(readFileSync(join(RECORDINGS, 'tutorial.sh'), 'utf8'), { script: true });
    expect(n).toBeGreaterThan(300);
  });

  it('through host configuration: addresses, routes, links, neighbour flushes, ARP failure', () => {
    const n = expectFoldMatchesLiveEverywhere(CONFIG);
    expect(n).toBeGreaterThan(80);
  });

  it('through switching: learning, a port going down, ageing, fdb flush', () => {
    expectFoldMatchesLiveEverywhere(SWITCHING);
  });

  it('through a broadcast storm whose queues fill and overflow', () => {
    const { events } = runFolded(storm(4), () => {}, { maxEvents: 3000 });
    expect(events.some((e) => e.reason === 'queue-full')).toBe(true);
    expectFoldMatchesLiveEverywhere(storm(4), { maxEvents: 3000 });
  });

  it('at random events of random runs (any seed, any point)', () => {
    const sources = [CONFIG, SWITCHING, HUBS, storm(3)];
    fc.assert(
      fc.property(
        fc.constantFrom(...sources.keys()),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 2500 }), { minLength: 1, maxLength: 8 }),
        (which, seed, points) => {
          const wanted = new Set(points);
          runFolded(
            sources[which]!,
            (state, network, events) => {
              if (!wanted.has(events.length)) return;
              wanted.delete(events.length);
              expect(foldView(state)).toEqual(liveView(network));
            },
            { seed, maxEvents: 2500 },
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('knows which frames are on the wire: none once the network is idle, some mid-storm', () => {
    const { state } = runFolded(SWITCHING, () => {});
    expect(state.inFlight.size).toBe(0);
    // On a hub, collided frames and every copy the hubs repeated of them never arrive.
    const hubs = runFolded(HUBS, () => {});
    expect(hubs.events.filter((e) => e.kind === 'collision').length).toBeGreaterThan(0);
    expect([...hubs.state.inFlight.values()]).toEqual([]);
    const mid = runFolded(storm(4), () => {}, { maxEvents: 1000 });
    expect(mid.state.inFlight.size).toBeGreaterThan(0);
    for (const f of mid.state.inFlight.values()) {
      const tx = mid.events[f.txSeq - 1]!;
      expect(tx.kind).toBe('tx');
      expect(mid.events.some((e) => e.cause === f.txSeq && (e.kind === 'rx' || e.kind === 'drop'))).toBe(false);
    }
  });
});
