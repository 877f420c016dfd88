import { diff } from '../api/diff.js';
import { ScenarioMismatch } from '../compare/diff.js';
import { diffText } from '../compare/diff-text.js';
import { parseMapFlag } from '../compare/pairing.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { progressLine } from './progress.js';
import { say } from './say.js';

export interface DiffFlags {
  json?: boolean;
  map?: string;
  progress?: boolean;
}

/**
 * `hoplab diff A.db B.db`: compare two topologies' recordings of one
 * scenario. A difference is an answer (exit 0); recordings of different
 * scenarios cannot be compared, and a bad --map pairs nothing (exit 2, with the reason).
 */
export async function diffCommand(pathA: string, pathB: string, flags: DiffFlags): Promise<number> {
  const map = flags.map === undefined ? undefined : parseMapFlag(flags.map);
  const out = new LineWriter(1);
  const progress = progressLine(flags, { label: 'diff' });
  try {
    const report = await diff(pathA, pathB, progress && ((events, t) => progress.update(events, t)), { ...(map && { map }) });
    progress?.finish();
    if (flags.json) out.line(JSON.stringify(report));
    else for (const line of diffText(report)) out.line(line);
    return 0;
  } catch (e) {
    if (!(e instanceof ScenarioMismatch)) throw e;
    say(`hoplab: ${pathA} and ${pathB} record ${e.message}`);
    return 2;
  } finally {
    progress?.finish();
    out.flush();
  }
}
