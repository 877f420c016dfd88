/**
 * The scale sweep's topologies as YAML text, the form users write (issue 21):
 * the CLI then parses, validates and builds them as it would a user's file.
 * Every host pings another every 10 ms, so a run lasts as long as its event
 * limit and the sizes compare at equal numbers of events.
 */

/** Host i's address: 10.x.y.z from i + 1, unique up to 16M hosts. */
function address(i: number): string {
  const n = i + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** The host host i pings: a spread-out other one, as the bench's in-process switch tree picks it. */
function peerOf(i: number, hosts: number): number {
  const peer = (i * 7919 + 1) % hosts;
  return peer === i ? (i + 1) % hosts : peer;
}

function hostLines(hosts: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < hosts; i++) lines.push(`  h${i}: { kind: host, interfaces: { eth0: { ip: ${address(i)}/8 } } }`);
  return lines;
}

function scenarioLines(hosts: number): string[] {
  const lines = ['scenario:'];
  // Starts 10 us apart, as the in-process workload's: the first ARP floods do not all meet.
  for (let i = 0; i < hosts; i++) lines.push(`  - { at: ${i * 10}us, on: h${i}, run: ping -i 0.01 ${address(peerOf(i, hosts))} }`);
  return lines;
}

/** `hosts` hosts spread over one edge switch per 20 hosts, the edges on one core switch. */
export function switchTreeYaml(hosts: number): string {
  const edges = Math.max(1, Math.round(hosts / 20));
  const lines = [`name: switch-tree-${hosts}`, 'seed: 1', 'nodes:', '  core: { kind: switch }'];
  for (let e = 0; e < edges; e++) lines.push(`  edge${e}: { kind: switch }`);
  lines.push(...hostLines(hosts), 'links:');
  for (let e = 0; e < edges; e++) lines.push(`  - [core:e${e}, edge${e}:up]`);
  for (let i = 0; i < hosts; i++) lines.push(`  - [h${i}:eth0, edge${i % edges}:h${i}]`);
  lines.push(...scenarioLines(hosts), 'limits: { until: 3600s, maxEvents: 100000000 }');
  return `${lines.join('\n')}\n`;
}

/** `hosts` hosts on one switch: every ARP request is flooded to all of them. */
export function flatLanYaml(hosts: number): string {
  const lines = [`name: flat-lan-${hosts}`, 'seed: 1', 'nodes:', '  sw: { kind: switch }', ...hostLines(hosts), 'links:'];
  for (let i = 0; i < hosts; i++) lines.push(`  - [h${i}:eth0, sw:p${i}]`);
  lines.push(...scenarioLines(hosts), 'limits: { until: 3600s, maxEvents: 100000000 }');
  return `${lines.join('\n')}\n`;
}

/** A script of `pairs` veth pairs, one end of each in a namespace of its own, both ends addressed and up. */
export function vethPairsScript(pairs: number): string {
  const ends = (i: number): [string, string] => {
    const net = `10.${(i >> 6) & 255}.${i >> 14}.${(i & 63) * 4}`;
    const host = net.slice(0, net.lastIndexOf('.') + 1);
    const base = (i & 63) * 4;
    return [`${host}${base + 1}/30`, `${host}${base + 2}/30`];
  };
  const lines = [`# ${pairs} veth pairs (hoplab's bench)`];
  for (let i = 0; i < pairs; i++) {
    const [near, far] = ends(i);
    lines.push(
      `ip netns add ns${i}`,
      `ip link add veth${i} type veth peer name vp${i}`,
      `ip link set vp${i} netns ns${i}`,
      `ip addr add ${near} dev veth${i}`,
      `ip link set veth${i} up`,
      `ip netns exec ns${i} ip addr add ${far} dev vp${i}`,
      `ip netns exec ns${i} ip link set vp${i} up`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The in-process mesh storm (workloads.ts meshStorm) as YAML: four switches in a
 * full mesh on default links, h1 on sw0 sending one broadcast. `hoplab run` of it
 * is the headline storm row and the one ns-3 runs beside (bench/ns3/storm.cc).
 * `trunk` (`queue: 10, delay: 30ms`) sets the switch-to-switch links apart.
 */
export function meshStormYaml(name = 'mesh-storm', trunk = ''): string {
  const lines = [`name: ${name}`, 'seed: 1', 'nodes:', '  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }'];
  for (let i = 0; i < 4; i++) lines.push(`  sw${i}: { kind: switch }`);
  lines.push('links:');
  let port = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) {
      const ends = `sw${i}:p${++port}, sw${j}:p${++port}`;
      lines.push(trunk ? `  - { ends: [${ends}], ${trunk} }` : `  - [${ends}]`);
    }
  }
  lines.push('  - [h1:eth0, sw0:h1]', 'scenario:', '  - { at: 0us, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload storm }');
  lines.push('limits: { until: 3600s, maxEvents: 100000000 }');
  return `${lines.join('\n')}\n`;
}

/**
 * The mesh storm with short queues and 30 ms trunks, as recordings/mesh-storm.yaml
 * with `delay: 30ms`: each lap of the storm takes longer, so more of its frames are
 * on the wires at once; past 2.7M events more than 10,000 are (issue 16: playing
 * with 10,000 frames alive).
 */
export function longStormYaml(): string {
  return meshStormYaml('long-storm', 'queue: 10, delay: 30ms');
}

/** The in-process ping workload (workloads.ts pingPairs) as YAML: `pairs` veth pairs, a{i} pinging b{i} every `intervalUs`. */
export function pingPairsYaml(pairs: number, intervalUs: number): string {
  const nodes = ['nodes:'];
  const links = ['links:'];
  const scenario = ['scenario:'];
  for (let i = 0; i < pairs; i++) {
    const net = `10.${(i >> 8) & 255}.${i & 255}`;
    nodes.push(`  a${i}: { kind: host, interfaces: { eth0: { ip: ${net}.1/24 } } }`);
    nodes.push(`  b${i}: { kind: host, interfaces: { eth0: { ip: ${net}.2/24 } } }`);
    links.push(`  - [a${i}:eth0, b${i}:eth0]`);
    scenario.push(`  - { at: ${i}us, on: a${i}, run: ping -i ${intervalUs / 1e6} ${net}.2 }`);
  }
  const limits = 'limits: { until: 3600s, maxEvents: 100000000 }';
  return `${[`name: ping-pairs-${pairs}`, 'seed: 1', ...nodes, ...links, ...scenario, limits].join('\n')}\n`;
}
