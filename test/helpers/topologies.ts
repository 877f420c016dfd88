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
