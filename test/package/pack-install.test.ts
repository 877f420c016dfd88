import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startView } from '../helpers/browser.js';
import { REPO, tempDir } from '../helpers/cli.js';
import { copySourceTree } from '../helpers/working-tree.js';

// The package as a user gets it: `npm pack` of the sources (in a copy of the
// working tree, so that its prepack build cannot touch the dist/ the other
// tests are running), installed into an empty project, then its `hoplab` run
// from there with npx: run, events, export, diff, on the examples it ships.

const haveTshark = spawnSync('which', ['tshark'], { stdio: 'ignore' }).status === 0;
const VERSION: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
const work = tempDir();
const source = join(work, 'source');
const consumer = join(work, 'consumer');
let tarball = '';
let contents: string[] = [];

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

function npx(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['--no', 'hoplab', ...args], { cwd: consumer, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  copySourceTree(source);
  symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'));
  tarball = join(work, npm(['pack', '--pack-destination', work, '--json'], source).match(/"filename": "([^"]+)"/)![1]!);
  contents = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // --ignore-scripts: better-sqlite3 would compile SQLite from source for about a
  // minute and a half (there is no prebuilt binary to fetch here). The module it
  // builds is the one this repository's npm ci already built, for the same
  // better-sqlite3 version and the same Node, so it is copied in instead.
  npm(['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], consumer);
  const built = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  const ours = JSON.parse(readFileSync(join(REPO, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const theirs = JSON.parse(readFileSync(join(consumer, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  expect(theirs).toBe(ours);
  mkdirSync(dirname(join(consumer, built)), { recursive: true });
  cpSync(join(REPO, built), join(consumer, built));
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack, installed into an empty project', () => {
  it('the tarball holds the built CLI, its workers and schema, and the examples, not the sources or tests', () => {
    expect(tarball).toMatch(new RegExp(`hoplab-${VERSION.replace(/\./g, '\\.')}\\.tgz$`));
    for (const needed of [
      'package/bin/hoplab',
      'package/dist/cli/main.js',
      'package/dist/store/schema.sql',
      'package/dist/store/recorder-worker.js',
      'package/dist/store/log-read-ahead-worker.js',
      'package/dist/compare/diff-worker.js',
      'package/recordings/veth-pair.yaml',
      'package/recordings/tutorial.sh',
      'package/LICENSE',
      'package/README.md',
      'package/CHANGELOG.md',
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/page/index.html',
      'package/dist/page/assets/index.js',
      'package/dist/page/assets/index.css',
    ]) {
      expect(contents).toContain(needed);
    }
    expect(contents.filter((f) => /^package\/(src|test|scripts)\//.test(f) || f.endsWith('.db') || f.endsWith('.map'))).toEqual([]);
  });

  it('npx hoplab run records an example shipped in the package', () => {
    const r = npx(['run', 'node_modules/hoplab/recordings/mesh-storm.yaml', '-o', 'storm.db', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^hoplab: mesh-storm: 4000 events in .* recorded to storm\.db\n$/);
  });

  it('npx hoplab events lists it', () => {
    const r = npx(['events', 'storm.db', '--to', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^#1\s+0\.000000000\s+h1\s+command\s+send eth0 --dst ff:ff:ff:ff:ff:ff/),
      expect.stringMatching(/^#2\s+0\.000000000\s+h1:eth0\s+tx\s/),
    ]);
  });

  it.skipIf(!haveTshark)('npx hoplab export writes a capture tshark reads', () => {
    const r = npx(['export', 'storm.db', '-o', 'storm.pcapng']);
    expect(r.status, r.stderr).toBe(0);
    const exported = Number(/exported (\d+) packets/.exec(r.stderr)?.[1]);
    const packets = execFileSync('tshark', ['-r', join(consumer, 'storm.pcapng'), '-T', 'fields', '-e', 'frame.number'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(packets.length).toBe(exported);
    expect(exported).toBeGreaterThan(1000);
  });

  it('npx hoplab diff compares two shipped examples', () => {
    for (const name of ['hub-3-hosts', 'switch-3-hosts'])
      expect(npx(['run', `node_modules/hoplab/recordings/${name}.yaml`, '-o', `${name}.db`, '--quiet']).status).toBe(0);
    const r = npx(['diff', 'hub-3-hosts.db', 'switch-3-hosts.db', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).identical).toBe(false);
    expect(readdirSync(consumer).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('hoplab view serves the page the package ships, and a browser draws it with no request off this machine', async () => {
    const viewer = await startView(['hub-3-hosts.db'], { bin: join(consumer, 'node_modules/hoplab/bin/hoplab'), cwd: consumer });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const asked: string[] = [];
      page.on('request', (r) => {
        asked.push(r.url());
      });
      await page.goto(`${viewer.url}#seq=5`);
      await page.waitForSelector('body[data-ready="5"]');
      expect(await page.$$eval('.picture g.node', (gs) => gs.map((g) => g.getAttribute('aria-label')).sort())).toEqual([
        'host h1',
        'host h2',
        'host h3',
        'hub hub1',
      ]);
      expect(asked.filter((u) => !u.startsWith(viewer.url))).toEqual([]);
      expect(asked).toContain(`${viewer.url}assets/index.js`);
    } finally {
      await browser.close();
      expect(await viewer.stop()).toBe(0);
    }
  });

  it("docs/api.md's example type-checks (strict) against the installed package and runs as documented", () => {
    const doc = readFileSync(join(REPO, 'docs/api.md'), 'utf8');
    const example = /## An example[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)![1]!;
    writeFileSync(join(consumer, 'example.ts'), example);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules/@types')],
          skipLibCheck: false,
          outDir: '.',
        },
        files: ['example.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr, 'tsc').toBe('');
    expect(tsc.status).toBe(0);
    const ran = spawnSync(process.execPath, ['example.js'], { cwd: consumer, encoding: 'utf8' });
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const lines = ran.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^flood #\d+ at sw1:p\d$/);
    expect(lines).toContain('switch-3-hosts: 67 events, stopped: until');
    expect(lines.some((l) => /dev p1 master sw1/.test(l))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^\d+ packets written to switch\.pcapng$/));
    expect(lines.at(-1)).toBe('bad input: no-such-lab.yaml: No such file or directory');
  });
});
