import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, REPO, tempDir } from '../helpers/cli.js';

/**
 * hoplab starts without rxjs's index. In Node, `import 'rxjs'` is its
 * CommonJS build, which loads every operator (about 100 ms on this project's
 * machine, a third of `hoplab state`); hoplab imports the few rxjs classes
 * and operators it uses one by one (pipeline/recorded-events.ts). A probe
 * loaded with --import reports, as the process exits, whether the index was
 * ever loaded: CommonJS modules, also those an ES module imports, are in
 * require's cache.
 */
const dir = tempDir();
const probe = join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const loaded = Object.keys(cache).some((k) => k.replaceAll('\\\\', '/').endsWith('rxjs/dist/cjs/index.js'));
  process.stderr.write('rxjs index loaded: ' + loaded + '\\n');
});
`,
);
const rec = join(dir, 'veth.db');

function withProbe(args: string[]): { stdout: string; indexLoaded: boolean } {
  const r = hoplab(args, { env: { ...process.env, NODE_OPTIONS: `--import=${probe}` } });
  expect(r.status, r.stderr).toBe(0);
  const said = /rxjs index loaded: (true|false)/.exec(r.stderr);
  expect(said, r.stderr).not.toBeNull();
  return { stdout: r.stdout, indexLoaded: said![1] === 'true' };
}

describe('hoplab starts lean', () => {
  it('the probe sees the index when something imports it', () => {
    const r = spawnSync(process.execPath, [`--import=${probe}`, '--input-type=module', '-e', "await import('rxjs')"], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(r.stderr).toContain('rxjs index loaded: true');
  });

  it('run, state, events and export never load it, and still answer', () => {
    expect(withProbe(['run', 'recordings/veth-pair.yaml', '-o', rec, '--quiet']).indexLoaded).toBe(false);
    const state = withProbe(['state', rec, '--at', '12']);
    expect(state.indexLoaded).toBe(false);
    expect(state.stdout).toMatch(/^state just after #12 at 0\.000002672 s$/m);
    const events = withProbe(['events', rec, '--to', '3']);
    expect(events.indexLoaded).toBe(false);
    expect(events.stdout.trim().split('\n')).toHaveLength(3);
    expect(withProbe(['export', rec, '-o', join(dir, 'veth.pcapng')]).indexLoaded).toBe(false);
  });
});
