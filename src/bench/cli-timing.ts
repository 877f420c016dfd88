import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/**
 * What the bench's CLI rows share (issue 21, item 1: the bench measures what
 * users run): `bin/hoplab` timed as a process of its own, with its peak RSS,
 * its start-up to subtract, and a recording's snapshot share.
 */
const HOPLAB = fileURLToPath(new URL('../../bin/hoplab', import.meta.url));
/** GNU time reports a child's peak RSS (its %M); without it the rows say n/a. */
const GNU_TIME = '/usr/bin/time';

/** Where each figure goes: main.ts's row (figure, value, ceiling, ratio). */
export type RowSink = (figure: string, value: string, ceiling: string, ratio: string) => void;

export interface CliRun {
  seconds: number;
  events: number;
  peakRssMb?: number;
  snapshotShare?: number;
  /** Seconds of a run of the same file stopped at its first event: start-up and loading the topology. */
  loadSeconds?: number;
  error?: string;
}

/**
 * `bin/hoplab ARGS` as a user runs it: wall seconds, the events its summary line counts, its peak RSS.
 * `discardStdout` sends its standard output to /dev/null (replay prints a line per event).
 */
export function timeCli(args: readonly string[], discardStdout = false): CliRun {
  const timed = existsSync(GNU_TIME);
  const argv = timed ? ['-f', 'peak-rss-kb %M', process.execPath, HOPLAB, ...args] : [HOPLAB, ...args];
  const started = process.hrtime.bigint();
  const r = spawnSync(timed ? GNU_TIME : process.execPath, argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) return { seconds, events: 0, error: (r.stderr || `exit ${r.status}`).split('\n')[0]! };
  const rss = /peak-rss-kb (\d+)/.exec(r.stderr);
  return {
    seconds,
    events: Number(/: (\d+) events in/.exec(r.stderr)?.[1] ?? 0),
    ...(rss && { peakRssMb: Math.round(Number(rss[1]) / 1024) }),
  };
}

/** The share of a recording's bytes that its snapshots take. */
export function snapshotShare(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const { bytes } = db.prepare('SELECT coalesce(sum(length(state)), 0) AS bytes FROM snapshots').get() as { bytes: number };
    return bytes / statSync(path).size;
  } finally {
    db.close();
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Seconds `bin/hoplab` takes to start and exit: the median of three `--version` runs. */
export function cliStartupSeconds(): number {
  return median(Array.from({ length: 3 }, () => timeCli(['--version']).seconds));
}
