import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

// Test files share their worker's modules (vitest.config.ts, isolate: false).
// A file that replaces one of hoplab's modules with a mock must run in the
// isolated project instead: shared, it gets the real module whenever another
// file loaded it first, and passes or fails by the order files run in.

/** Every test file under `folder`, as a path from the repository's root. */
function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(REPO, path)] : [];
  });
}

describe('test isolation', () => {
  it('runs every file that mocks a module, and only those, in the isolated project', () => {
    const mocking = testFiles(join(REPO, 'test')).filter((file) => /\bvi\.(?:mock|doMock)\(/.test(readFileSync(join(REPO, file), 'utf8')));
    const config = readFileSync(join(REPO, 'vitest.config.ts'), 'utf8');
    const listed = /const MOCKING = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
    expect(mocking.length).toBeGreaterThan(0);
    expect([...listed.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort()).toEqual(mocking.sort());
  });
});
