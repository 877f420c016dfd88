import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/pipeline/progress-line.js';
import { REPO, tempDir } from '../helpers/cli.js';

// The progress line: drawn on stderr only when stderr is a terminal, redrawn
// in place a few times a second, erased at the end; never when piped, with
// --json or with --no-progress. The terminal is a real pseudo-terminal made
// by script(1), as a user's shell has.

const BIN = join(REPO, 'bin', 'hoplab');
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ERASE = '\r\x1b[K';
// 600,000 events: about a second on this machine, several redraws at 250 ms; the export and verify of it take longer.
const STORM = ['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', '600000'];

/** Runs hoplab under a pseudo-terminal; what the terminal received (stdout and stderr together). */
function onTerminal(args: string[]): { status: number | null; screen: string } {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, screen: r.stdout };
}

/** The progress lines drawn, in order (those of `command`: run, export, verify). */
function drawn(screen: string, command = 'run'): string[] {
  return screen
    .split(ERASE)
    .slice(1)
    .map((l) => l.replace(/\r?\n[\s\S]*$/, ''))
    .filter((l) => l.startsWith(`hoplab: ${command} `));
}

describe('the progress line', () => {
  it('on a terminal, is redrawn in place as the run goes, with more events each time, and erased before the summary', () => {
    const { status, screen } = onTerminal([...STORM, '-o', join(dir, 'tty.db')]);
    expect(status).toBe(0);
    const lines = drawn(screen);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const counts = lines.map((l) => Number(/ ([\d,]+) events/.exec(l)![1]!.replace(/,/g, '')));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)!).toBeGreaterThan(counts[0]!);
    expect(lines.at(-1)).toMatch(/^hoplab: run mesh-storm {2}[\d,]+ events {2}t=[\d.]+ s {2}[\d.]+[kM]?\/s {2}[\d.]+ MB {2}\d+%$/);
    // Erased (not left behind) before the summary line.
    expect(screen).toContain(`${ERASE}hoplab: mesh-storm: 600000 events`);
  });

  it('is drawn by export and verify too, on the recording the run made', () => {
    const rec = join(dir, 'tty.db');
    const exported = onTerminal(['export', rec, '-o', join(dir, 'tty.pcapng')]);
    expect(exported.status).toBe(0);
    expect(drawn(exported.screen, 'export').length).toBeGreaterThanOrEqual(1);
    const verified = onTerminal(['verify', rec]);
    expect(verified.status).toBe(0);
    expect(drawn(verified.screen, 'verify').length).toBeGreaterThanOrEqual(1);
  });

  it('is not drawn when stderr is not a terminal', () => {
    const r = spawnSync(process.execPath, [BIN, ...STORM, '-o', join(dir, 'piped.db')], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('\x1b[K');
    expect(r.stderr).toMatch(/^hoplab: mesh-storm: 600000 events in /);
  });

  it('is not drawn on a terminal with --no-progress, or with --json', () => {
    for (const extra of [['--no-progress'], ['--json', '--max-events', '3000']]) {
      const { status, screen } = onTerminal([...STORM, '-o', join(dir, 'off.db'), ...extra]);
      expect(status).toBe(0);
      expect(drawn(screen)).toEqual([]);
    }
  });

  it('reports how far the run is toward its nearer limit, and the file being written', () => {
    let now = 0;
    const out: string[] = [];
    const line = new ProgressLine(
      { write: (t) => out.push(t), columns: 200 },
      { label: 'run x', limits: { events: 4096 }, bytes: () => 2_500_000, clock: () => now },
    );
    now = 1000;
    line.update(2048, 1_500_000);
    line.finish();
    expect(out[0]).toBe(`${ERASE}hoplab: run x  2,048 events  t=0.0015 s  2k/s  2.5 MB  50%`);
    expect(out.at(-1)).toBe(ERASE);
  });
});
