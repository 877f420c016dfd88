import type { Network } from '../net/network.js';
import { ScriptRunner } from './runner.js';

/**
 * Hooks a script topology's lines onto its network, to start with the run;
 * undefined for a YAML topology. Any run of a script (live, verify) calls this
 * after building the network.
 */
export function attachScript(network: Network): ScriptRunner | undefined {
  const script = network.topology.script;
  if (!script) return undefined;
  const runner = new ScriptRunner(network, script);
  network.onStart(() => runner.start());
  return runner;
}
