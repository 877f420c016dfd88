import { LiveRun } from '../pipeline/live-run.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { recordingHeader } from '../pipeline/recording-header.js';
import { printerSink, recorderSink } from '../pipeline/sinks.js';
import { formatSeconds } from '../events/time.js';
import { snapshotSink } from '../store/snapshots.js';
import { SqliteRecordingWriter } from '../store/sqlite-writer.js';
import { loadTopologyFile } from '../topology/load.js';
import { scriptHeader } from '../shell/header.js';
import { attachScript } from '../shell/attach.js';
import { scriptPrinterSink } from '../shell/output.js';
import { captureFormatFor, type CaptureFormat } from '../export/capture-format.js';
import { LiveCapture } from '../export/live-capture.js';
import { useColor } from './flags.js';
import { defaultRecordingPath } from './recording-path.js';
import { UsageError } from './usage-error.js';
import { HOPLAB_VERSION } from './version.js';

export interface RunFlags {
  output?: string;
  until?: number;
  maxEvents?: number;
  seed?: number;
  json?: boolean;
  quiet?: boolean;
  events?: boolean;
  pcap?: string;
  format?: CaptureFormat;
}

/** `hoplab run FILE`: simulate, print each event, record everything. Resolves to the exit code. */
export async function runCommand(file: string, flags: RunFlags, argv: string[]): Promise<number> {
  if (flags.format !== undefined && flags.pcap === undefined) throw new UsageError('--format: says how to write --pcap, which is not given');
  const topology = loadTopologyFile(file);
  const seed = flags.seed ?? topology.seed;
  const run = new LiveRun(topology, { seed, ...(flags.until !== undefined && { untilNs: flags.until }), ...(flags.maxEvents !== undefined && { maxEvents: flags.maxEvents }) });
  const outPath = flags.output ?? defaultRecordingPath(file, topology.name);
  const script = attachScript(run.network);
  const commandLine = ['hoplab', ...argv].join(' ');
  const header = script ? scriptHeader(topology, seed, run.sim.limits, HOPLAB_VERSION, commandLine) : recordingHeader(topology, run.network, seed, HOPLAB_VERSION, commandLine);
  const capture = flags.pcap !== undefined ? new LiveCapture(flags.pcap, header, captureFormatFor(flags.pcap, flags.format), HOPLAB_VERSION) : undefined;
  const writer = new SqliteRecordingWriter(outPath);
  // The effective limits go in meta (until_ns, max_events), so that `verify` re-runs exactly this run.
  writer.writeHeader({ ...header, untilNs: run.sim.limits.until, maxEvents: run.sim.limits.maxEvents });
  // The fold runs alongside, so that `state --at` and `step` on a long recording start from a stored snapshot.
  const snapshots = snapshotSink(header, writer);
  const stdout = new LineWriter(1);
  const stderr = new LineWriter(2);
  // A script prints what its commands print (SPEC §2); a topology prints its events.
  const printer = flags.quiet ? undefined : script
    ? scriptPrinterSink(stdout, stderr, { events: !!flags.events, json: !!flags.json, color: useColor(1) })
    : printerSink(stdout, { json: !!flags.json, color: useColor(1) });
  const recorder = recorderSink(writer);
  const onSignal = (): void => run.interrupt();
  // `hoplab run … | head`: once the reader has gone, the run stops as at Ctrl-C, but that is a normal end (exit 0).
  const outputClosed = stdout.closed$.subscribe(onSignal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await new Promise<void>((resolve, reject) => {
      run.events$.subscribe({
        next: (e) => {
          recorder.next!(e);
          snapshots.next!(e);
          printer?.next?.(e);
          capture?.next(e);
        },
        error: reject,
        complete: () => resolve(),
      });
    });
  } catch (e) {
    writer.abort();
    capture?.error();
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    outputClosed.unsubscribe();
    stdout.flush();
    stderr.flush();
  }
  const summary = run.summary!;
  const complete = summary.stopReason === 'idle' || summary.stopReason === 'until';
  try {
    writer.finish({ complete, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });
  } catch (e) {
    // A write that fails at the end (a full disk) must not leave a temporary file behind.
    writer.abort();
    throw e;
  }
  const why = {
    idle: 'nothing left to happen',
    until: `reached until=${formatSeconds(summary.endTime)} s`,
    'max-events': `reached the event limit (${summary.events})`,
    interrupted: stdout.closed ? 'the output was closed; the recording is marked incomplete' : 'interrupted; the recording is marked incomplete',
  }[summary.stopReason];
  process.stderr.write(`hoplab: ${topology.name}: ${summary.events} events in ${formatSeconds(summary.endTime)} s of virtual time; stopped: ${why}; recorded to ${outPath}\n`);
  capture?.complete();
  // 128 + SIGINT, as a shell reports a program stopped by Ctrl-C.
  if (summary.stopReason === 'interrupted') return stdout.closed ? 0 : 130;
  if (script && script.linesNotRun > 0) process.stderr.write(`hoplab: ${topology.name}: the run stopped with ${script.linesNotRun} line(s) of the script not finished\n`);
  if (script && script.failures.length > 0) {
    process.stderr.write(`hoplab: ${topology.name}: ${script.failures.length} line(s) failed: ${script.failures.map((f) => `line ${f.line} (status ${f.status})`).join(', ')}\n`);
    return 1;
  }
  return 0;
}
