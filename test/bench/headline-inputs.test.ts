import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNs3Storm } from '../../src/bench/ns3-peer.js';
import { meshStormYaml, pingPairsYaml } from '../../src/bench/scale-inputs.js';
import { meshStorm, pingPairs } from '../../src/bench/workloads.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { hoplab, tempDir } from '../helpers/cli.js';

/**
 * Issue 21, items 1 and 4: the bench's `hoplab run` rows must time the same
 * workloads as its in-process rows, and the ns-3 row must say why it is
 * skipped on a machine without g++ or libns3-dev (CI) instead of failing.
 */
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Events and virtual end time of `hoplab run` on `yaml`, stopped at `events`. */
function cliRun(name: string, yaml: string, events: number): { events: number; endNs: number } {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  const r = hoplab(['run', file, '--quiet', '--max-events', String(events), '-o', join(dir, `${name}.db`)]);
  const summary = /: (\d+) events in ([\d.]+) s of virtual time/.exec(r.stderr);
  expect(summary, r.stderr).not.toBeNull();
  return { events: Number(summary![1]), endNs: Math.round(Number(summary![2]) * 1e9) };
}

describe('the bench headline YAML', () => {
  it('is the in-process mesh storm: same events at the same virtual times', () => {
    const run = new LiveRun(meshStorm(3000));
    const summary = run.runSync(() => {});
    expect(cliRun('storm', meshStormYaml(), 3000)).toEqual({ events: summary.events, endNs: run.sim.now });
  });

  it('is the in-process ping workload', () => {
    const run = new LiveRun(pingPairs(100, 100, 3000));
    const summary = run.runSync(() => {});
    expect(cliRun('pings', pingPairsYaml(100, 100), 3000)).toEqual({ events: summary.events, endNs: run.sim.now });
  });
});

describe('the ns-3 companion', () => {
  it('is skipped, saying why, where g++ is absent', () => {
    expect(buildNs3Storm(dir, { PATH: join(dir, 'no-tools') })).toEqual({ skipped: 'g++ is not installed' });
  });

  it('is skipped when HOPLAB_BENCH_NS3=0', () => {
    expect(buildNs3Storm(dir, { ...process.env, HOPLAB_BENCH_NS3: '0' })).toEqual({ skipped: 'HOPLAB_BENCH_NS3=0' });
  });
});
