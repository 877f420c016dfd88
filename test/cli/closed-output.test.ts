import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// `hoplab … | head`: when the reader of stdout goes away, a command stops
// reading and exits 0 at once, as `yes | head` does, instead of scanning a
// whole recording (or simulating a whole run) for nobody.

const BIN = join(REPO, 'bin', 'hoplab');
const dir = tempDir();
const big = join(dir, 'big.db');
const small = join(dir, 'small.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `hoplab ARGS | head -N` in a shell; hoplab's own exit status, what head printed, hoplab's stderr, the wall time. */
function piped(args: string[], lines = 2): { status: number; stdout: string; stderr: string; ms: number } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const started = performance.now();
  const r = spawnSync('bash', ['-c', `${quoted} 2>"$ERR" | head -${lines}; exit "\${PIPESTATUS[0]}"`], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ERR: join(dir, 'stderr.txt') },
  });
  const ms = performance.now() - started;
  const stderr = spawnSync('cat', [join(dir, 'stderr.txt')], { encoding: 'utf8' }).stdout;
  return { status: r.status ?? -1, stdout: r.stdout, stderr, ms };
}

beforeAll(() => {
  const r = hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', '1000000', '-o', big]);
  expect(r.status, r.stderr).toBe(0);
  expect(hoplab(['run', 'recordings/veth-pair.yaml', '--quiet', '-o', small]).status).toBe(0);
});

describe('a command whose stdout closes stops early and exits 0', () => {
  it("events REC | head -2, on a million events: two lines, exit 0, in under half a full listing's time (start-up aside)", () => {
    const listing = (rec: string): number => {
      const started = performance.now();
      const r = spawnSync(process.execPath, [BIN, 'events', rec], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(r.status).toBe(0);
      return performance.now() - started;
    };
    // What any `hoplab events` costs before its first event: Node, the modules, opening the file.
    const startupMs = listing(small);
    const fullMs = listing(big) - startupMs;
    // The quickest of three: under the rest of the suite one start-up can take far longer than the one measured above.
    let fastestMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const head = piped(['events', big]);
      expect(head.status, head.stderr).toBe(0);
      expect(head.stderr).toBe('');
      expect(head.stdout.trim().split('\n')).toHaveLength(2);
      expect(head.stdout).toMatch(/^#1\s/);
      fastestMs = Math.min(fastestMs, head.ms);
    }
    // Half, not less: the full listing takes about 2 s here, and under the rest of the
    // suite the read-ahead thread's start alone has taken 1.5 s. A listing that did not
    // stop would take the full listing's time, twice the bound.
    expect(fastestMs - startupMs).toBeLessThan(fullMs / 2);
  });

  it('replay REC | head -2 stops the replay, exit 0, long before its pacing would have ended', () => {
    const reader = new SqliteRecordingReader(big);
    const virtualSeconds = reader.status().endTime / 1e9;
    reader.close();
    // Paced at 0.0001 virtual seconds per wall second, the whole storm would take over 20 s.
    const speed = 0.0001;
    const r = piped(['replay', big, '--speed', String(speed)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.ms).toBeLessThan(((virtualSeconds / speed) * 1000) / 4);
  });

  it('run TOPOLOGY | head -2 stops the simulation, says why, and leaves a readable recording marked incomplete', () => {
    const rec = join(dir, 'storm.db');
    // mesh-storm with its 4,000-event limit lifted: it would run for 10 M events.
    const r = piped(['run', 'recordings/mesh-storm.yaml', '--max-events', '10000000', '-o', rec]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/stopped: the output was closed; the recording is marked incomplete; recorded to /);
    const reader = new SqliteRecordingReader(rec);
    const status = reader.status();
    reader.close();
    expect(status.complete).toBe(false);
    expect(status.stopReason).toBe('interrupted');
    expect(status.events).toBeGreaterThan(0);
    expect(status.events).toBeLessThan(1_000_000);
  });

  it('step without a terminal stops reading commands once stdout closes, though its input stays open', async () => {
    const child = spawn('bash', ['-c', `'${process.execPath}' '${BIN}' step '${big}' | head -1; exit "\${PIPESTATUS[0]}"`], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Commands keep coming and stdin is never closed: only the closed stdout can end the stepper.
    // A command written as it exits meets a closed pipe (EPIPE here): that is the point, not a failure.
    child.stdin.on('error', () => {});
    const feed = setInterval(() => child.stdin.write('next\n'), 20);
    const status = await new Promise<number | null>((resolve) => {
      const giveUp = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (code) => {
        clearTimeout(giveUp);
        resolve(code);
      });
    });
    clearInterval(feed);
    child.stdin.destroy();
    expect(status).toBe(0);
    expect(stdout).toMatch(/^big\.db: 1000000 events; at #1/);
  });
});
