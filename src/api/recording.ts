import type { Observable } from 'rxjs';
import { type CauseNode, causeChain, consequences, countOutcomes, DEFAULT_LIMITS, type ConsequenceTree } from '../events/causality.js';
import type { SimEvent } from '../events/event.js';
import { copyOf } from '../events/frame-copy.js';
import { InputError } from '../errors/input-error.js';
import { recordedEvents } from '../pipeline/recorded-events.js';
import type { NetState } from '../state/node-state.js';
import { stateJson, stateText } from '../state/state-format.js';
import { StatsFold, type RecordingStats } from '../stats/stats.js';
import { withFrameCache } from '../store/frame-caching-reader.js';
import type { EventFilter, RecordingHeader, RecordingReader, RecordingStatus } from '../store/recording.js';
import { StateSeeker } from '../store/snapshots.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { summarizeFrame } from '../wire/decode.js';

export interface ReplayOptions extends EventFilter {
  /** Attach each event's frame bytes (`event.bytes`). */
  withBytes?: boolean;
  /** Pace the events in virtual time: this many virtual seconds per wall second. Default: as fast as they can be read. */
  speed?: number;
  /** Say which copy of its frame each event concerns (`event.copy`), as a live run does. */
  withCopies?: boolean;
}

export interface TraceOptions {
  /** Levels of consequences to follow (default 64). */
  depth?: number;
  /** Events in the consequence tree at most (default 1000). */
  limit?: number;
}

/** What led to an event, back to its scenario command, and what it led to. */
export interface Trace {
  event: SimEvent;
  /** The causes, nearest first, back to the scenario command (or the first recorded cause). */
  causes: SimEvent[];
  consequences: ConsequenceTree;
  /** How the tree's branches ended: `delivered`, `dropped`, ... with their counts. */
  outcomes: Record<string, number>;
}

/**
 * A recording opened for reading: its header and status, its events (as an
 * iterator, or as the same RxJS stream a live run produces), the network's
 * state at any event, an event's causes and consequences, its statistics.
 * Nothing is loaded whole: events are read lazily, state from the nearest
 * snapshot. Close it when done.
 */
export class Recording {
  /** The store's reader, for what this class does not wrap (the stepper). */
  readonly reader: RecordingReader;
  private seeker: StateSeeker | undefined;

  constructor(readonly path: string) {
    this.reader = withFrameCache(new SqliteRecordingReader(path), path, { strict: false });
  }

  header(): RecordingHeader {
    return this.reader.header();
  }

  status(): RecordingStatus {
    return this.reader.status();
  }

  /** The events in seq order, read lazily; `filter` picks by seq range, kind and node. */
  events(filter: EventFilter = {}): IterableIterator<SimEvent> {
    return this.reader.events(filter);
  }

  /** The events as an RxJS stream, as a live run emits them: read in chunks, optionally paced in virtual time. */
  events$(options: ReplayOptions = {}): Observable<SimEvent> {
    return recordedEvents(this.reader, options);
  }

  event(seq: number): SimEvent | undefined {
    return this.reader.event(seq);
  }

  /** A frame's bytes, by the id events carry in `frame`. */
  frame(id: number): Uint8Array | undefined {
    return this.reader.frame(id);
  }

  /** Every node's tables just after event `seq` (0: before the first), rebuilt by the fold from the nearest snapshot. */
  stateAt(seq: number): NetState {
    const last = this.status().events;
    if (!Number.isInteger(seq) || seq < 0 || seq > last) throw new InputError(`${this.path}: no event #${seq} (the recording has ${last})`);
    this.seeker ??= new StateSeeker(this.path, this.reader);
    return this.seeker.stateAt(seq);
  }

  /** The state at `seq` as `hoplab state --json` prints it (one node's, with `node`). */
  stateJson(seq: number, node?: string): object {
    return stateJson(this.stateAt(seq), this.frameSummary, node);
  }

  /** The state at `seq` as `hoplab state` prints it: `ip neigh`, `bridge fdb`, `ip route` lines per node. */
  stateText(seq: number, node?: string): string[] {
    return stateText(this.stateAt(seq), this.frameSummary, node);
  }

  /** What led to event `seq` and what it led to, each event with its frame's bytes. */
  trace(seq: number, options: TraceOptions = {}): Trace {
    const event = this.withBytes(this.reader.event(seq));
    if (!event) throw new InputError(`${this.path}: no event #${seq} (the recording has ${this.status().events})`);
    this.withCopy(event);
    const causes = causeChain(event, (s) => this.withBytes(this.reader.event(s)));
    for (const c of causes) this.withCopy(c);
    const limits = {
      ...DEFAULT_LIMITS,
      ...(options.depth !== undefined && { maxDepth: options.depth }),
      ...(options.limit !== undefined && { maxEvents: options.limit }),
    };
    const tree = consequences(event, this.reader.events({ from: seq + 1 }), limits);
    const stack: CauseNode[] = [tree.root];
    while (stack.length) {
      const n = stack.pop()!;
      this.withCopy(this.withBytes(n.event));
      stack.push(...n.children);
    }
    return { event, causes, consequences: tree, outcomes: Object.fromEntries(countOutcomes(tree.root, tree.complete)) };
  }

  /** Counts per kind and node, drops by reason, MAC moves, and tx / frames alive per bucket of virtual time. */
  stats(options: { bucketNs?: number } = {}): RecordingStats {
    const status = this.status();
    const spanNs = this.reader.event(status.events)?.t ?? status.endTime;
    const fold = new StatsFold({
      spanNs,
      nodes: this.header().nodes.map((n) => n.name),
      ...(options.bucketNs !== undefined && { bucketNs: options.bucketNs }),
    });
    for (const e of this.reader.events()) fold.add(e);
    return fold.result();
  }

  close(): void {
    this.seeker?.close();
    this.reader.close();
  }

  private readonly frameSummary = (id: number): string | undefined => {
    const bytes = this.reader.frame(id);
    return bytes ? summarizeFrame(bytes) : undefined;
  };

  /** Which copy of its frame the event concerns (events/frame-copy.ts), asking the recording for its causes. */
  copyOf(e: SimEvent): number | undefined {
    return copyOf(e, (seq) => this.reader.event(seq));
  }

  private withCopy(e: SimEvent): SimEvent {
    const copy = this.copyOf(e);
    if (copy !== undefined) e.copy = copy;
    return e;
  }

  private withBytes<T extends SimEvent | undefined>(e: T): T {
    if (e?.frame !== undefined) {
      const bytes = this.reader.frame(e.frame);
      if (bytes) e.bytes = bytes;
    }
    return e;
  }
}

/** Opens a recording made by `hoplab run` (any schema version this hoplab reads). */
export function openRecording(path: string): Recording {
  return new Recording(path);
}
