import { dirname } from 'node:path';
import type { Observable } from 'rxjs';
// Each from its own module, not rxjs's index (pipeline/recorded-events.ts says why).
import { lastValueFrom } from 'rxjs/internal/lastValueFrom';
import { NEVER } from 'rxjs/internal/observable/never';
import { defaultIfEmpty } from 'rxjs/internal/operators/defaultIfEmpty';
import { ignoreElements } from 'rxjs/internal/operators/ignoreElements';
import { share } from 'rxjs/internal/operators/share';
import type { SimEvent } from '../events/event.js';
import { InputError } from '../errors/input-error.js';
import type { CaptureFormat } from '../export/capture-format.js';
import { captureFormatFor } from '../export/capture-format.js';
import type { CaptureStats } from '../export/capture-sink.js';
import { LiveCapture } from '../export/live-capture.js';
import type { EventSink } from '../pipeline/event-sink.js';
import { FanOutSubject } from '../pipeline/fan-out-subject.js';
import { LiveRun, type RunSummary } from '../pipeline/live-run.js';
import { recordingHeader } from '../pipeline/recording-header.js';
import { recordingSinks } from '../pipeline/recording-sinks.js';
import { throughSinks } from '../pipeline/through-sinks.js';
import { attachScript } from '../shell/attach.js';
import { scriptHeader } from '../shell/header.js';
import type { RecordingHeader } from '../store/recording.js';
import { SqliteRecordingWriter } from '../store/sqlite-writer.js';
import { DEFAULT_INTERRUPT_AFTER_NS, type Topology, withInterruptAfter } from '../topology/model.js';
import { parseDuration } from '../topology/units.js';
import { HOPLAB_VERSION } from './version.js';

export interface RunOptions {
  /** The run's seed (MACs, backoff, ping ids); default: the topology's. */
  seed?: number;
  /** Last instant of virtual time, in ns or as a duration (`'10s'`); default: the topology's, else ten minutes. */
  until?: number | string;
  /** At most this many events; default: the topology's limit, else none. */
  maxEvents?: number;
  /**
   * For a script: how long a command that never ends by itself (ping without -c or -w)
   * runs before it is interrupted as Ctrl-C would, in ns or as a duration; default 4 s.
   */
  interruptAfter?: number | string;
  /**
   * Record to this SQLite file. Once the run has started it is written in place (WAL mode), so a
   * run that fails or is killed leaves it there, incomplete, with every committed event.
   */
  record?: string;
  /** Also write a Wireshark capture as the run goes; its format follows the name unless given. */
  capture?: { path: string; format?: CaptureFormat };
  /** Stop the run when this emits, as Ctrl-C does: the recording keeps every event and is marked interrupted. */
  stop$?: Observable<unknown>;
  /** More sinks for every event (a printer, a progress line), after the recording's. */
  sinks?: readonly EventSink[];
  /** The command that started the run, kept in the recording (meta.command_line). */
  commandLine?: string;
  /** Where a script's `tcpdump -w FILE` writes a relative FILE; default: the recording's folder, else the current one. */
  outputFolder?: string;
}

export interface RunResult {
  /** The topology's name. */
  name: string;
  summary: RunSummary;
  /** Where the recording is, when one was asked for. */
  recording?: string;
  /** What went into the capture file, when one was asked for and could be written, and in which format. */
  capture?: CaptureStats;
  captureFormat?: CaptureFormat;
  /** Why the capture file could not be written (the recording is safe). */
  captureError?: unknown;
  /** A script's lines that failed (non-zero status), the lines the run stopped before, and files its commands could not write. */
  script?: { failures: ReadonlyArray<{ line: number; status: number }>; linesNotRun: number; writeFailures: readonly unknown[] };
}

/**
 * One run of a topology: its events as they happen, and its result once it
 * has ended. The run starts when `events$` is first subscribed to (or when
 * `result()` is called); later subscribers share the same run.
 */
export interface Run {
  readonly events$: Observable<SimEvent>;
  /** Resolves when the run has ended and its recording and capture are in place; rejects if it failed. */
  result(): Promise<RunResult>;
  /** The recording's size on disk so far, in bytes (0 without a recording). */
  recordingSize(): number;
  /** The run's effective limits: at most `maxEvents` events, up to `untilNs` of virtual time. */
  readonly limits: { untilNs: number; maxEvents: number };
}

/**
 * Simulates a topology (YAML or a shell script) in virtual time as an RxJS
 * stream of events, optionally recording it and writing a capture as it goes.
 */
