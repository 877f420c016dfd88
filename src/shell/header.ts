import { Network } from '../net/network.js';
import { startingConfig } from '../pipeline/starting-config.js';
import { Simulator, type RunLimits } from '../sim/simulator.js';
import type { RecordingHeader } from '../store/recording.js';
import { formatMac } from '../wire/mac.js';
import type { Topology } from '../topology/model.js';
import { attachScript } from './attach.js';
import type { Kernel } from './kernel.js';

/**
 * The recording header of a script run. A script makes its nodes and ports as
 * it goes, but a recording (and a live pcapng) names them before the first
 * event; the run is deterministic, so a silent run with the same seed and
 * limits finds them. Costs one simulation more, which tutorial-sized scripts
 * do not notice.
 */
export function scriptHeader(
  topology: Topology,
  seed: number,
  limits: RunLimits,
  hoplabVersion: string,
  commandLine: string,
): RecordingHeader {
  const sim = new Simulator(seed, limits);
  const network = new Network(topology, sim);
  const runner = attachScript(network)!;
  const start = startingConfig(network);
  // Each line that ran is a step of the scenario, at the instant it ran, in the namespace it ran in.
  const scenario: RecordingHeader['scenario'] = [];
  sim.onEvent((e) => {
    if (e.kind === 'command') scenario.push({ at: e.t, node: e.node, run: e.text ?? '' });
  });
  network.start();
  sim.runToEnd();
  return {
    name: topology.name,
    seed,
    hoplabVersion,
    commandLine,
    topologyPath: topology.sourcePath,
    topologySource: topology.source,
    ...shapeOf(runner.kernel),
    scenario,
    start,
  };
}

/** Every node the script made (once each) and every place a cable end has been. */
export function shapeOf(kernel: Kernel): Pick<RecordingHeader, 'nodes' | 'ports'> {
  const nodes = new Map<string, string>();
  for (const n of kernel.nodes) if (!nodes.has(n.name)) nodes.set(n.name, n.kind);
  const ports: RecordingHeader['ports'] = [];
  for (const e of kernel.ends.values()) {
    ports.push({
      node: e.node,
      port: e.port,
      ...(e.mac !== undefined && { mac: formatMac(e.mac) }),
      ...(e.peer && { peerNode: e.peer.node, peerPort: e.peer.port }),
    });
  }
  return { nodes: [...nodes].map(([name, kind]) => ({ name, kind })), ports };
}
