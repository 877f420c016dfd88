import type { SimEvent } from '../events/event.js';
import { formatEvent } from '../events/format-event.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { basename } from 'node:path';
import { verify } from '../api/verify.js';
import { progressLine } from './progress.js';
import { say } from './say.js';

/**
 * `hoplab verify REC.db`: re-simulate the recorded inputs and compare every
 * event. Exit 0 with the fingerprint when identical; exit 1 naming the first
 * event that differs, in both versions.
 */
export async function verifyCommand(path: string, flags: { progress?: boolean } = {}): Promise<number> {
  const out = new LineWriter(1);
  const progress = progressLine(flags, { label: `verify ${basename(path)}` });
  try {
    const r = verify(path, progress && ((events, t) => progress.update(events, t)));
    progress?.finish();
    for (const n of r.notes) say(`hoplab: verify: ${n}`);
    const d = r.divergence;
    if (!d && r.differences.length > 0) {
      for (const difference of r.differences) out.line(`${path}: differs from its re-simulation: ${difference}`);
      out.line(`  its ${r.events} events are identical to the re-simulation's`);
      return 1;
    }
    if (!d) {
      out.line(`${path}: identical: ${r.events} events re-simulated, fingerprint ${r.fingerprint}`);
      return 0;
    }
    const what = d.columns.length
      ? `in ${d.columns.join(', ')}`
      : d.recorded
        ? 'the re-simulation has no such event'
        : 'the recording has no such event';
    out.line(`${path}: differs from its re-simulation at #${d.seq} (${what}); the ${r.events} events before it are identical`);
    out.line(`  recorded:     ${d.recorded ? describe(d.recorded) : '(none)'}`);
    out.line(`  re-simulated: ${d.resimulated ? describe(d.resimulated) : '(none)'}`);
    return 1;
  } finally {
    progress?.finish();
    out.flush();
  }
}

function describe(e: SimEvent): string {
  return `${formatEvent(e)}\n                why: ${e.why}`;
}
