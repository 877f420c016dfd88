#!/usr/bin/env node
// `npm run demo`: run every example topology in recordings/ and write its
// recording beside it. The headline runs are printed; the rest run quietly.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'hoplab');
const dir = join(root, 'recordings');
const headline = new Set(['veth-pair.yaml']);

function hoplab(args, quiet) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: hoplab ${args.join(' ')} exited ${r.status}`);
    process.exit(1);
  }
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const name = file.replace(/\.yaml$/, '');
  if (headline.has(file)) console.log(`\n== hoplab run recordings/${file}`);
  hoplab(['run', join('recordings', file), '-o', join('recordings', `${name}.db`)], !headline.has(file));
}
console.log('\nRecordings are in recordings/*.db. Try: ./bin/hoplab events recordings/veth-pair.db --kind neigh');
