import type { SimEvent } from '../events/event.js';
import { Fingerprint, differingColumns } from '../events/fingerprint.js';
import { WithoutConfig } from '../events/without-config.js';
import { RecordingError, SCHEMA_VERSION, type RecordingHeader, type RecordingReader } from '../store/recording.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { HOPLAB_VERSION } from './version.js';
import { type Topology, withInterruptAfter } from '../topology/model.js';
import { attachScript } from '../shell/attach.js';
import { loadScriptTopology } from '../topology/script-load.js';
import { loadYamlTopology } from '../topology/yaml-loader.js';
import { parseDuration } from '../topology/units.js';
import { LiveRun, type RunOptions } from '../pipeline/live-run.js';
import { recordingHeader } from '../pipeline/recording-header.js';
import { scriptHeader } from '../shell/header.js';
import { storedSnapshots, type StoredSnapshots } from '../store/stored-snapshots.js';
import { headerDifferences, limitDifferences, SnapshotCheck, statusDifferences } from './verify-checks.js';

export interface Divergence {
  seq: number;
  /** What the recording holds, and what the re-simulation produced (absent: it has no such event). */
  recorded?: SimEvent;
  resimulated?: SimEvent;
  /** Columns that differ; `bytes` when the frame's bytes do. */
  columns: string[];
}

export interface VerifyResult {
  events: number;
  fingerprint: string;
  divergence?: Divergence;
  /** Said alongside the result (e.g. an interrupted recording is checked as far as it goes). */
  notes: string[];
  /** What else differs from the re-simulation: nodes, ports, meta, snapshots (verify-checks.ts); one sentence each. */
  differences: string[];
}

/**
 * Re-simulates a recording's inputs (topology source, seed, limits) and
 * compares every event the simulation emits with the stored row, streaming
 * both side by side: the first difference in any column, or in a frame's
 * bytes, ends the comparison. Determinism (STYLE rule 4) is what makes this
 * a test: the same inputs must give the same log, byte for byte.
 */
export function verifyRecording(
  reader: RecordingReader,
  hoplabVersion: string,
  progress?: (events: number, t: number) => void,
  snapshots?: StoredSnapshots,
): VerifyResult {
  const header = reader.header();
  const status = reader.status();
  const notes: string[] = [];
  const options = recordedLimits(header, notes);
  if (!status.complete && status.stopReason !== 'max-events') {
    options.maxEvents = Math.min(options.maxEvents ?? Number.MAX_SAFE_INTEGER, status.events);
    notes.push(`the recording is incomplete (${status.stopReason}): its ${status.events} events are checked`);
  }
  if (header.hoplabVersion !== hoplabVersion) notes.push(`recorded by hoplab ${header.hoplabVersion}; this is ${hoplabVersion}`);
  const schema = reader.schemaVersion ?? SCHEMA_VERSION;
  const loaded = topologyOf(reader, header);
  const topology = header.interruptAfterNs === undefined ? loaded : withInterruptAfter(loaded, header.interruptAfterNs);
  const asRecorded = schema < 4 ? withoutConfigEvents(options, topology) : undefined;
  if (asRecorded) notes.push(`recorded at schema version ${schema}, before configuration events: the re-simulation's are left out`);
  const run = new LiveRun(topology, options);
  const script = attachScript(run.network);
  const resimulated = script
    ? scriptHeader(topology, header.seed, run.sim.limits, header.hoplabVersion, header.commandLine)
    : recordingHeader(topology, run.network, header.seed, header.hoplabVersion, header.commandLine);
  const differences = [...headerDifferences(header, resimulated), ...limitDifferences(header, topology)];
  // A schema 1–3 recording's snapshots are of an older fold, which this one rebuilds rather than compares.
  const snapshotCheck = snapshots && !asRecorded ? new SnapshotCheck(resimulated, snapshots, notes) : undefined;
  const recorded = reader.events();
  const print = new Fingerprint();
  let divergence: Divergence | undefined;
  run.runSync((made) => {
    if (divergence) return;
    const live = asRecorded ? asRecorded(made, run) : made;
    if (!live) return;
    progress?.(live.seq, live.t);
    const next = recorded.next();
    if (next.done) {
      divergence = { seq: live.seq, resimulated: live, columns: [] };
      run.interrupt();
      return;
    }
    const stored = next.value;
    const columns = differingColumns(stored, live);
    const storedBytes = print.needsBytes(stored.frame) && stored.frame !== undefined ? reader.frame(stored.frame) : undefined;
    if (columns.length === 0 && print.needsBytes(stored.frame) && live.bytes && !(storedBytes && sameBytes(storedBytes, live.bytes)))
      columns.push('bytes');
    if (columns.length > 0) {
      divergence = { seq: stored.seq, recorded: stored, resimulated: { ...live }, columns };
      run.interrupt();
      return;
    }
    print.add(stored, storedBytes);
    snapshotCheck?.next(live);
  });
  if (!divergence) {
    const extra = recorded.next();
    if (!extra.done) divergence = { seq: extra.value.seq, recorded: extra.value, columns: [] };
  }
  recorded.return?.();
  snapshotCheck?.end();
  // Compared as that recording counted: without configuration events, cut where its event limit cut it.
  const summary =
    asRecorded && run.summary
      ? { ...run.summary, events: print.events, ...(status.stopReason === 'max-events' && { stopReason: 'max-events' as const }) }
      : run.summary;
  if (!divergence) differences.push(...statusDifferences(status, print.events, summary), ...(snapshotCheck?.differences ?? []));
  return { events: print.events, fingerprint: print.digest(), ...(divergence && { divergence }), notes, differences };
}

