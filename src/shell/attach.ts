import type { Network } from '../net/network.js';
import { ScriptRunner, type ScriptRunOptions } from './runner.js';

/**
 * Hooks a script topology's lines onto its network, to start with the run;
 * undefined for a YAML topology. Any run of a script (live, verify) calls this
 * after building the network; only the run that keeps its outputs gives an
 * `outputFolder`, so a re-simulation writes no file.
 */
export function attachScript(network: Network, options: ScriptRunOptions = {}): ScriptRunner | undefined {
  const script = network.topology.script;
  if (!script) return undefined;
  const runner = new ScriptRunner(network, script, options);
  network.onStart(() => runner.start());
  return runner;
}
