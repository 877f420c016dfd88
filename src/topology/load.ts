import { closeSync, openSync, readSync } from 'node:fs';
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
    text = readBounded(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (e as Error).message;
    throw new InputError(`${path}: ${why}`, { file: path });
  }
  if (path.endsWith('.sh') || (path === '-' && looksLikeScript(text))) return loadScriptTopology(text, path);
  return loadYamlTopology(text, path === '-' ? '<stdin>' : path);
}

/**
 * The most a topology file or script may hold. A 40,000-node topology is
 * about 4 MB; past this limit, parsing would cost minutes and gigabytes
 * (a 20 MB quoted string took 15 s and 750 MB), so the file is refused unread.
 */
export const MAX_TOPOLOGY_BYTES = 16 * 1024 * 1024;

/** The file's text (stdin for '-'), read in chunks and refused once it is past MAX_TOPOLOGY_BYTES. */
function readBounded(path: string): string {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_TOPOLOGY_BYTES) {
        throw new InputError(`${path}: more than ${MAX_TOPOLOGY_BYTES} bytes (16 MiB), the most a topology or script may hold`, {
          file: path,
        });
      }
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}
