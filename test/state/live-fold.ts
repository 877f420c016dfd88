import { evolve } from '../../src/state/evolve.js';
import { initialState, type NetState } from '../../src/state/node-state.js';
import type { SimEvent } from '../../src/events/event.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import type { Network } from '../../src/net/network.js';
import { attachScript } from '../../src/shell/attach.js';
import { loadScriptTopology } from '../../src/topology/script-load.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

/**
 * Runs a topology live, one kernel action at a time, folding every event as
 * it is emitted. After each action (when all its table changes are done)
 * `atBoundary` sees the fold and the live network side by side.
 */
export function runFolded(
  yaml: string,
  atBoundary: (state: NetState, network: Network, events: SimEvent[]) => void,
  options: { seed?: number; maxEvents?: number; script?: boolean } = {},
): { state: NetState; events: SimEvent[] } {
  const topology = options.script ? loadScriptTopology(yaml, 'test.sh') : loadYamlTopology(yaml, 'test.yaml');
  const run = new LiveRun(topology, {
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.maxEvents !== undefined && { maxEvents: options.maxEvents }),
  });
  attachScript(run.network);
  const header = recordingHeader(topology, run.network, options.seed ?? topology.seed, 'test', 'test');
  const state = initialState(header);
  const events: SimEvent[] = [];
  run.sim.onEvent((e) => {
    events.push(e);
    evolve(state, e);
  });
  run.network.start();
  for (;;) {
    const stop = run.sim.runSlice(1);
    // The action that reaches maxEvents goes on without recording what it does: no state to compare there.
    if (stop === 'max-events' || run.sim.eventCount >= run.sim.limits.maxEvents) break;
    atBoundary(state, run.network, events);
    if (stop) break;
  }
  return { state, events };
}
