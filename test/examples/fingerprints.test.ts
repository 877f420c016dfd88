import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// Every example's recording is a build output (npm run demo), not committed;
// what is committed is its fingerprint (test/fixtures/fingerprints.json, made
// by `npm run fingerprints -- --write`). Each example is run and verified
// through the real CLI here, so any change in its frames, texts or decisions
// shows, and a deliberate one is committed with its new fingerprint.

const EXPECTED: Record<string, { events: number; fingerprint: string }> = JSON.parse(
  readFileSync(join(REPO, 'test/fixtures/fingerprints.json'), 'utf8'),
);
const EXAMPLES = readdirSync(join(REPO, 'recordings'))
  .filter((f) => /\.(yaml|sh)$/.test(f))
  .sort();
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every example in recordings/ behaves as its committed fingerprint says', () => {
  it('every example has a fingerprint, and every fingerprint an example', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(EXAMPLES);
  });

  for (const file of EXAMPLES) {
    it(`${file}: hoplab run, then hoplab verify, gives the committed fingerprint`, () => {
      const db = join(dir, `${file}.db`);
      const run = hoplab(['run', `recordings/${file}`, '-o', db, '--quiet']);
      // The tutorial fails some lines on purpose (ping before lo is up), as on Linux.
      expect(run.status, run.stderr).toBe(file === 'tutorial.sh' ? 1 : 0);
      const verify = hoplab(['verify', db]);
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toContain(
        `identical: ${EXPECTED[file]?.events} events re-simulated, fingerprint ${EXPECTED[file]?.fingerprint}`,
      );
    });
  }
});
