// node scripts/cache-phase.mjs DIST TOPOLOGY FROM TO: what the engine does per event between
// event FROM and event TO of TOPOLOGY (YAML), counted by valgrind's cachegrind instead of timed:
// instructions, L1 data misses and L2 misses per event. It runs scripts/engine-phases.mjs with
// DIST's build to FROM and to TO events, the two at once, and subtracts.
//
// Why (issue 21): this machine's timings move 10-50% from run to run, and a change worth a few
// percent cannot be told from that. Counts do not move. The caches are one core's of the
// machine the bench ran on (AMD EPYC, Zen 5: L1d 48 KiB 12-way, L2 1 MiB 16-way), cachegrind's
// last level standing for the L2; a miss there goes to the L3, which the VM shares with
// whatever else the host runs, and which is what makes the timings of a big topology move.
// Each run takes about three minutes per million events (valgrind runs node 50-100x slower).
// `valgrind` must be installed (Debian's package).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [dist, file, fromArg, toArg] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
if (!dist || !file || !(from > 0) || !(to > from)) {
  console.error('usage: node scripts/cache-phase.mjs DIST TOPOLOGY FROM TO (events, FROM < TO)');
  process.exit(2);
}
const PHASES = fileURLToPath(new URL('./engine-phases.mjs', import.meta.url));
const CACHES = ['--I1=32768,8,64', '--D1=49152,12,64', '--LL=1048576,16,64'];

/** cachegrind's totals for a run to `events` events. */
function counted(events) {
  const args = ['--tool=cachegrind', '--cache-sim=yes', ...CACHES, '--cachegrind-out-file=/dev/null'];
  // --single-threaded: no compiler or GC threads whose work would land on either side unevenly.
  args.push(process.execPath, '--single-threaded', PHASES, dist, file, String(events), String(events));
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const total = (label) => Number(new RegExp(`${label}:\\s+([\\d,]+)`).exec(err)?.[1]?.replaceAll(',', ''));
      const counts = { instructions: total('I   refs'), l1Misses: total('D1  misses'), l2Misses: total('LLd misses') };
      if (code !== 0 || Object.values(counts).some(Number.isNaN)) reject(new Error(`valgrind exited ${code}:\n${err.slice(-2000)}`));
      else resolve(counts);
    });
  });
}

const [before, after] = await Promise.all([counted(from), counted(to)]);
const per = (key) => ((after[key] - before[key]) / (to - from)).toFixed(1);
console.log(
  `${file}, events ${from} to ${to}, engine only, per event: ${per('instructions')} instructions, ` +
    `${per('l1Misses')} L1 data misses, ${per('l2Misses')} L2 misses (data)`,
);
