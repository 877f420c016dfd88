import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, REPO, tempDir } from '../helpers/cli.js';

/**
 * hoplab starts without rxjs's index. In Node, `import 'rxjs'` is its
 * CommonJS build, which loads every operator (about 100 ms on this project's
 * machine, a third of `hoplab state`); hoplab imports the few rxjs classes
 * and operators it uses one by one (pipeline/recorded-events.ts). Nor does a
 * command that only reads a recording load the yaml library: it is required
 * when a YAML text is first read (topology/yaml-library.ts), which a reader
 * does only for a schema 1-3 recording. A probe loaded with --import
 * reports, as the process exits, whether either was ever loaded: CommonJS
 * modules, also those an ES module imports, are in require's cache.
 */
const dir = tempDir();
const probe = join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const loaded = (tail) => Object.keys(cache).some((k) => k.replaceAll('\\\\', '/').endsWith(tail));
process.on('exit', () => {
  process.stderr.write('rxjs index loaded: ' + loaded('rxjs/dist/cjs/index.js') + '\\n');
  process.stderr.write('yaml loaded: ' + loaded('node_modules/yaml/dist/index.js') + '\\n');
});
`,
);
const rec = join(dir, 'veth.db');

function withProbe(args: string[]): { stdout: string; indexLoaded: boolean; yamlLoaded: boolean } {
  const r = hoplab(args, { env: { ...process.env, NODE_OPTIONS: `--import=${probe}` } });
  expect(r.status, r.stderr).toBe(0);
  const said = /rxjs index loaded: (true|false)\nyaml loaded: (true|false)/.exec(r.stderr);
  expect(said, r.stderr).not.toBeNull();
  return { stdout: r.stdout, indexLoaded: said![1] === 'true', yamlLoaded: said![2] === 'true' };
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

  it('run loads the yaml library to read its topology', () => {
    expect(withProbe(['run', 'recordings/veth-pair.yaml', '-o', join(dir, 'again.db'), '--quiet']).yamlLoaded).toBe(true);
  });

  it('the commands that read a recording never load the yaml library, and still answer', () => {
    const state = withProbe(['state', rec, '--at', '12']);
    expect(state.yamlLoaded).toBe(false);
    expect(state.stdout).toMatch(/^state just after #12 at 0\.000002672 s$/m);
    for (const args of [
      ['events', rec, '--to', '3'],
      ['export', rec, '-o', join(dir, 'again.pcapng')],
      ['replay', rec, '--speed', '1e9'],
      ['trace', rec, '12'],
      ['stats', rec],
      ['diff', rec, rec],
    ]) {
      expect(withProbe(args).yamlLoaded, args.join(' ')).toBe(false);
    }
  });

  it('a schema 1-3 recording, whose start is read from its topology text, loads it when it is read', () => {
    const legacy = withProbe(['state', join(REPO, 'test/fixtures/veth-pair.schema-v1.db'), '--at', '1']);
    expect(legacy.yamlLoaded).toBe(true);
    expect(legacy.stdout).toMatch(/^state just after #1 at /m);
  });
});
