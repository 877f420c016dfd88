import type Database from 'better-sqlite3';
import { evolve, type FoldEvent } from '../state/evolve.js';
import { FramesInFlight } from '../state/frames-in-flight.js';
import type { Observer } from 'rxjs';
import type { SimEvent } from '../events/event.js';
import { legacyFold } from './legacy-config.js';
import { headerPeers, initialState, type HeaderShape, type NetState } from '../state/node-state.js';
import { SNAPSHOT_VERSION, SNAPSHOT_VERSIONS_READ, fromSnapshot, toSnapshot, type StateJson } from '../state/state-snapshot.js';
import { SnapshotBytes } from '../state/snapshot-bytes.js';
import { FoldRows } from './fold-rows.js';
import { SnapshotFold } from './snapshot-fold.js';
import { decodeSnapshot, encodeSnapshotBytes } from './snapshot-codec.js';
import { openReadOnly } from './open-readonly.js';
import { RecordingError, type RecordingReader } from './recording.js';
import { RUN_CADENCE, type SnapshotCadence } from './snapshot-cadence.js';

/**
 * The fewest events between two checkpoints kept in memory while a process walks a
 * recording (the stepper, the viewer); a big state waits MEMORY_COST events per table
 * entry, so that copying it costs a bounded share of the fold (at 1,000 hosts a copy
 * every 2,000 events took half a seek's time).
 */
const MEMORY_INTERVAL = 2_000;
const MEMORY_COST = 4;
const MEMORY_CHECKPOINTS = 256;

/**
 * An idle walk (`StateSeeker.walk`, the viewer's, between requests) keeps a
 * checkpoint every WALK_INTERVAL events at first, deflated as the run stores
 * them, within WALK_BUDGET bytes: past it, every other one goes and the
 * interval doubles. A storm with 10,000 frames on the wires stores its
 * snapshots up to 48,000 events apart (their size sets the cadence, to keep
 * the file small); in memory a seek then folds at most a few thousand.
 */
const WALK_INTERVAL = 4_000;
const WALK_BUDGET = 48 * 1024 * 1024;

/** What an idle walk's caller sees of each event it folds: the state just before and just after it (the viewer's trip ends). */
export interface FoldWatch {
  before(state: NetState, e: FoldEvent): void;
  after(state: NetState, e: FoldEvent): void;
}

/**
 * The additive `snapshots` table (a schema version 1 or 2 recording stays readable by every
 * hoplab: a reader that does not know the table ignores it). Each row is the
 * folded state just after event `seq`, as JSON; the meta key
 * `snapshot_format` names the fold that wrote them, so a newer fold rebuilds
 * them instead of trusting them.
 */
/**
 * A live run's sink that folds as the run goes and hands the state to the
 * recording's writer at the cadence's events (snapshot-cadence.ts), so that a
 * fresh recording answers `state --at` any event without a first full fold.
 */
export function snapshotSink(
  header: HeaderShape,
  writer: SnapshotWriter,
  cadence: SnapshotCadence = RUN_CADENCE,
  format = SNAPSHOT_VERSION,
): Partial<Observer<SimEvent>> {
  const fold = new SnapshotFold({ header, cadence, format });
  writer.snapshotsKept?.(format, cadence.interval);
  return {
    next: (e) => {
      const stored = fold.add(e);
      if (stored !== undefined) writer.snapshot(e.seq, stored, format, cadence.interval);
    },
  };
}

/** Where a run's snapshots go: the SQLite writer stores them with its batches. */
export interface SnapshotWriter {
  /** `state` as the snapshots table stores it in `format` (snapshot-codec.ts). */
  snapshot(seq: number, state: string | Uint8Array, format: string, interval: number): void;
  snapshotsKept?(format: string, interval: number): void;
}

/**
 * The state of the network at any event of a recording: the nearest snapshot
 * at or before it (stored in the recording, or kept in memory), then the fold
 * over the events after it (STYLE rule 7: snapshots only make seeking fast).
 * Seeking backwards or forwards gives the same state, since both start from a
 * snapshot of the same fold. Only the run that records writes snapshots
 * (snapshotSink); a seeker reads the file read-only and keeps the
 * checkpoints it passes in memory, so a recording without stored ones (an
 * old one, a rebuilt fold) costs one fold from the start per process.
 */
