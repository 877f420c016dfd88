import { describe, expect, it } from 'vitest';
import type { EventInit } from '../../src/events/event.js';
import type { DeviceContext } from '../../src/devices/device.js';
import { Hub } from '../../src/devices/hub.js';
import { parseCommand } from '../../src/topology/command-parser.js';
import type { NodeSpec } from '../../src/topology/model.js';
import { runYaml } from '../helpers/run-topology.js';

function hub(): { hub: Hub; emitted: EventInit[] } {
  const spec: NodeSpec = {
    name: 'hub1',
    kind: 'hub',
    interfaces: [],
    loUp: false,
    routes: [],
    ipForward: false,
    rateBps: 10e6,
    ports: ['p1', 'p2', 'p3'],
  };
  const h = new Hub('hub1', spec);
  const emitted: EventInit[] = [];
  h.attach({ emit: (e: EventInit) => emitted.push(e) } as unknown as DeviceContext);
  return { hub: h, emitted };
}

describe('the hub device', () => {
  it('has the ports its links name, all up at the start', () => {
    const { hub: h } = hub();
    expect(['p1', 'p2', 'p3', 'p4'].map((p) => h.isPortUp(p))).toEqual([true, true, true, false]);
  });

  it('sets a port down and up again with `ip link set`, saying what that means for the station behind it', () => {
    const { hub: h, emitted } = hub();
    h.runCommand(parseCommand('ip link set p3 down'), 7);
    expect(h.isPortUp('p3')).toBe(false);
    h.runCommand(parseCommand('ip link set dev p3 down'), 8); // already down: nothing happens, as in Linux
    h.runCommand(parseCommand('ip link set p3 up'), 9);
    expect(h.isPortUp('p3')).toBe(true);
    expect(emitted).toEqual([
      {
        kind: 'link',
        node: 'hub1',
        port: 'p3',
        cause: 7,
        state: 'down',
        why: 'hub1 sets p3 down: the station behind it no longer hears the segment, nor the segment it',
      },
      {
        kind: 'link',
        node: 'hub1',
        port: 'p3',
        cause: 9,
        state: 'up',
        why: 'hub1 sets p3 up: the station behind it is back on the shared segment',
      },
    ]);
  });

  it('answers as Linux does for a port it does not have, and refuses what a hub cannot do', () => {
    const { hub: h, emitted } = hub();
    h.runCommand(parseCommand('ip link set p9 down'), 1);
    h.runCommand(parseCommand('ping 10.0.0.1'), 2);
    expect(emitted.map((e) => e.text)).toEqual([
      'Cannot find device "p9"',
      "hoplab: 'ping' cannot run on hub1: a hub only has ports to set up or down",
    ]);
    expect(emitted.every((e) => e.kind === 'app')).toBe(true);
  });
});

describe('a hub port set down in the scenario', () => {
  const { events } = runYaml(`
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  hub1: { kind: hub }
links:
  - [h1:eth0, hub1:p1]
  - [h2:eth0, hub1:p2]
  - [h3:eth0, hub1:p3]
scenario:
  - { at: 0s, on: h1, run: ping -c 3 10.0.0.2 }
  - { at: 1500ms, on: hub1, run: ip link set p3 down }
  - { at: 1600ms, on: h3, run: ping -c 1 -W 1 10.0.0.1 }
limits: { until: 4s }
`);
  // h3's ping starts once its stack knows it lost carrier: at the very instant hub1:p3 goes
  // down, the carrier loss (which evicts h3's neighbours, neigh_carrier_down) would come
  // after the ping's first ARP request and take its INCOMPLETE entry, retries and all.

  it('cuts that station off: it hears nothing more, and what it sends goes nowhere', () => {
    const h3rx = events.filter((e) => e.kind === 'rx' && e.node === 'h3');
    expect(h3rx.length).toBeGreaterThan(0);
    expect(h3rx.every((e) => e.t < 1.5e9)).toBe(true);
    const flood = events.filter((e) => e.kind === 'flood' && e.node === 'hub1' && e.t > 1.5e9);
    expect(flood.map((e) => e.out)).toEqual([['p2'], ['p1']]); // the third echo and its reply
    const lost = events.filter((e) => e.kind === 'drop' && e.node === 'h3' && e.t >= 1.5e9);
    expect(lost.map((e) => e.reason)).toEqual(['link-down', 'link-down', 'link-down']); // h3's three ARP requests
    expect(lost[0]!.why).toBe('h3:eth0 has no carrier: hub1:p3 is down, so the frame goes nowhere');
  });
});
