import { InputError } from '../errors/input-error.js';
import type { SimEvent } from '../events/event.js';
import type { StartingConfig } from '../state/node-state.js';

export const SCHEMA_VERSION = 6;

/** What a recording holds besides its events. */
export interface RecordingHeader {
  name: string;
  seed: number;
  hoplabVersion: string;
  commandLine: string;
  topologyPath: string;
  topologySource: string;
  nodes: Array<{ name: string; kind: string }>;
  ports: Array<{ node: string; port: string; mac?: string; peerNode?: string; peerPort?: string }>;
  scenario: Array<{ at: number; node: string; run: string }>;
  /** The run's effective limits (meta `until_ns`, `max_events`), so that `verify` re-runs it exactly; absent in older recordings. */
  untilNs?: number;
  maxEvents?: number;
  /** A script run's interrupt time (meta `interrupt_after_ns`), so that `verify` interrupts the same lines at the same instants. */
  interruptAfterNs?: number;
  /** What the network's devices held at time 0 (the start_* tables, schema version 4; derived when an older recording is read). */
  start?: StartingConfig;
}

export interface RecordingStatus {
  complete: boolean;
  stopReason: string;
  events: number;
  endTime: number;
}

export interface EventFilter {
  from?: number;
  to?: number;
  kinds?: string[];
  nodes?: string[];
  /**
   * Only the events caused by one of `seqs`, and those of `orKinds` whatever
   * their cause (with `kinds` and `nodes`, all must hold). The viewer's frame
   * trips ask for what can end a trip: an event caused by its tx, or a
   * collision (view/frames-alive.ts). SQLite tests the causes itself.
   */
  causedBy?: { seqs: readonly number[]; orKinds?: readonly string[] };
}

/** Where a run's events go (STYLE rule 8: one interface, SQLite and in-memory). */
export interface RecordingWriter {
  writeHeader(header: RecordingHeader): void;
  append(event: SimEvent): void;
  /** Commits what is buffered: an interruption after this keeps these events. */
  flush(): void;
  finish(status: RecordingStatus): void;
  /** The run failed: what was made is kept as far as possible, marked incomplete (`failed`); never throws. */
  abort(): void;
}

export interface RecordingReader {
  /** The schema version the recording was written in (absent: this hoplab's, SCHEMA_VERSION). */
  readonly schemaVersion?: number;
  header(): RecordingHeader;
  status(): RecordingStatus;
  /** Lazily, in seq order. */
  events(filter?: EventFilter): IterableIterator<SimEvent>;
  event(seq: number): SimEvent | undefined;
  frame(id: number): Uint8Array | undefined;
  close(): void;
}

/** A recording that cannot be read: missing, not hoplab's, newer, corrupt. */
export class RecordingError extends InputError {
  override name = 'RecordingError';
}
