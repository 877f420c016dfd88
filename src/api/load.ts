import type { Topology } from '../topology/model.js';
import { loadScriptTopology, looksLikeScript } from '../topology/script-load.js';
import { loadYamlTopology } from '../topology/yaml-loader.js';

export { loadTopologyFile } from '../topology/load.js';

export interface LoadOptions {
  /** The file the text came from, for `file:line:col` in errors and for the recording; a `.sh` name makes it a script. */
  path?: string;
}

/**
 * A topology from its text: YAML or JSON (SPEC §1), or a shell script of the
 * tutorial's `ip` commands (SPEC §2), told apart by the path's `.sh` or, without
 * one, by the first line of content. Throws TopologyError (an InputError) at
 * the first problem, with its line and column.
 */
export function loadTopology(text: string, options: LoadOptions = {}): Topology {
  const path = options.path;
  if (path?.endsWith('.sh') || (!path?.match(/\.(ya?ml|json)$/) && looksLikeScript(text)))
    return loadScriptTopology(text, path ?? '<stdin>');
  return loadYamlTopology(text, path ?? '<text>');
}
