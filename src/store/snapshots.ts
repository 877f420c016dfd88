import type Database from 'better-sqlite3';
import { evolve, type FoldEvent } from '../state/evolve.js';
import type { Observer } from 'rxjs';
import type { ConfigChange } from '../events/config-change.js';
import type { SimEvent } from '../events/event.js';
import { legacyFold } from './legacy-config.js';
import { initialState, type HeaderShape, type NetState } from '../state/node-state.js';
import { SNAPSHOT_VERSION, fromSnapshot, toSnapshot, type StateJson } from '../state/state-snapshot.js';
import { isTable, openReadOnly } from './open-readonly.js';
import { RecordingError, type RecordingReader } from './recording.js';
import { checkedLogRow, checkedVlan } from './row-checks.js';

/** Events between two snapshots stored in a recording: a seek folds fewer than this many. */
export const SNAPSHOT_INTERVAL = 20_000;
/** Events between two checkpoints kept in memory while a process walks a recording (the stepper). */
const MEMORY_INTERVAL = 2_000;
const MEMORY_CHECKPOINTS = 256;

/**
 * The additive `snapshots` table (a schema version 1 or 2 recording stays readable by every
 * hoplab: a reader that does not know the table ignores it). Each row is the
 * folded state just after event `seq`, as JSON; the meta key
 * `snapshot_format` names the fold that wrote them, so a newer fold rebuilds
 * them instead of trusting them.
 */
/**
 * The columns the fold reads, in FoldValues order. Version 1 kept its events in
 * a table; later versions are read from hoplab's own tables by name, never from
 * the events view a recording carries (it may not be hoplab's). A schema 4
 * recording states its configuration changes (config); one of schemas 1 to 3
 * has only its commands' text, which its legacy fold reads (legacy-config.ts).
 * stp events state their role, root or topology change in text (evolve-stp.ts).
 * A schema 5 switch's learn, move and age state their VLAN (vlan).
 */
function foldSelect(hasLog: boolean, version: number): string {
  const p = hasLog ? 'd.' : '';
  const config =
    version >= 4
      ? `CASE WHEN ${p}kind = 'stp' THEN ${p}text END AS text, ${p}config`
      : `CASE WHEN ${p}kind IN ('command', 'stp') THEN ${p}text END AS text, NULL AS config`;
  const vlan = version >= 5 ? `${p}vlan` : 'NULL AS vlan';
  if (!hasLog)
    return `SELECT seq, t, kind, node, port, frame, cause, mac, "from", ip, state, ${config}, out, senders, ${vlan} FROM events NOT INDEXED WHERE seq > ? AND seq <= ? ORDER BY seq`;
  return `SELECT l.seq, l.t, d.kind, d.node, d.port, l.frame, l.cause, d.mac, d."from", d.ip, d.state, ${config}, d.out, d.senders, ${vlan}
  FROM event_log AS l NOT INDEXED CROSS JOIN descriptions AS d NOT INDEXED ON d.id = l.description WHERE l.seq > ? AND l.seq <= ? ORDER BY l.seq`;
}

/**
 * A live run's sink that folds as the run goes and hands the state every
 * `interval` events to the recording's writer, so that a
 * fresh recording answers `state --at` any event without a first full fold.
 */
export function snapshotSink(header: HeaderShape, writer: SnapshotWriter, interval = SNAPSHOT_INTERVAL): Partial<Observer<SimEvent>> {
  const state = initialState(header);
  writer.snapshotsKept?.(SNAPSHOT_VERSION, interval);
  return {
    next: (e) => {
      evolve(state, e);
      if (e.seq % interval === 0) writer.snapshot(e.seq, JSON.stringify(toSnapshot(state)), SNAPSHOT_VERSION, interval);
    },
  };
}

/** Where a run's snapshots go: the SQLite writer stores them with its batches. */
export interface SnapshotWriter {
  snapshot(seq: number, state: string, format: string, interval: number): void;
  snapshotsKept?(format: string, interval: number): void;
}

