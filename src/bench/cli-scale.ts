import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, cliStartupSeconds, type RowSink, snapshotShare, timeCli } from './cli-timing.js';
import { flatLanYaml, switchTreeYaml, vethPairsScript } from './scale-inputs.js';

/**
 * Issue 21, item 3, measured as users meet it: `bin/hoplab run` on YAML and
 * scripts of growing size, each a process of its own, its start-up subtracted.
 * Runs are sized by events, not wall time (a flat LAN's ARP floods grow with
 * the square of its hosts), and the sizes take turns run after run.
 */
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The run of several with the median rate (its RSS and snapshot share come with it). */
function medianRun(runs: CliRun[], rate: (r: CliRun) => number): CliRun {
  const ok = runs.filter((r) => !r.error).sort((a, b) => rate(a) - rate(b));
  return ok.length ? ok[Math.floor((ok.length - 1) / 2)]! : runs[0]!;
}

interface Size {
  label: string;
  file: string;
  args: string[];
}

/**
 * Runs every size `runs` times, in turns, and gives each size's runs. A host
 * sweep's run also times the same file stopped at its first event, so that
 * its rate is the simulation's, not the YAML parser's (loadSweep has those).
 */
function alternate(sizes: readonly Size[], runs: number, dir: string, hosts: boolean): CliRun[][] {
  const out = sizes.map((): CliRun[] => []);
  for (let run = 0; run < runs; run++) {
    sizes.forEach((size, i) => {
      const db = join(dir, `cli-scale-${i}.db`);
      const r = timeCli(['run', size.file, '--quiet', ...size.args, '-o', db]);
      if (hosts && !r.error) {
        r.snapshotShare = snapshotShare(db);
        r.loadSeconds = timeCli(['run', size.file, '--quiet', '--max-events', '1', '-o', db]).seconds;
      }
      out[i]!.push(r);
    });
  }
  return out;
}

/** Host sweeps: events/s against the smallest size, peak RSS, snapshots' share (targets: a fall of at most 20%, 300 MB, 10%). */
function hostSweep(name: string, sizes: readonly number[], yaml: (hosts: number) => string, c: Context): void {
  const files = sizes.map((hosts): Size => {
    const file = join(c.dir, `${name}-${hosts}.yaml`);
    writeFileSync(file, yaml(hosts));
    return { label: `${hosts}`, file, args: ['--max-events', String(c.events)] };
  });
  const perSecond = (r: CliRun): number => r.events / Math.max(1e-3, r.seconds - (r.loadSeconds ?? c.startup));
  const runs = alternate(files, c.runs, c.dir, true).map((rs) => medianRun(rs, perSecond));
  const smallest = perSecond(runs[0]!);
  runs.forEach((r, i) => {
    const figure = `CLI scale: ${sizes[i]} hosts ${name === 'tree' ? 'on a switch tree' : 'on one switch'}, every host pinging another, ${fmt(c.events)} events; hoplab run -o, events/s (start-up and loading subtracted)`;
    if (r.error) {
      c.row(figure, `error: ${r.error}`, '-', '-');
      return;
    }
    const change = (perSecond(r) / smallest - 1) * 100;
    c.row(
      figure,
      fmt(perSecond(r)),
      `${fmt(smallest)} at ${sizes[0]} hosts (fall of at most 20%)`,
      `${change >= 0 ? '+' : ''}${Math.round(change)}%; peak RSS ${r.peakRssMb ?? 'n/a'} MB (under 300); snapshots ${percent(r.snapshotShare ?? 0)} of the recording (under 10%)`,
    );
  });
}

/** Loading sweeps: seconds per thousand nodes (or pairs) against the smallest size; linear means flat. */
function loadSweep(
  name: string,
  unit: string,
  sizes: readonly number[],
  text: (n: number) => string,
  count: (n: number) => number,
  c: Context,
): void {
  const ext = unit.includes('YAML') ? 'yaml' : 'sh';
  const files = sizes.map((n): Size => {
    const file = join(c.dir, `${name}-${n}.${ext}`);
    writeFileSync(file, text(n));
    return { label: `${n}`, file, args: ext === 'yaml' ? ['--max-events', '1'] : [] };
  });
  const loadSeconds = (r: CliRun): number => Math.max(1e-3, r.seconds - c.startup);
  const runs = alternate(files, c.runs, c.dir, false).map((rs) => medianRun(rs, (r) => -loadSeconds(r)));
  const perThousand = (r: CliRun, i: number): number => (loadSeconds(r) * 1000) / count(sizes[i]!);
  runs.forEach((r, i) => {
    const figure = `CLI load: ${fmt(count(sizes[i]!))} ${unit}; hoplab run -o, seconds (start-up subtracted)`;
    if (r.error) {
      c.row(figure, `error: ${r.error}`, '-', '-');
      return;
    }
    c.row(
      figure,
      loadSeconds(r).toFixed(2),
      `${perThousand(runs[0]!, 0).toFixed(3)} s per 1,000 at ${fmt(count(sizes[0]!))} (linear: the same per 1,000)`,
      `${perThousand(r, i).toFixed(3)} s per 1,000; peak RSS ${r.peakRssMb ?? 'n/a'} MB`,
    );
  });
}

interface Context {
  dir: string;
  runs: number;
  events: number;
  startup: number;
  row: RowSink;
}

/** Every CLI scale row: host sweeps on a switch tree and a flat LAN, then topology loading from YAML and scripts. */
export function cliScaleRows(dir: string, runs: number, events: number, row: RowSink): void {
  const startup = cliStartupSeconds();
  const c: Context = { dir, runs, events, startup, row };
  hostSweep('tree', [100, 1000, 5000], switchTreeYaml, c);
  hostSweep('flat', [100, 500, 1000, 2000], flatLanYaml, c);
  // A tree of N hosts has N + N/20 + 1 nodes: about 10,000, 25,000 and 50,000 nodes.
  const treeNodes = (hosts: number): number => hosts + Math.max(1, Math.round(hosts / 20)) + 1;
  loadSweep('tree', 'YAML nodes (a switch tree, every host pinging)', [9_523, 23_808, 47_618], switchTreeYaml, treeNodes, c);
  loadSweep('veths', 'veth pairs in a script', [1_000, 5_000, 10_000], vethPairsScript, (pairs) => pairs, c);
}

// Alone: `node dist/bench/cli-scale.js [RUNS] [EVENTS]` prints the rows as a table.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'hoplab-cli-scale-'));
  const lines: string[] = [];
  cliScaleRows(dir, Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 2_000_000), (...cells) => {
    process.stderr.write(`  ${cells[0]}: ${cells[1]}  (${cells[2]}; ${cells[3]})\n`);
    lines.push(`| ${cells.join(' | ')} |`);
  });
  process.stdout.write(`| figure | value | ceiling (same run) | ratio |\n|---|---|---|---|\n${lines.join('\n')}\n`);
  rmSync(dir, { recursive: true, force: true });
}
