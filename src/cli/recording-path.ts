import { basename, dirname, extname, join } from 'node:path';

/**
 * Where `hoplab run` records when `-o` is not given: beside the topology file,
 * named after it (`labs/ring.yaml` -> `labs/ring.db`, `lab.sh` -> `lab.db`), as
 * a compiler puts its output beside its source; from stdin, in the current
 * folder, named after the topology. A topology's `name:` is never a path: only
 * its letters, digits, `.`, `_` and `-` are kept. No folder is ever created.
 */
export function defaultRecordingPath(file: string, topologyName: string): string {
  if (file !== '-') return join(dirname(file), `${basename(file, extname(file))}.db`);
  const safe = topologyName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return `${safe || 'hoplab'}.db`;
}
