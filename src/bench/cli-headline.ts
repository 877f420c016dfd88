import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type CliRun, median, type RowSink, snapshotShare, timeCli } from './cli-timing.js';
import { meshStormYaml, pingPairsYaml } from './scale-inputs.js';
import type { Result } from './workload-process.js';

/**
 * Issue 21, item 1: the headline figures as users get them. `bin/hoplab run
 * FILE -o REC.db` in a process of its own, snapshots on as they are by
 * default, its set-up (a run stopped at its first event) subtracted;
 * then `state --at`, `export`, `replay` and `diff` run by the CLI on the
 * recordings it made. main.ts prints each beside the in-process figure of the
 * same workload.
 */
export type HeadlineKind = 'pings' | 'storm';

/** The YAML of each headline workload, the same topologies as workloads.ts builds in process (same events, same virtual time). */
export function writeHeadlineInputs(dir: string): Record<HeadlineKind, string> {
  const files = { pings: join(dir, 'ping-pairs.yaml'), storm: join(dir, 'mesh-storm.yaml') };
  writeFileSync(files.pings, pingPairsYaml(100, 100));
  writeFileSync(files.storm, meshStormYaml());
  return files;
}

/** Frame transmissions in a recording (what ns-3's PhyTxBegin counts). */
function txCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const sql = "SELECT count(*) AS n FROM event_log WHERE description IN (SELECT id FROM descriptions WHERE kind = 'tx')";
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * `hoplab run FILE --quiet --max-events EVENTS -o DB`: its rates with its
 * set-up subtracted, peak RSS, snapshots' share. The set-up is a run of the
 * same file stopped at its first event, timed just before (start-up, loading
 * the topology, the recording's header), as the scale rows subtract it
 * (cli-scale.ts) and as ns-3's figure leaves out its own set-up (storm.cc
 * times Simulator::Run alone). `coldEventsPerSecond` keeps the rate with only
 * start-up subtracted, the row's figure before.
 */
export function cliRecord(file: string, events: number, db: string, startup: number): Result {
  const setUp = timeCli(['run', file, '--quiet', '--max-events', '1', '-o', `${db}.set-up`]);
  rmSync(`${db}.set-up`, { force: true });
  const r = timeCli(['run', file, '--quiet', '--max-events', String(events), '-o', db]);
  if (r.error) return { name: 'cli-run', error: r.error };
  const seconds = Math.max(1e-3, r.seconds - (setUp.error ? startup : setUp.seconds));
  const tx = txCount(db);
  return {
    name: 'cli-run',
    events: r.events,
    tx,
    seconds,
    eventsPerSecond: Math.round(r.events / seconds),
    txPerSecond: Math.round(tx / seconds),
    coldEventsPerSecond: Math.round(r.events / Math.max(1e-3, r.seconds - startup)),
    peakRssMb: r.peakRssMb ?? 'n/a',
    snapshotShare: snapshotShare(db),
  };
}

/** The in-process figures of the same readers over the same recording, for the rows' ceiling column. */
export interface InProcessReaders {
  replayEventsPerSecond: number;
  exportPacketsPerSecond: number;
  exportPackets: number;
  diffSeconds: number;
  seekMedianMs: number;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const wall = (r: CliRun, startup: number): number => Math.max(1e-3, r.seconds - startup);
/** Where `state --at` seeks: spread over the recording, the same every run. */
const SEEK_FRACTIONS = [0.13, 0.37, 0.58, 0.79, 0.97];

/** `state --at`, `export`, `replay`, `diff` through the CLI on `storm` (and `other`, a second recording of it), start-up subtracted. */
export function cliReaderRows(
  dir: string,
  storm: string,
  other: string,
  events: number,
  startup: number,
  inProcess: InProcessReaders,
  row: RowSink,
): void {
  const seeks = SEEK_FRACTIONS.map((f) => timeCli(['state', storm, '--at', String(Math.max(1, Math.round(events * f)))], true));
  const failed = seeks.find((s) => s.error);
  const seekMs = seeks.map((s) => wall(s, startup) * 1e3);
  row(
    `hoplab state REC.db --at SEQ (CLI recording), ${seeks.length} seeks: median / worst, ms (start-up subtracted)`,
    failed ? `error: ${failed.error}` : `${median(seekMs).toFixed(0)} / ${Math.max(...seekMs).toFixed(0)}`,
    `${inProcess.seekMedianMs.toFixed(1)} ms median in process (opening, seeking, closing)`,
    `start-up ${fmt(startup * 1e3)} ms not counted`,
  );
  const exported = timeCli(['export', storm, '-o', join(dir, 'cli-storm.pcapng')]);
  row(
    'hoplab export REC.db -o OUT.pcapng (CLI recording), packets/s (start-up subtracted)',
    exported.error ? `error: ${exported.error}` : fmt(inProcess.exportPackets / wall(exported, startup)),
    `${fmt(inProcess.exportPacketsPerSecond)} in process`,
    exported.error
      ? '-'
      : `${fmt(inProcess.exportPackets)} packets in ${wall(exported, startup).toFixed(2)} s; peak RSS ${exported.peakRssMb ?? 'n/a'} MB`,
  );
  const replayed = timeCli(['replay', storm, '--speed', '1e9'], true);
  row(
    'hoplab replay REC.db --speed 1e9 > /dev/null (CLI recording), events/s (start-up subtracted)',
    replayed.error ? `error: ${replayed.error}` : fmt(events / wall(replayed, startup)),
    `${fmt(inProcess.replayEventsPerSecond)} in process into a null sink`,
    replayed.error ? '-' : `a printed line per event; peak RSS ${replayed.peakRssMb ?? 'n/a'} MB`,
  );
  const diffed = timeCli(['diff', storm, other], true);
  row(
    'hoplab diff A.db B.db (two CLI recordings of the storm), seconds (start-up subtracted)',
    diffed.error ? `error: ${diffed.error}` : wall(diffed, startup).toFixed(2),
    `${inProcess.diffSeconds.toFixed(2)} s in process`,
    diffed.error ? '-' : `peak RSS ${diffed.peakRssMb ?? 'n/a'} MB`,
  );
}