/**
 * A schema 1–3 recording holds no `config` events: the re-simulation's are
 * left out and the rest renumbered as that recording numbered them
 * (events/without-config.ts). Its event limit counts the events it holds,
 * so the run goes on without one and stops after the last event that limit
 * allowed.
 */
function withoutConfigEvents(options: RunOptions, topology: Topology): (e: SimEvent, run: LiveRun) => SimEvent | undefined {
  const limit = options.maxEvents ?? topology.limits.maxEvents ?? Number.MAX_SAFE_INTEGER;
  options.maxEvents = Number.MAX_SAFE_INTEGER;
  const older = new WithoutConfig();
  let kept = 0;
  return (e, run) => {
    if (kept >= limit) return undefined;
    const old = older.renumber(e);
    if (old === undefined) return undefined;
    if (++kept === limit) run.interrupt();
    return old;
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function topologyOf(reader: RecordingReader, header: RecordingHeader): Topology {
  const where = (reader as { path?: string }).path ?? 'recording';
  try {
    if (header.topologyPath.endsWith('.sh')) return loadScriptTopology(header.topologySource, header.topologyPath);
    return loadYamlTopology(header.topologySource, header.topologyPath || 'topology');
  } catch (e) {
    throw new RecordingError(`${where}: its topology source no longer loads, so it cannot be re-simulated: ${(e as Error).message}`);
  }
}

/**
 * The limits the run had. Recordings name them in meta (until_ns,
 * max_events); earlier ones only in their command line, whose --until and
 * --max-events flags are read back. The seed is always in meta.
 */
function recordedLimits(header: RecordingHeader, notes: string[]): RunOptions {
  const options: RunOptions = { seed: header.seed };
  if (header.untilNs !== undefined) options.untilNs = header.untilNs;
  if (header.maxEvents !== undefined) options.maxEvents = header.maxEvents;
  if (header.untilNs !== undefined && header.maxEvents !== undefined) return options;
  const flag = (name: string): string | undefined => {
    const m = new RegExp(`(?:^|\\s)${name}(?:=|\\s+)(\\S+)`).exec(header.commandLine);
    return m?.[1];
  };
  const until = flag('--until');
  const max = flag('--max-events');
  if (options.untilNs === undefined && until !== undefined && parseDuration(until) !== undefined) options.untilNs = parseDuration(until)!;
  if (options.maxEvents === undefined && max !== undefined && /^\d+$/.test(max)) options.maxEvents = Number(max);
  if (until !== undefined || max !== undefined) notes.push('limits read from the recorded command line');
  return options;
}

/** `hoplab verify`: re-simulates the recording at `path` and compares every event (see verifyRecording). */
export function verify(path: string, progress?: (events: number, t: number) => void): VerifyResult {
  const reader = new SqliteRecordingReader(path);
  try {
    return verifyRecording(reader, HOPLAB_VERSION, progress, storedSnapshots(path));
  } finally {
    reader.close();
  }
}
