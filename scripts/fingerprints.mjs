#!/usr/bin/env node
// `npm run fingerprints`: run every example in recordings/ through the real
// CLI, verify each recording, and print each one's event count and
// fingerprint as JSON. With --write, store them in test/fixtures/fingerprints.json,
// which test/examples/fingerprints.test.ts compares every run against: a change
// in any example's frames, texts or decisions then shows as a failing test,
// and a deliberate one is committed with its new fingerprint.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'hoplab');
const fixture = join(root, 'test', 'fixtures', 'fingerprints.json');

function hoplab(args) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

const examples = readdirSync(join(root, 'recordings'))
  .filter((f) => /\.(yaml|sh)$/.test(f))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'hoplab-fingerprints-'));
const result = {};
try {
  for (const file of examples) {
    const db = join(dir, `${file}.db`);
    const run = hoplab(['run', `recordings/${file}`, '-o', db, '--quiet']);
    // The tutorial fails some lines on purpose (exit 1), as it does on Linux.
    if (run.status !== 0 && run.status !== 1) throw new Error(`hoplab run recordings/${file} exited ${run.status}: ${run.stderr}`);
    const verify = hoplab(['verify', db]);
    const m = /identical: (\d+) events re-simulated, fingerprint ([0-9a-f]{16})/.exec(verify.stdout);
    if (verify.status !== 0 || !m) throw new Error(`hoplab verify of recordings/${file} failed: ${verify.stdout}${verify.stderr}`);
    result[file] = { events: Number(m[1]), fingerprint: m[2] };
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const json = `${JSON.stringify(result, null, 2)}\n`;
if (process.argv.includes('--write')) {
  writeFileSync(fixture, json);
  console.error(`fingerprints: wrote ${Object.keys(result).length} examples to test/fixtures/fingerprints.json`);
} else process.stdout.write(json);
