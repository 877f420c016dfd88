// node scripts/seek-times.mjs DIST REC [N]: N seeks (default 100) as `state --at` does each (open
// the recording, load its snapshot index, seek, close), at the seek bench's pseudo-random events
// (src/bench/replay-bench.ts: the LCG, seed 12345), timed with DIST's build (a checkout's dist/,
// so two builds can alternate on the same points). Prints the median and worst in ms (issue 21).
const [dist, path, n = '100'] = process.argv.slice(2);
const { pathToFileURL } = await import('node:url');
const { resolve } = await import('node:path');
const load = (file) => import(pathToFileURL(resolve(dist, file)).href);
const { SqliteRecordingReader } = await load('store/sqlite-reader.js');
const { StateSeeker } = await load('store/snapshots.js');
const first = new SqliteRecordingReader(path);
const last = first.status().events;
first.close();
let x = 12345;
const times = [];
for (let i = 0; i < Number(n); i++) {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  const at = 1 + (x % last);
  const started = performance.now();
  const reader = new SqliteRecordingReader(path);
  const seeker = new StateSeeker(path, reader);
  seeker.stateAt(at);
  seeker.close();
  reader.close();
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({ seeks: times.length, medianMs: Math.round(times[Math.floor(times.length / 2)]), worstMs: Math.round(times.at(-1)) }),
);
