// node scripts/engine-phases.mjs DIST TOPOLOGY [EVENTS [BLOCK]]: runs TOPOLOGY (YAML) with DIST's
// build (a checkout's dist/), engine only, in process (LiveRun.runSync, no recording), and prints
// the milliseconds each BLOCK events took (default 2,000,000 events in blocks of 200,000), so that
// a run's phases (a LAN's ARP floods, then its pings) show apart (issue 21). Under cachegrind
// (scripts/cache-phase.mjs) the same run is counted instead of timed.
const [dist, file, eventsArg = '2000000', blockArg = '200000'] = process.argv.slice(2);
const positive = (text) => /^[1-9][0-9]*$/.test(text);
if (!dist || !file || !positive(eventsArg) || !positive(blockArg)) {
  console.error('usage: node scripts/engine-phases.mjs DIST TOPOLOGY [EVENTS [BLOCK]]');
  process.exit(2);
}
const { pathToFileURL } = await import('node:url');
const { resolve } = await import('node:path');
const load = (module) => import(pathToFileURL(resolve(dist, module)).href);
const { loadTopologyFile } = await load('topology/load.js');
const { LiveRun } = await load('pipeline/live-run.js');
const events = Number(eventsArg);
const block = Number(blockArg);
const run = new LiveRun(loadTopologyFile(file), { maxEvents: events });
const blocks = [];
let seen = 0;
let blockStart = performance.now();
const started = blockStart;
run.runSync(() => {
  if (++seen % block !== 0) return;
  const now = performance.now();
  blocks.push(Math.round(now - blockStart));
  blockStart = now;
});
console.log(
  `${file}: ${seen} events, engine only; ms per ${block} events: ${blocks.join(' ')}; total ${Math.round(performance.now() - started)} ms`,
);
