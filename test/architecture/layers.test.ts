import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/cli.js';

// The layer rules of ARCHITECTURE.md, as .dependency-cruiser.cjs encodes
// them: the real tree keeps them, and a deliberately wrong import breaks them.

const DEPCRUISE = join(REPO, 'node_modules', '.bin', 'depcruise');
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cruise(cwd: string, ...extra: string[]): { status: number | null; out: string } {
  const r = spawnSync(DEPCRUISE, ['src', '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'err-long', ...extra], {
    cwd,
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A small tree with one file per named folder, each importing what `imports` says. */
function tree(files: Record<string, string[]>): string {
  const root = join(dir, `tree-${Object.keys(files).join('-').replace(/\W+/g, '_')}`);
  for (const [file, imports] of Object.entries(files)) {
    mkdirSync(join(root, 'src', file.split('/')[0]!), { recursive: true });
    writeFileSync(join(root, 'src', file), `${imports.map((i, n) => `import * as m${n} from '${i}';`).join('\n')}\nexport const x = 1;\n`);
  }
  copyFileSync(join(REPO, 'tsconfig.json'), join(root, 'tsconfig.json'));
  return root;
}

describe('the dependency rules', () => {
  it('hold on the repository as it is (npm run deps)', () => {
    const r = cruise(REPO);
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('refuse wire/ importing anything of hoplab', () => {
    const r = cruise(tree({ 'wire/codec.ts': ['../cli/main.js'], 'cli/main.ts': [] }));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/wire-imports-nothing/);
    expect(r.out).toMatch(/layer-wire/);
  });

  it('refuse a device importing the store, and a folder importing one above it', () => {
    const r = cruise(
      tree({ 'devices/host.ts': ['../store/writer.js'], 'store/writer.ts': [], 'tables/t.ts': ['../net/cable.js'], 'net/cable.ts': [] }),
    );
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/devices-never-record/);
    expect(r.out).toMatch(/layer-tables/);
  });

  it('refuse the library importing the CLI, and a cycle between two files', () => {
    const r = cruise(tree({ 'api/run.ts': ['../cli/flags.js'], 'cli/flags.ts': [], 'sim/a.ts': ['./b.js'], 'sim/b.ts': ['./a.js'] }));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/library-never-cli/);
    expect(r.out).toMatch(/no-circular/);
  });

  it('let a folder import the layers below it', () => {
    const r = cruise(
      tree({ 'cli/main.ts': ['../api/run.js'], 'api/run.ts': ['../pipeline/p.js'], 'pipeline/p.ts': ['../wire/w.js'], 'wire/w.ts': [] }),
    );
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });
});