/** A fold row, raw: foldSelect's columns in order. */
type FoldValues = [
  number,
  number,
  string,
  string,
  string | null,
  number | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number | null,
];

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
  private readonly foldStmt: Database.Statement;
  private readonly stored = new Map<number, StateJson | undefined>();
  private readonly memory = new Map<number, StateJson>();
  private current: NetState;
  private readonly initial: StateJson;
  /** One event folded in: by `evolve`, or for a schema 1–3 recording with what it does not state derived (legacy-config.ts). */
  private readonly fold: (state: NetState, e: FoldEvent) => unknown;

  constructor(
    readonly path: string,
    reader: RecordingReader,
    options: { stored?: boolean } = {},
  ) {
    const header = reader.header();
    this.current = initialState(header);
    this.initial = toSnapshot(this.current);
    try {
      this.db = openReadOnly(path);
      const version = Number(this.db.prepare("SELECT value FROM meta NOT INDEXED WHERE key = 'schema_version'").pluck().get());
      this.fold = version >= 4 ? evolve : legacyFold(path, header.topologyPath.endsWith('.sh'));
      this.foldStmt = this.db.prepare(foldSelect(isTable(this.db, 'event_log'), version)).raw();
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
    if (seq < this.current.seq || seq - this.current.seq > MEMORY_INTERVAL) {
      const start = this.bestStart(seq);
      if (start.seq > this.current.seq || seq < this.current.seq) this.current = this.restored(start);
    }
    this.foldTo(seq);
    return this.current;
  }

  close(): void {
    this.db.close();
  }

  private loadIndex(): void {
    const hasTable = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'").get();
    if (!hasTable) return;
    const format = this.db.prepare("SELECT value FROM meta NOT INDEXED WHERE key = 'snapshot_format'").pluck().get();
    if (format !== SNAPSHOT_VERSION) return;
    for (const seq of this.db.prepare('SELECT seq FROM snapshots NOT INDEXED ORDER BY seq').pluck().all() as number[])
      this.stored.set(seq, undefined);
  }

  /** The latest snapshot at or before `seq`, stored or in memory. */
  private bestStart(seq: number): StateJson {
    let best = this.initial;
    for (const [s, json] of this.memory) if (s <= seq && s > best.seq) best = json;
    let storedSeq = 0;
    for (const s of this.stored.keys()) if (s <= seq && s > storedSeq) storedSeq = s;
    if (storedSeq > best.seq) {
      const json = this.stored.get(storedSeq);
      best = json ?? this.storedSnapshot(storedSeq);
    }
    return best;
  }

  /** The state a snapshot holds; a stored one that does not rebuild is a damaged recording, located. */
  private restored(start: StateJson): NetState {
    try {
      return fromSnapshot(start, this.current.peers);
    } catch (e) {
      throw new RecordingError(
        `${this.path}: damaged recording: the snapshot after event ${start.seq} does not rebuild a state (${(e as Error).message})`,
      );
    }
  }

  /** A snapshot the run stored, checked as far as the fold relies on it: its JSON, and the seq it says it follows. */
  private storedSnapshot(seq: number): StateJson {
    const text = this.db.prepare('SELECT state FROM snapshots NOT INDEXED WHERE seq = ?').pluck().get(seq);
    let json: StateJson;
    try {
      json = JSON.parse(String(text)) as StateJson;
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
    // One scratch event, refilled per row: the fold copies what it keeps, and raw rows halve the allocation.
    const e: FoldEvent = { seq: 0, t: 0, kind: 'tx', node: '' };
    try {
      for (const v of this.foldStmt.iterate(state.seq, seq) as IterableIterator<FoldValues>) {
        checkedLogRow(this.path, v[0], v[1], v[5], v[6]);
        e.seq = v[0];
        e.t = v[1];
        e.kind = v[2] as FoldEvent['kind'];
        e.node = v[3];
        e.port = v[4];
        e.frame = v[5];
        e.cause = v[6];
        e.mac = v[7];
        e.from = v[8];
        e.ip = v[9];
        e.state = v[10];
        e.text = v[11];
        e.config = v[12] === null ? null : (JSON.parse(v[12]) as ConfigChange);
        e.out = v[13] === null ? null : v[13] === '' ? [] : v[13].split(',');
        e.senders = v[14] === null ? null : v[14].split(',');
        e.vlan = checkedVlan(this.path, v[0], v[15]);
        this.fold(state, e);
        if (e.seq % MEMORY_INTERVAL === 0) this.remember(state);
      }
    } catch (e) {
      if (e instanceof RecordingError) throw e;
      throw new RecordingError(`${this.path}: damaged recording (${(e as Error).message})`);
    }
  }

  private remember(state: NetState): void {
    if (this.memory.has(state.seq)) return;
    if (this.memory.size >= MEMORY_CHECKPOINTS) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(state.seq, toSnapshot(state));
  }
}
