import { basename } from 'node:path';
import type { Topology } from './model.js';
import { readScript } from './script-lexer.js';

/** The root (init) namespace's node, SPEC §2: the one node a script starts with. */
export const ROOT = 'root';

/**
 * A script's starting point (SPEC §2): the root namespace alone, booted (lo
 * up); everything else the script builds as it runs. A script read from
 * stdin is recorded as `<stdin>.sh`, so that a recording still tells it is a script.
 */
export function loadScriptTopology(text: string, path: string): Topology {
  const fromStdin = path === '-' || path === '<stdin>';
  const sourcePath = fromStdin ? '<stdin>.sh' : path;
  return {
    name: fromStdin ? 'script' : basename(path).replace(/\.sh$/, '') || 'script',
    seed: 1,
    nodes: [{ name: ROOT, kind: 'host', interfaces: [], loUp: true, routes: [], ipForward: false, ports: [] }],
    links: [],
    scenario: [],
    limits: {},
    source: text,
    sourcePath,
    script: { displayPath: fromStdin ? '<stdin>' : path, lines: readScript(text) },
  };
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
