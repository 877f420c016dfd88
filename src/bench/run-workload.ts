import { rmSync } from 'node:fs';
import type { SimEvent } from '../events/event.js';
import { LiveRun } from '../pipeline/live-run.js';
import { recordingHeader } from '../pipeline/recording-header.js';
import { SqliteRecordingWriter } from '../store/sqlite-writer.js';
import type { Topology } from '../topology/model.js';
import { rawAppend } from './raw-baseline.js';
import { meshStorm, pingPairs, switchTree } from './workloads.js';
import { benchDiff } from './diff-bench.js';
import { benchExport } from './export-bench.js';
import { benchReplay, benchStateSeek } from './replay-bench.js';
import { benchView } from './view-bench.js';

/**
 * One benchmark workload, run in its own process so that its peak RSS is its
 * own: `node dist/bench/run-workload.js NAME EVENTS [PATH] [ARG]`. Prints one JSON line.
 */
function topologyFor(name: string, events: number, arg: number): Topology {
  if (name.endsWith('storm')) return meshStorm(events);
  if (name.includes('scale')) return switchTree(arg, Math.max(1, Math.round(arg / 20)), events);
  return pingPairs(100, 100, events);
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Events run, and thrown away, before an engine or record workload is timed:
 * V8 compiles the hot paths in the first tenth of a second, a third of a
 * 1M-event storm. The in-process rows measure the engine and the recorder
 * running, warm; the CLI rows measure what a user gets, from a cold start.
 * `engine-cold-…` times the engine from a cold start too, for the CLI to be
 * set beside: both sides of that ratio then pay V8's warm-up alike.
 */
const WARM_UP_EVENTS = 200_000;

function measure(name: string, events: number, path: string | undefined, arg: number): Record<string, number | string> {
  if (name.startsWith('raw')) {
    const sample: SimEvent[] = [];
    new LiveRun(topologyFor(name.replace('raw', 'record'), 20_000, arg)).runSync((e) => sample.push({ ...e }));
    const seconds = rawAppend(path!, sample, events);
    return { name, events, seconds, eventsPerSecond: Math.round(events / seconds), peakRssMb: peakRssMb() };
  }
  if ((name.startsWith('engine') || name.startsWith('record')) && !name.includes('cold')) {
    timedRun(name, Math.min(events, WARM_UP_EVENTS), path && `${path}.warm-up`, arg);
    if (path) rmSync(`${path}.warm-up`, { force: true });
  }
  return timedRun(name, events, path, arg);
}

function timedRun(name: string, events: number, path: string | undefined, arg: number): Record<string, number | string> {
  const topology = topologyFor(name, events, arg);
  const run = new LiveRun(topology);
  let tx = 0;
  const started = process.hrtime.bigint();
  if (name.startsWith('record') || name.startsWith('scale')) {
    const writer = new SqliteRecordingWriter(path!);
    writer.writeHeader(recordingHeader(topology, run.network, topology.seed, 'bench', 'bench'));
    const summary = run.runSync((e) => {
      if (e.kind === 'tx') tx++;
      writer.append(e);
    });
    writer.finish({ complete: true, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });
  } else {
    run.runSync((e) => {
      if (e.kind === 'tx') tx++;
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const n = run.sim.eventCount;
  return {
    name,
    events: n,
    tx,
    seconds,
    eventsPerSecond: Math.round(n / seconds),
    txPerSecond: Math.round(tx / seconds),
    peakRssMb: peakRssMb(),
    simulatedNs: run.sim.now,
  };
}

/** Workloads over an existing recording: replay, state seeks, export, diff (the figures come from their own modules). */
async function measureReading(name: string, path: string, other: string | undefined): Promise<Record<string, unknown>> {
  switch (name) {
    case 'replay':
      return { name, ...(await benchReplay(path)), peakRssMb: peakRssMb() };
    case 'seek':
      return { name, ...benchStateSeek(path, 100), peakRssMb: peakRssMb() };
    case 'export':
      return { name, ...(await benchExport(path)), peakRssMb: peakRssMb() };
    case 'diff':
      return { name, ...(await benchDiff(path, other!)) };
    case 'view':
      return { name, ...(await benchView(path, 30, other === undefined || other === '0' ? undefined : Number(other))) };
    default:
      throw new Error(`unknown workload ${name}`);
  }
}

const [name = 'engine-pings', eventsArg = '1000000', path, arg = '0'] = process.argv.slice(2);
try {
  const result = ['replay', 'seek', 'export', 'diff', 'view'].includes(name)
    ? await measureReading(name, path!, arg)
    : measure(name, Number(eventsArg), path, Number(arg));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ name, error: (e as Error).message })}\n`);
} finally {
  if (path && name.startsWith('raw')) rmSync(path, { force: true });
}