export function run(given: Topology, options: RunOptions = {}): Run {
  const topology =
    options.interruptAfter === undefined ? given : withInterruptAfter(given, nanoseconds(options.interruptAfter, 'interruptAfter'));
  const live = new LiveRun(topology, {
    seed: options.seed ?? topology.seed,
    ...(options.until !== undefined && { untilNs: nanoseconds(options.until, 'until') }),
    ...(options.maxEvents !== undefined && { maxEvents: options.maxEvents }),
  });
  const script = attachScript(live.network, {
    outputFolder: options.outputFolder ?? (options.record !== undefined ? dirname(options.record) : '.'),
  });
  const seed = options.seed ?? topology.seed;
  const commandLine = options.commandLine ?? `hoplab library run of ${topology.sourcePath}`;
  const needsHeader = options.record !== undefined || options.capture !== undefined;
  const header: RecordingHeader | undefined = !needsHeader
    ? undefined
    : script
      ? scriptHeader(topology, seed, live.sim.limits, HOPLAB_VERSION, commandLine)
      : recordingHeader(topology, live.network, seed, HOPLAB_VERSION, commandLine);
  // Every output is opened before the recording replaces anything at its path: a capture
  // path that cannot be written is bad input, and bad input never costs an old recording.
  const capture =
    options.capture && header
      ? new LiveCapture(options.capture.path, header, captureFormatFor(options.capture.path, options.capture.format), HOPLAB_VERSION)
      : undefined;
  const sinks: EventSink[] = [];
  let writer: SqliteRecordingWriter | undefined;
  if (options.record !== undefined && header) {
    try {
      writer = new SqliteRecordingWriter(options.record);
      // The effective limits go in meta (until_ns, max_events), so that `verify` re-runs exactly this run.
      writer.writeHeader({
        ...header,
        untilNs: live.sim.limits.until,
        maxEvents: live.sim.limits.maxEvents,
        ...(topology.script && { interruptAfterNs: topology.script.interruptAfterNs ?? DEFAULT_INTERRUPT_AFTER_NS }),
      });
    } catch (e) {
      capture?.error();
      writer?.abort();
      throw e;
    }
    sinks.push(...recordingSinks(writer, () => statusOf(live.summary!)));
  }
  if (capture) sinks.push(captureSink(capture));
  sinks.push(...(options.sinks ?? []));
  // One run, however many subscribe: a small run can end inside the first subscribe call,
  // and a later subscriber (result()) must hear that it ended, not start the network again.
  // Through a subject that costs nothing per event (pipeline/fan-out-subject.ts says why).
  const events$ = live
    .stoppedBy(options.stop$ ?? NEVER)
    .pipe(
      throughSinks(sinks),
      share({ connector: () => new FanOutSubject<SimEvent>(), resetOnComplete: false, resetOnError: false, resetOnRefCountZero: false }),
    );
  let ended: Promise<RunResult> | undefined;
  return {
    events$,
    recordingSize: () => writer?.sizeOnDisk() ?? 0,
    limits: { untilNs: live.sim.limits.until, maxEvents: live.sim.limits.maxEvents },
    result: () =>
      (ended ??= lastValueFrom(events$.pipe(ignoreElements(), defaultIfEmpty(undefined))).then(() => ({
        name: topology.name,
        summary: live.summary!,
        ...(options.record !== undefined && { recording: options.record }),
        ...(capture && captureOutcome(capture)),
        ...(script && { script: { failures: script.failures, linesNotRun: script.linesNotRun, writeFailures: script.writeFailures } }),
      }))),
  };
}

/** The capture as a sink: each event written, the file put in place at the end (a failure is kept for the result). */
function captureSink(capture: LiveCapture): EventSink {
  return { next: (e) => capture.next(e), error: () => capture.error() };
}

function captureOutcome(capture: LiveCapture): Pick<RunResult, 'capture' | 'captureFormat' | 'captureError'> {
  try {
    return { capture: capture.complete(), captureFormat: capture.format };
  } catch (e) {
    return { captureError: e };
  }
}

/** How the recording ends: complete when the run ran out of things to do or reached `until`. */
function statusOf(summary: RunSummary): { complete: boolean; stopReason: RunSummary['stopReason']; events: number; endTime: number } {
  const complete = summary.stopReason === 'idle' || summary.stopReason === 'until';
  return { complete, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime };
}

function nanoseconds(value: number | string, option: string): number {
  if (typeof value === 'number') return value;
  const ns = parseDuration(value);
  if (ns === undefined) throw new InputError(`${option}: '${value}' is not a duration (e.g. 10s, 500ms)`);
  return ns;
}
