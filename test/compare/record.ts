import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { MemoryRecording } from '../../src/store/memory-store.js';
import { loadTopologyFile } from '../../src/topology/load.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import type { Topology } from '../../src/topology/model.js';

/** Runs a topology into an in-memory recording (the same contract as the SQLite store). */
export function record(topology: Topology, seed = topology.seed): MemoryRecording {
  const run = new LiveRun(topology, { seed });
  const rec = new MemoryRecording();
  rec.writeHeader(recordingHeader(topology, run.network, seed, 'test', 'test'));
  const s = run.runSync((e) => rec.append(e));
  rec.finish({ complete: s.stopReason !== 'max-events', stopReason: s.stopReason, events: s.events, endTime: s.endTime });
  return rec;
}

export function recordYaml(yaml: string, name = 'test.yaml'): MemoryRecording {
  return record(loadYamlTopology(yaml, name));
}

/** One of the example topologies in recordings/. */
export function recordExample(name: string): MemoryRecording {
  return record(loadTopologyFile(new URL(`../../recordings/${name}.yaml`, import.meta.url).pathname));
}

/** Three hosts on one middle device of the given kind (extra YAML merged into its node), h1 pinging h2. */
export function threeHosts(
  middle: string,
  scenario = 'ping -c 2 10.0.0.2',
  until = '3s',
  name = `three-on-${middle.split(',')[0]}`,
): string {
  return `
name: ${name}
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  mid: { kind: ${middle} }
links:
  - [h1:eth0, mid:p1]
  - [h2:eth0, mid:p2]
  - [h3:eth0, mid:p3]
scenario:
  - { at: 0ms, on: h1, run: ${scenario} }
limits: { until: ${until} }
`;
}
