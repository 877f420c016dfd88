#!/usr/bin/env node
// `npm run demo`: run every example in recordings/ (YAML topologies and the
// tutorial's shell script) and write each recording beside it, then the
// headline views: a broadcast storm's growth, hub vs switch compared, and a
// Wireshark export. Everything it makes lands in recordings/, where git
// ignores it: recordings and captures are build outputs, not sources.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'hoplab');

/** Runs hoplab; `allowed` lists exit codes that are answers here, not failures. */
function hoplab(args, { quiet = false, allowed = [0] } = {}) {
  console.log(`\n$ hoplab ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (!allowed.includes(r.status)) {
    console.error(`demo: hoplab ${args.join(' ')} exited ${r.status}`);
    process.exit(1);
  }
}

const examples = readdirSync(join(root, 'recordings'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
for (const file of examples) {
  const name = file.replace(/\.yaml$/, '');
  hoplab(['run', `recordings/${file}`, '-o', `recordings/${name}.db`], { quiet: file !== 'veth-pair.yaml' });
}
// The tutorial fails on purpose in places (ping before lo is up), as it does on Linux: exit 1 is expected.
if (existsSync(join(root, 'recordings/tutorial.sh')))
  hoplab(['run', 'recordings/tutorial.sh', '-o', 'recordings/tutorial.db'], { allowed: [0, 1] });

const has = (name) => existsSync(join(root, 'dist/cli', `${name}.js`));
if (has('stats')) hoplab(['stats', 'recordings/mesh-storm.db']);
if (has('diff')) hoplab(['diff', 'recordings/hub-3-hosts.db', 'recordings/switch-3-hosts.db']);
if (has('export')) {
  hoplab(['export', 'recordings/triangle-storm.db', '-o', 'recordings/triangle-storm.pcapng']);
  hoplab(['export', 'recordings/veth-pair.db', '-o', 'recordings/veth-pair.pcapng']);
}
console.log('\nRecordings are in recordings/*.db; open recordings/*.pcapng in Wireshark. Next: hoplab step recordings/triangle-storm.db');
