import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
// Each from its own module, not rxjs's index (pipeline/recorded-events.ts says why).
import { merge } from 'rxjs/internal/observable/merge';
import { map } from 'rxjs/internal/operators/map';
import { run } from '../api/run.js';
import { formatSeconds } from '../events/time.js';
import type { CaptureFormat } from '../export/capture-format.js';
import { captureSummary } from '../export/capture-summary.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { progressSink } from '../pipeline/progress-line.js';
import { printerSink } from '../pipeline/sinks.js';
import { scriptPrinterSink } from '../shell/output.js';
import { loadTopologyFile } from '../topology/load.js';
import { useColor } from './flags.js';
import { progressLine } from './progress.js';
import { defaultRecordingPath } from './recording-path.js';
import { loadWithYoungGenerationHeld } from './young-generation.js';
import { exitStatusFor, stopSignals, type StopSignal } from './stop-signals.js';
import { UsageError } from './usage-error.js';
import { say } from './say.js';

export interface RunFlags {
  output?: string;
  until?: number;
  interruptAfter?: number;
  maxEvents?: number;
  seed?: number;
  json?: boolean;
  quiet?: boolean;
  events?: boolean;
  pcap?: string;
  format?: CaptureFormat;
  progress?: boolean;
}

/** `hoplab run FILE`: simulate, print each event, record everything. Resolves to the exit code. */
export async function runCommand(file: string, flags: RunFlags, argv: string[]): Promise<number> {
  if (flags.format !== undefined && flags.pcap === undefined)
    throw new UsageError('--format: says how to write --pcap, which is not given');
  const topology = loadWithYoungGenerationHeld(file, () => loadTopologyFile(file));
  const outPath = flags.output ?? defaultRecordingPath(file, topology.name);
  // The recording would replace the topology it records, or the capture the recording.
  if (file !== '-' && sameFile(outPath, file)) throw new UsageError(`-o: ${outPath} is the topology file itself`);
  if (flags.pcap !== undefined && sameFile(flags.pcap, outPath)) throw new UsageError(`--pcap: ${flags.pcap} is the recording (-o) itself`);
  const stdout = new LineWriter(1);
  const stderr = new LineWriter(2);
  // A script prints what its commands print (SPEC §2); a topology prints its events.
  const printer = flags.quiet
    ? undefined
    : topology.script
      ? scriptPrinterSink(stdout, stderr, { events: !!flags.events, json: !!flags.json, color: useColor(1) })
      : printerSink(stdout, { json: !!flags.json, color: useColor(1) });
  let stoppedBy: StopSignal | 'output-closed' | undefined;
  // Ctrl-C stops the run cleanly; so does `| head` closing stdout, which is a normal end (exit 0).
  const stop$ = merge(stopSignals(), stdout.closed$.pipe(map(() => 'output-closed' as const)));
  const defaultLimit = flags.maxEvents === undefined && topology.limits.maxEvents === undefined;
  const maxEvents = flags.maxEvents ?? (defaultLimit ? defaultEventLimit() : undefined);
  const limits = {
    ...(flags.until !== undefined && { until: flags.until }),
    ...(maxEvents !== undefined && { maxEvents }),
  };
  let recordingSize = (): number => 0;
  const progress = progressLine(flags, { label: `run ${topology.name}`, bytes: () => recordingSize() }, stdout);
  const sinks = [...(printer ? [printer] : []), ...(progress ? [progressSink(progress)] : [])];
  const started = run(topology, {
    ...limits,
    ...(flags.seed !== undefined && { seed: flags.seed }),
    ...(flags.interruptAfter !== undefined && { interruptAfter: flags.interruptAfter }),
    record: outPath,
    ...(flags.pcap !== undefined && { capture: { path: flags.pcap, ...(flags.format !== undefined && { format: flags.format }) } }),
    stop$: stop$.pipe(map((why) => (stoppedBy = why))),
    sinks,
    commandLine: ['hoplab', ...argv].join(' '),
  });
  recordingSize = started.recordingSize;
  progress?.limitTo({
    untilNs: started.limits.untilNs,
    events: started.limits.maxEvents,
  });
  let result: Awaited<ReturnType<typeof started.result>>;
  try {
    result = await started.result();
  } finally {
    progress?.finish();
    stdout.flush();
    stderr.flush();
  }
  const { summary } = result;
  const why = {
    idle: 'nothing left to happen',
    until: `reached until=${formatSeconds(summary.endTime)} s`,
    'max-events': defaultLimit
      ? `reached the default event limit (${summary.events}); raise it with --max-events N, or limits: { maxEvents: N } in the topology`
      : `reached the event limit (${summary.events})`,
    interrupted:
      stoppedBy === 'output-closed'
        ? 'the output was closed; the recording is marked incomplete'
        : 'interrupted; the recording is marked incomplete',
  }[summary.stopReason];
  say(
    `hoplab: ${topology.name}: ${summary.events} events in ${formatSeconds(summary.endTime)} s of virtual time; stopped: ${why}; recorded to ${outPath}`,
  );
  if (result.captureError !== undefined) throw result.captureError;
  // A script's `tcpdump -w` whose file could not be written: the path is the user's (exit 2), a full disk is not (exit 1).
  if (result.script?.writeFailures[0] !== undefined) throw result.script.writeFailures[0];
  if (result.capture && flags.pcap !== undefined)
    for (const line of captureSummary(result.capture, result.captureFormat!, flags.pcap)) say(line);
  if (summary.stopReason === 'interrupted') return stoppedBy === 'output-closed' || stoppedBy === undefined ? 0 : exitStatusFor(stoppedBy);
  const script = result.script;
  if (script && script.linesNotRun > 0)
    say(`hoplab: ${topology.name}: the run stopped with ${script.linesNotRun} line(s) of the script not finished`);
  if (script && script.failures.length > 0) {
    say(
      `hoplab: ${topology.name}: ${script.failures.length} line(s) failed: ${script.failures.map((f) => `line ${f.line} (status ${f.status})`).join(', ')}`,
    );
    return 1;
  }
  return 0;
}

/** Whether two paths name one file (through symbolic links), or the same path when neither exists yet. */
/**
 * HOPLAB_MAX_EVENTS: the event limit of a run that names none (neither --max-events nor
 * the topology's limits), for a shell or CI that wants smaller (or larger) than the
 * library's ten million; undefined when unset.
 */
function defaultEventLimit(): number | undefined {
  const value = process.env.HOPLAB_MAX_EVENTS;
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`HOPLAB_MAX_EVENTS: '${value}' is not a whole number of events (1 or more)`);
  return Number(value);
}

function sameFile(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
