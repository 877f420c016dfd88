import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * One bench workload in a process of its own (run-workload.ts), so that its
 * peak RSS is its own, and the median of several such runs.
 */
const WORKLOAD = fileURLToPath(new URL('./run-workload.js', import.meta.url));

export type Result = Record<string, number | string>;

/** `node run-workload.js NAME EVENTS [PATH] ARG`: its one JSON line, or `{ error }` naming the first line of its stderr. */
export function workload(name: string, events: number, path?: string, arg: number | string = 0): Result {
  const r = spawnSync(process.execPath, ['--expose-gc', WORKLOAD, name, String(events), ...(path ? [path] : []), String(arg)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Result;
  } catch {
    return { name, error: (r.stderr || `exit ${r.status}`).split('\n')[0]! };
  }
}

/** The run with the median `rate` of those that did not fail (the first run, with its error, if all did). */
export function medianOf(runs: Result[], rate = 'eventsPerSecond'): Result {
  const ok = runs.filter((r) => !r.error).sort((a, b) => Number(a[rate]) - Number(b[rate]));
  return ok.length ? ok[Math.floor((ok.length - 1) / 2)]! : runs[0]!;
}
