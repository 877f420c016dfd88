import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/cli.js';
import { copySourceTree, sourceFiles } from '../helpers/working-tree.js';

// The repository stands alone: nothing in it reaches outside it, and what the
// README tells a new user to run leaves the working tree as git had it.

/** The README's "A first look" commands, one shell command each (a trailing `# …` is a comment). */
function firstLookCommands(readme: string): string[] {
  const section = readme.slice(readme.indexOf('## A first look'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => l !== '');
}

describe('nothing refers to a path outside the repository', () => {
  // The folder beside a clone, as a path or as join()'s arguments, and the machine's work folder.
  const outside = ['../shared', "'..', 'shared'", '/work/'];
  const self = 'test/package/stands-alone.test.ts';

  it('no source, test, script, document or CI file names the folder beside the clone', () => {
    const offenders = sourceFiles()
      .filter((f) => f !== self && !/\.(db|pcap|pcapng)$/.test(f))
      .flatMap((f) => {
        const text = readFileSync(join(REPO, f), 'utf8');
        return outside.filter((o) => text.includes(o)).map((o) => `${f}: ${o}`);
      });
    expect(offenders).toEqual([]);
  });
});

describe("the README's first look, run in a fresh copy of the repository", () => {
  const copy = join(tempDir(), 'hoplab');
  const commands = firstLookCommands(readFileSync(join(REPO, 'README.md'), 'utf8'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: copy, encoding: 'utf8' });
  const results: { command: string; status: number | null; stderr: string }[] = [];

  beforeAll(() => {
    copySourceTree(copy);
    // The built CLI and the dependencies are the ones `npm test` just built and installed.
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    symlinkSync(join(REPO, 'dist'), join(copy, 'dist'));
    git('init', '-q');
    // The two links are the test's, not the user's: a link is not the folder `.gitignore` names.
    execFileSync('sh', ['-c', 'printf "/node_modules\n/dist\n" >> .git/info/exclude'], { cwd: copy });
    git('add', '-A');
    git('commit', '-q', '-m', 'the working tree');
    // `npm run demo` is `npm run build` (done) and then this.
    const demo = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: copy, encoding: 'utf8' });
    results.push({ command: 'npm run demo', status: demo.status, stderr: demo.stderr });
    for (const line of commands) {
      // The Wireshark at the end of a line is the user's to open, not the test's.
      const command = line
        .split(' && ')
        .filter((part) => !part.startsWith('wireshark'))
        .join(' && ');
      const r = spawnSync('bash', ['-c', command], { cwd: copy, input: '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      results.push({ command, status: r.status, stderr: r.stderr });
    }
  }, 180_000);
  afterAll(() => rmSync(join(copy, '..'), { recursive: true, force: true }));

  it('has commands to run', () => {
    expect(commands.length).toBeGreaterThanOrEqual(5);
    expect(commands.every((c) => c.startsWith('./bin/hoplab '))).toBe(true);
  });

  it('every command succeeds (the tutorial fails three lines on purpose, as on Linux, and exits 1)', () => {
    const failed = results.filter((r) => r.status !== (r.command.includes('tutorial.sh') ? 1 : 0));
    expect(failed).toEqual([]);
  });

  it('leaves git status clean: what they write is ignored build output', () => {
    expect(git('status', '--porcelain')).toBe('');
    // ...and they did write: the recordings and the capture are there, beside the examples.
    const ignored = git('status', '--porcelain', '--ignored');
    expect(ignored).toContain('!! recordings/triangle-storm.db');
    expect(ignored).toMatch(/!! recordings\/\S+\.pcapng/);
  });
});
