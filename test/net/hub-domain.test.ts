import { describe, expect, it } from 'vitest';
import { findHubDomains, reachFrom } from '../../src/net/hub-domain.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

const TWO_HUBS = `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  sw1: { kind: switch }
  hub1: { kind: hub }
  hub2: { kind: hub, rate: 100Mbps }
  hub3: { kind: hub }
links:
  - [h1:eth0, hub1:p1]
  - { ends: [h2:eth0, hub1:p2], delay: 2us, queue: 5 }
  - { ends: [hub1:p9, hub2:p1], delay: 3us }
  - [h3:eth0, hub2:p2]
  - [hub2:p3, sw1:p1]
  - [sw1:p2, hub3:p1]
`;

describe('collision domains', () => {
  const domains = findHubDomains(loadYamlTopology(TWO_HUBS, 'test.yaml'));

  it('hubs cabled together are one domain; a switch between hubs separates them', () => {
    expect(domains.map((d) => d.hubs)).toEqual([['hub1', 'hub2'], ['hub3']]);
  });

  it('every other port cabled to a hub is a station, with its cable delay and queue; the switch port too', () => {
    expect(domains[0]!.stations.map((s) => `${s.node}:${s.port}@${s.hub}:${s.hubPort} ${s.delayNs}ns q${s.queue}`)).toEqual([
      'h1:eth0@hub1:p1 1000ns q1000',
      'h2:eth0@hub1:p2 2000ns q5',
      'h3:eth0@hub2:p2 1000ns q1000',
      'sw1:p1@hub2:p3 1000ns q1000',
    ]);
    expect(domains[1]!.stations.map((s) => `${s.node}:${s.port}`)).toEqual(['sw1:p2']);
  });

  it('runs at the slowest hub rate: a 10 Mb/s hub cannot repeat at 100 Mb/s', () => {
    expect(domains[0]!.rateBps).toBe(10e6);
    expect(domains[1]!.rateBps).toBe(10e6);
  });

  it('a transmission reaches the next hub after the hub-to-hub cable, in by its port', () => {
    const h1 = domains[0]!.stations[0]!;
    const reach = reachFrom(domains[0]!, h1, () => true);
    expect([...reach]).toEqual([
      ['hub1', { delayNs: 0, ingress: 'p1' }],
      ['hub2', { delayNs: 3000, ingress: 'p1', via: 'hub1:p9' }],
    ]);
  });

  it('a hub port that is down cuts the domain there', () => {
    const h1 = domains[0]!.stations[0]!;
    const reach = reachFrom(domains[0]!, h1, (node, port) => !(node === 'hub2' && port === 'p1'));
    expect([...reach.keys()]).toEqual(['hub1']);
  });
});
