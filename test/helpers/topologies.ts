/**
 * Topologies several tests share. Four switches in a full mesh with two
 * hosts, and one broadcast (`arping -c 1`): the storm, whose copies
 * multiply until the links saturate.
 */
export function meshStormYaml(maxEvents: number): string {
  return `
name: mesh-storm
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  s1: { kind: switch }
  s2: { kind: switch }
  s3: { kind: switch }
  s4: { kind: switch }
links:
  - [h1:eth0, s1:h]
  - [h2:eth0, s3:h]
  - [s1:a, s2:a]
  - [s1:b, s3:a]
  - [s1:c, s4:a]
  - [s2:b, s3:b]
  - [s2:c, s4:b]
  - [s3:c, s4:c]
scenario:
  - { at: 0ms, on: h1, run: arping -c 1 10.0.0.2 }
limits: { maxEvents: ${maxEvents} }
`;
}

/** h1 and h2 broadcast at once on a 10 Mb/s hub with h3: their frames collide at hub1, and each backs off. */
export const HUB_COLLISION_YAML = `name: hub-collision
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  hub1: { kind: hub, rate: 10Mbps }
links: [[h1:eth0, hub1:p1], [h2:eth0, hub1:p2], [h3:eth0, hub1:p3]]
scenario:
  - { at: 0ms, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload one }
  - { at: 0ms, on: h2, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload two }
`;

/** h1 and h2 (10.0.0.1 and .2/24) joined by one cable, `link` its YAML flow mapping or list, then `scenario`'s lines. */
export function twoHostsYaml(name: string, link: string, scenario: string): string {
  return `
name: ${name}
seed: 1
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
links:
  - ${link}
scenario:
${scenario}`;
}
