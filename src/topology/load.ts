import { readFileSync } from 'node:fs';
import { InputError } from '../errors/input-error.js';
import type { Topology } from './model.js';
import { loadYamlTopology } from './yaml-loader.js';
import { loadScriptTopology, looksLikeScript } from './script-load.js';

/**
 * Reads a topology from a file or stdin ('-'). YAML and JSON files go to the
 * YAML front end; a `.sh` file is a shell script (SPEC §2).
 */
export function loadTopologyFile(path: string): Topology {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (e as Error).message;
    throw new InputError(`${path}: ${why}`, { file: path });
  }
  if (path.endsWith('.sh') || (path === '-' && looksLikeScript(text))) return loadScriptTopology(text, path);
  return loadYamlTopology(text, path === '-' ? '<stdin>' : path);
}