export class StateSeeker {
  private readonly db: Database.Database;
  private readonly rows: FoldRows;
  /** The seqs of the stored snapshots, read when a seek starts from one. */
  private readonly stored = new Set<number>();
  private readonly memory = new Map<number, StateJson>();
  /** The idle walk's checkpoints, by seq in ascending order, deflated; its own state; its spacing and their bytes. */
  private readonly walked = new Map<number, Uint8Array>();
  private walkState: NetState | undefined;
  /** The walk's checkpoints as the run writes its snapshots: only what changed made again. */
  private readonly walkSnapshots = new SnapshotBytes(SNAPSHOT_VERSION);
  private walkInterval = WALK_INTERVAL;
  private nextWalked = WALK_INTERVAL;
  private walkBytes = 0;
  private current: NetState;
  /** The event after which the fold next keeps a checkpoint in memory. */
  private nextMemory = 0;
  private readonly header: HeaderShape;
  /** Seeks asked for so far: a process that seeks once (`state --at`) keeps no checkpoint it would never use. */
  private seeks = 0;
  /** meta `snapshot_format` of the stored snapshots the seeker trusts. */
  private format = SNAPSHOT_VERSION;
  /** One event folded in: by `evolve`, or for a schema 1–3 recording with what it does not state derived (legacy-config.ts). */
  private readonly fold: (state: NetState, e: FoldEvent) => unknown;

  constructor(
    readonly path: string,
    reader: RecordingReader,
    options: { stored?: boolean } = {},
  ) {
    const header = reader.header();
    this.header = header;
    // Built by the first seek, from the snapshot it starts at or from the start: a seek from a snapshot never needs the initial state.
    this.current = { seq: 0, t: 0, nodes: new Map(), inFlight: new FramesInFlight(), peers: headerPeers(header) };
    try {
      this.db = openReadOnly(path);
      const version = Number(this.db.prepare("SELECT value FROM meta NOT INDEXED WHERE key = 'schema_version'").pluck().get());
      this.fold = version >= 4 ? evolve : legacyFold(path, header.topologyPath.endsWith('.sh'));
      this.rows = new FoldRows(path, this.db, version);
      if (options.stored !== false) this.loadIndex();
    } catch (e) {
      if (e instanceof RecordingError) throw e;
      throw new RecordingError(`${path}: damaged recording (${(e as Error).message})`);
    }
  }

