import { join } from 'node:path';
import { LiveRun } from '../pipeline/live-run.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { recordingHeader } from '../pipeline/recording-header.js';
import { printerSink, recorderSink } from '../pipeline/sinks.js';
import { formatSeconds } from '../sim/time.js';
import { SqliteRecordingWriter } from '../store/sqlite-writer.js';
import { loadTopologyFile } from '../topology/load.js';
import { LiveCapture } from './export.js';
import { useColor } from './flags.js';
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
}

/** `hoplab run FILE`: simulate, print each event, record everything. Resolves to the exit code. */
export async function runCommand(file: string, flags: RunFlags, argv: string[]): Promise<number> {
  const topology = loadTopologyFile(file);
  const seed = flags.seed ?? topology.seed;
  const run = new LiveRun(topology, { seed, ...(flags.until !== undefined && { untilNs: flags.until }), ...(flags.maxEvents !== undefined && { maxEvents: flags.maxEvents }) });
  const outPath = flags.output ?? join('recordings', `${topology.name}.db`);
  const header = recordingHeader(topology, run.network, seed, HOPLAB_VERSION, ['hoplab', ...argv].join(' '));
  const capture = flags.pcap !== undefined ? new LiveCapture(flags.pcap, header) : undefined;
  const writer = new SqliteRecordingWriter(outPath);
  writer.writeHeader(header);
  const stdout = new LineWriter(1);
  const printer = flags.quiet ? undefined : printerSink(stdout, { json: !!flags.json, color: useColor(1) });
  const recorder = recorderSink(writer);
  const onSignal = (): void => run.interrupt();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await new Promise<void>((resolve, reject) => {
      run.events$.subscribe({
        next: (e) => {
          recorder.next!(e);
          printer?.next!(e);
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
    stdout.flush();
  }
  const summary = run.summary!;
  const complete = summary.stopReason === 'idle' || summary.stopReason === 'until';
  writer.finish({ complete, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });
  const why = {
    idle: 'nothing left to happen',
    until: `reached until=${formatSeconds(summary.endTime)} s`,
    'max-events': `reached the event limit (${summary.events})`,
    interrupted: 'interrupted; the recording is marked incomplete',
  }[summary.stopReason];
  process.stderr.write(`hoplab: ${topology.name}: ${summary.events} events in ${formatSeconds(summary.endTime)} s of virtual time; stopped: ${why}; recorded to ${outPath}\n`);
  capture?.complete();
  // 128 + SIGINT, as a shell reports a program stopped by Ctrl-C.
  return summary.stopReason === 'interrupted' ? 130 : 0;
}
