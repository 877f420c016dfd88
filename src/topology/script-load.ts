import { basename } from 'node:path';
import type { Network } from '../net/network.js';
import type { Topology } from './model.js';
import { ROOT } from './script-kernel.js';
import { readScript } from './script-lexer.js';
import { ScriptRunner, type Script } from './script-runner.js';

/** The topologies that came from a script, and their lines. */
const scripts = new WeakMap<Topology, Script>();

/**
 * A script's starting point (SPEC §2): the root namespace alone, booted (lo
 * up); everything else the script builds as it runs. A script read from
 * stdin is recorded as `<stdin>.sh`, so that a recording still tells it is a script.
 */
export function loadScriptTopology(text: string, path: string): Topology {
  const fromStdin = path === '-' || path === '<stdin>';
  const sourcePath = fromStdin ? '<stdin>.sh' : path;
  const topology: Topology = {
    name: fromStdin ? 'script' : basename(path).replace(/\.sh$/, '') || 'script',
    seed: 1,
    nodes: [{ name: ROOT, kind: 'host', interfaces: [], loUp: true, routes: [], ipForward: false, ports: [] }],
    links: [],
    scenario: [],
    limits: {},
    source: text,
    sourcePath,
  };
  scripts.set(topology, { displayPath: fromStdin ? '<stdin>' : path, lines: readScript(text) });
  return topology;
}

export function isScriptTopology(topology: Topology): boolean {
  return scripts.has(topology);
}

/**
 * Hooks a script topology's lines onto its network, to start with the run;
 * undefined for a YAML topology. Any run of a script (live, verify) calls this
 * after building the network.
 */
export function attachScript(network: Network): ScriptRunner | undefined {
  const script = scripts.get(network.topology);
  if (!script) return undefined;
  const runner = new ScriptRunner(network, script);
  network.onStart(() => runner.start());
  return runner;
}

/**
 * Whether text read from stdin is a script rather than a YAML topology: a
 * topology's first line of content is a mapping key or a flow mapping, a
 * script's is a command.
 */
export function looksLikeScript(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === '---') continue;
    return !/^(\{|[\w-]+\s*:(\s|$))/.test(line);
  }
  return false;
}
