import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

/**
 * The commands that read a recording start without rxjs's index. In Node,
 * `import 'rxjs'` is its CommonJS build, which loads every operator (about
 * 100 ms on this project's machine, a third of `hoplab state`); the modules
 * they share with `run` import the few rxjs classes they use one by one
 * (pipeline/recorded-events.ts). A probe loaded with --import reports, as the
 * process exits, whether the index was ever loaded: CommonJS modules, also
 * those an ES module imports, are in require's cache.
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

describe('commands that read a recording start lean', () => {
  it('run loads the index (the probe sees it), state and events do not, and still answer', () => {
    expect(withProbe(['run', 'recordings/veth-pair.yaml', '-o', rec, '--quiet']).indexLoaded).toBe(true);
    const state = withProbe(['state', rec, '--at', '12']);
    expect(state.indexLoaded).toBe(false);
    expect(state.stdout).toMatch(/^state just after #12 at 0\.000002672 s$/m);
    const events = withProbe(['events', rec, '--to', '3']);
    expect(events.indexLoaded).toBe(false);
    expect(events.stdout.trim().split('\n')).toHaveLength(3);
  });
});