  /**
   * The state just after event `seq` (0: before the first). The returned
   * state belongs to the seeker and changes at the next call: copy it
   * (cloneState) to keep it.
   */
  stateAt(seq: number): NetState {
    const first = this.seeks++ === 0;
    if (first || seq < this.current.seq || seq - this.current.seq > MEMORY_INTERVAL) {
      const start = this.bestStart(seq);
      if (first || (start?.json.seq ?? 0) > this.current.seq || seq < this.current.seq) {
        this.current = start ? this.restored(start) : initialState(this.header);
        this.nextMemory = nextCheckpoint(this.current);
      }
    }
    this.foldTo(seq);
    return this.current;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Folds up to `events` more events of a walk over the whole recording, on a
   * state of its own, keeping checkpoints as it goes (WALK_INTERVAL); the
   * seeks after start from them. False once the walk has reached `last`, or
   * when the recording's fold is a legacy one (schema 1-3), which keeps state
   * of its own and so serves one walk at a time. `watch` sees each event with
   * the walk's state just before and just after it.
   */
  walk(last: number, events: number, watch?: FoldWatch): boolean {
    if (this.fold !== evolve) return false;
    const state = (this.walkState ??= initialState(this.header));
    if (state.seq >= last) return false;
    this.foldOn(
      state,
      Math.min(last, state.seq + events),
      (e) => {
        watch?.after(state, e);
        this.walkSnapshots.folded(state, e);
        if (e.seq < this.nextWalked) return;
        this.keepWalked(state);
        this.nextWalked = e.seq + this.walkInterval;
      },
      watch && ((e) => watch.before(state, e)),
    );
    return state.seq < last;
  }

  /** The event the idle walk has folded up to (0 before it starts). */
  get walkedTo(): number {
    return this.walkState?.seq ?? 0;
  }

  private keepWalked(state: NetState): void {
    const stored = encodeSnapshotBytes(this.walkSnapshots.of(state), SNAPSHOT_VERSION) as Uint8Array;
    this.walked.set(state.seq, stored);
    this.walkBytes += stored.byteLength;
    if (this.walkBytes <= WALK_BUDGET) return;
    // Over budget: every other checkpoint goes, and the walk keeps them twice as far apart.
    let keep = false;
    for (const [seq, bytes] of this.walked) {
      if (!keep) {
        this.walked.delete(seq);
        this.walkBytes -= bytes.byteLength;
      }
      keep = !keep;
    }
    this.walkInterval *= 2;
  }

  private loadIndex(): void {
    const hasTable = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'").get();
    if (!hasTable) return;
    const format = this.db.prepare("SELECT value FROM meta NOT INDEXED WHERE key = 'snapshot_format'").pluck().get();
    if (typeof format !== 'string' || !SNAPSHOT_VERSIONS_READ.has(format)) return;
    this.format = format;
    for (const seq of this.db.prepare('SELECT seq FROM snapshots NOT INDEXED ORDER BY seq').pluck().all() as number[]) this.stored.add(seq);
  }

  /** The latest snapshot at or before `seq`, stored or in memory; undefined: none, so the state before the first event. */
  private bestStart(seq: number): { json: StateJson; parsed: boolean } | undefined {
    let best: StateJson | undefined;
    for (const [s, json] of this.memory) if (s <= seq && s > (best?.seq ?? 0)) best = json;
    let storedSeq = 0;
    for (const s of this.stored) if (s <= seq && s > storedSeq) storedSeq = s;
    let walkedSeq = 0;
    for (const s of this.walked.keys()) if (s <= seq && s > walkedSeq) walkedSeq = s;
    if (walkedSeq > storedSeq && walkedSeq > (best?.seq ?? 0)) {
      return { json: JSON.parse(decodeSnapshot(this.walked.get(walkedSeq), SNAPSHOT_VERSION)) as StateJson, parsed: true };
    }
    if (storedSeq > (best?.seq ?? 0)) return { json: this.storedSnapshot(storedSeq), parsed: true };
    return best && { json: best, parsed: false };
  }

  /** The state a snapshot holds (taking the entries of one just parsed); a stored one that does not rebuild is a damaged recording, located. */
  private restored({ json: start, parsed }: { json: StateJson; parsed: boolean }): NetState {
    try {
      return fromSnapshot(start, this.current.peers, parsed);
    } catch (e) {
      throw new RecordingError(
        `${this.path}: damaged recording: the snapshot after event ${start.seq} does not rebuild a state (${(e as Error).message})`,
      );
    }
  }

  /** A snapshot the run stored, checked as far as the fold relies on it: its JSON, and the seq it says it follows. */
  private storedSnapshot(seq: number): StateJson {
    const stored = this.db.prepare('SELECT state FROM snapshots NOT INDEXED WHERE seq = ?').pluck().get(seq);
    let json: StateJson;
    try {
      json = JSON.parse(decodeSnapshot(stored, this.format)) as StateJson;
    } catch {
      throw new RecordingError(`${this.path}: damaged recording: the snapshot after event ${seq} is not JSON`);
    }
    if (typeof json !== 'object' || json === null || json.seq !== seq || !Array.isArray(json.nodes))
      throw new RecordingError(`${this.path}: damaged recording: the snapshot after event ${seq} is not a state hoplab wrote`);
    return json;
  }

  private foldTo(seq: number): void {
    if (seq <= this.current.seq) return;
    const state = this.current;
    this.foldOn(state, seq, (e) => {
      if (e.seq >= this.nextMemory && this.seeks > 1) this.remember(state);
    });
  }

  /** Folds the recording's events after `state`'s up to `to` into it, `after` told of each; a row the fold cannot take is a damaged recording. */
  private foldOn(state: NetState, to: number, after: (e: FoldEvent) => void, before?: (e: FoldEvent) => void): void {
    try {
      this.rows.forEach(state.seq, to, (e) => {
        before?.(e);
        this.fold(state, e);
        after(e);
      });
    } catch (e) {
      if (e instanceof RecordingError) throw e;
      throw new RecordingError(`${this.path}: damaged recording (${(e as Error).message})`);
    }
  }

  private remember(state: NetState): void {
    this.nextMemory = nextCheckpoint(state);
    if (this.memory.has(state.seq)) return;
    if (this.memory.size >= MEMORY_CHECKPOINTS) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(state.seq, toSnapshot(state));
  }
}

/** The event after which a fold that has reached `state` keeps its next checkpoint. */
function nextCheckpoint(state: NetState): number {
  return state.seq + Math.max(MEMORY_INTERVAL, MEMORY_COST * entries(state));
}

/** How many table entries a state holds (ports, neighbours, MACs, frames on the wires): what copying it costs. */
function entries(state: NetState): number {
  let n = state.inFlight.size;
  for (const node of state.nodes.values()) n += node.ports.size + node.neigh.size + node.fdb.size;
  return n;
}
