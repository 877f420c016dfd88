import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/api/verify.js';
import type { SimEvent } from '../../src/events/event.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// The crash test issue 20 asks for: `hoplab run` killed with SIGKILL at seeded
// random moments. Whatever the moment, the file at -o is the old recording,
// untouched, or the new run's, which every reader opens, says incomplete, and
// holds a prefix of what the uninterrupted run records, which verify confirms.

const dir = tempDir();
const RUN = ['run', 'recordings/triangle-storm.yaml', '--quiet', '--max-events', '20000'];
const KILLS = 20;

function events(path: string): SimEvent[] {
  const reader = new SqliteRecordingReader(path);
  try {
    return [...reader.events()];
  } finally {
    reader.close();
  }
}

/**
 * Starts a run onto `out` (which holds an old recording) and kills it with SIGKILL: at
 * `walBytes` 0, `ms` milliseconds after it started (before the new recording is in place,
 * mostly); otherwise once the new recording's WAL holds `walBytes` bytes (mid-run, at the
 * same point whatever the machine's speed). Resolves once the process is gone.
 */
function killedRun(out: string, walBytes: number, ms: number): Promise<void> {
  const child = spawn(process.execPath, [join(REPO, 'bin/hoplab'), ...RUN, '-o', out], { cwd: REPO, stdio: 'ignore' });
  const kill = (): boolean => child.kill('SIGKILL');
  const timer = walBytes === 0 ? setTimeout(kill, ms) : undefined;
  const poll =
    walBytes === 0 ? undefined : setInterval(() => (statSync(`${out}-wal`, { throwIfNoEntry: false })?.size ?? 0) >= walBytes && kill(), 2);
  return new Promise((resolve) =>
    child.on('exit', () => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve();
    }),
  );
}

/** Runs `work` on each item, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map((item, j) => work(item, i + j)));
}

describe('kill -9 at any moment leaves a readable recording (seeded)', () => {
  it(`${KILLS} kills: the old recording untouched, or a verified prefix of the run`, async () => {
    const whole = join(dir, 'whole.db');
    expect(hoplab([...RUN, '-o', whole]).status).toBe(0);
    const reference = events(whole);
    const old = join(dir, 'old.db');
    expect(hoplab(['run', 'recordings/veth-pair.yaml', '--quiet', '-o', old]).status).toBe(0);
    // Seeded moments: one kill in five timed from the start, the others at a point of the
    // run's progress (its WAL's size), from its first commit to past its end.
    const moments = fc.sample(
      fc.oneof(
        fc.tuple(fc.constant(0), fc.integer({ min: 0, max: 300 })),
        fc.tuple(fc.integer({ min: 1, max: 1_100_000 }), fc.constant(0)),
        fc.tuple(fc.integer({ min: 1, max: 1_100_000 }), fc.constant(0)),
        fc.tuple(fc.integer({ min: 1, max: 1_100_000 }), fc.constant(0)),
        fc.tuple(fc.integer({ min: 1, max: 1_100_000 }), fc.constant(0)),
      ),
      { numRuns: KILLS, seed: 20 },
    );
    const outs = moments.map((_, i) => join(dir, `killed-${i}.db`));
    for (const out of outs) copyFileSync(old, out);
    await inBatches(moments, 5, ([walBytes, ms], i) => killedRun(outs[i]!, walBytes, ms));

    let prefixes = 0;
    for (const [i, out] of outs.entries()) {
      const where = `kill ${i}: ${moments[i]![0] > 0 ? `at ${moments[i]![0]} bytes of WAL` : `${moments[i]![1]} ms after the start`}`;
      expect(existsSync(out), where).toBe(true);
      const reader = new SqliteRecordingReader(out);
      const { name } = reader.header();
      const status = reader.status();
      reader.close();
      if (name === 'veth-pair') {
        // Killed before the new recording was put in place: the old one, whole.
        expect(events(out), where).toHaveLength(38);
        continue;
      }
      prefixes++;
      const got = events(out);
      expect(got.length, where).toBe(status.events);
      expect(got, where).toEqual(reference.slice(0, got.length));
      if (status.events < reference.length) expect(status.complete, where).toBe(false);
      const checked = verify(out);
      expect(checked.divergence, where).toBeUndefined();
      expect(checked.events, where).toBe(got.length);
    }
    expect(prefixes).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length).toBeLessThanOrEqual(KILLS - prefixes);
  }, 180_000);
});
