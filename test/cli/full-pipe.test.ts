import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// `hoplab events REC | less`, and the reader pauses: hoplab waits for it as a
// blocking write would, holding the CPU no more than a paused `yes | less`
// does. Node's stdout pipe is non-blocking, so a full pipe answers EAGAIN;
// retried at once, that was a core spinning until the reader came back.

const BIN = join(REPO, 'bin', 'hoplab');
const dir = tempDir();
const rec = join(dir, 'storm.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const r = hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', '100000', '-o', rec]);
  expect(r.status, r.stderr).toBe(0);
});

/** CPU seconds (user and system) the process has used, from /proc (clock ticks of 1/100 s, USER_HZ). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a full pipe', () => {
  it('is waited for, not spun on: a second of a paused reader costs hoplab little CPU, and every line still arrives', async () => {
    const child = spawn(process.execPath, [BIN, 'events', rec], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.pause();
    // Long enough to start and fill the pipe; the reader reads nothing meanwhile.
    await sleep(1500);
    const before = cpuSeconds(child.pid!);
    await sleep(1000);
    const spent = cpuSeconds(child.pid!) - before;
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) lines++;
    });
    child.stdout.resume();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(lines).toBe(100_000);
    // Spinning, this is the whole second (measured: 0.96-1.0 s); waiting, a few hundredths.
    expect(spent).toBeLessThan(0.3);
  }, 30_000);
});
