/**
 * hoplab as a library: load a topology, run it as an RxJS stream of events
 * (and record it), read a recording back (its events, the state at any event,
 * an event's causes and consequences, statistics), export it to Wireshark,
 * compare two, verify one. The CLI is built on exactly this. See docs/api.md.
 *
 * Errors: every kind of bad input (a topology, a recording, an option) is an
 * InputError, with the place as data when there is one; anything else thrown
 * is a failure.
 */

export { type LoadOptions, loadTopology, loadTopologyFile } from './api/load.js';
export { type Run, type RunOptions, type RunResult, run } from './api/run.js';
export { openRecording, Recording, type ReplayOptions, type Trace, type TraceOptions } from './api/recording.js';
export { type ReplayResult, type ReplayThroughOptions, replay } from './api/replay.js';
export { type ExportOptions, type ExportResult, exportCapture } from './api/export.js';
export { diff } from './api/diff.js';
export { type Divergence, type VerifyResult, verify } from './api/verify.js';
export { HOPLAB_VERSION as version } from './api/version.js';

export { InputError, type InputLocation } from './errors/input-error.js';
export { TopologyError } from './topology/topology-error.js';
export { RecordingError } from './store/recording.js';
export { OutputFileError } from './export/atomic-file.js';
export { ScenarioMismatch } from './compare/scenario-align.js';

export { DROP_REASONS, type DropReason, EVENT_KINDS, type EventKind, type SimEvent } from './events/event.js';
export { eventJson, formatEvent } from './events/format-event.js';
export type { Topology, NodeSpec, LinkSpec, InterfaceSpec, RouteSpec, ScenarioStep, NodeKind } from './topology/model.js';
export type { RunSummary } from './pipeline/live-run.js';
export type { EventSink } from './pipeline/event-sink.js';
export type { EventFilter, RecordingHeader, RecordingStatus } from './store/recording.js';
export type { NetState, NodeState, PortState, NeighState, FdbState, InFlight } from './state/node-state.js';
export type { RecordingStats } from './stats/stats.js';
export type { CaptureFormat } from './export/capture-format.js';
export type { CaptureStats, CaptureDirection } from './export/capture-sink.js';
export type { DiffReport } from './compare/diff-report.js';
export type { CauseNode, ConsequenceTree } from './events/causality.js';
