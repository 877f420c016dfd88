import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { SimEvent } from '../events/event.js';
import { EventInserter } from './event-insert.js';
import { SCHEMA_VERSION, type RecordingHeader, type RecordingStatus, type RecordingWriter } from './recording.js';

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
const BATCH = 8192;

/**
 * Writes a recording to SQLite in batched transactions: a transaction opens at
 * a batch's first event, each event is inserted as it comes (no batch of
 * event objects held in memory), and the transaction commits every BATCH
 * events. It writes beside the
 * target (`.NAME.PID.tmp`) and renames over it when the run ends, stopped or
 * not, so an existing recording is never left half overwritten; a run killed
 * outright leaves its committed events in the temporary file.
 */
export class SqliteRecordingWriter implements RecordingWriter {
  private readonly db: Database.Database;
  private readonly tempPath: string;
  private readonly events: EventInserter;
  private readonly insertFrame: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  /** Events inserted in the open transaction (none open when 0). */
  private pending = 0;
  /** Folded states waiting for the next batch (the optional snapshots table; store/snapshots.ts). */
  private snapshots: Array<[number, string]> = [];
  private snapshotMeta: Record<string, string> | undefined;
  /** One bit per frame id already stored: frames are written once, on first sight. */
  private framesSeen = new Uint8Array(1 << 16);
  private closed = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    rmSync(this.tempPath, { force: true });
    this.db = new Database(this.tempPath);
    // Durability against power loss is not the point; a killed process keeps
    // every committed transaction with synchronous=OFF and a rollback journal.
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = OFF');
    this.db.exec(SCHEMA);
    this.events = new EventInserter(this.db);
    this.insertFrame = this.db.prepare('INSERT OR IGNORE INTO frames (id, bytes) VALUES (?, ?)');
    this.begin = this.db.prepare('BEGIN');
    this.commit = this.db.prepare('COMMIT');
    this.setMeta({ schema_version: String(SCHEMA_VERSION), complete: '0', stop_reason: 'running' });
  }

  private seen(id: number): boolean {
    const byte = id >>> 3;
    if (byte >= this.framesSeen.length) {
      const bigger = new Uint8Array(Math.max(byte + 1, this.framesSeen.length * 2));
      bigger.set(this.framesSeen);
      this.framesSeen = bigger;
    }
    const bit = 1 << (id & 7);
    const was = (this.framesSeen[byte]! & bit) !== 0;
    this.framesSeen[byte]! |= bit;
    return was;
  }

  private setMeta(values: Record<string, string>): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(values)) stmt.run(k, v);
    })();
  }

  writeHeader(h: RecordingHeader): void {
    this.setMeta({
      name: h.name, seed: String(h.seed), hoplab_version: h.hoplabVersion, command_line: h.commandLine,
      topology_path: h.topologyPath, topology_source: h.topologySource,
      ...(h.untilNs !== undefined && { until_ns: String(h.untilNs) }),
      ...(h.maxEvents !== undefined && { max_events: String(h.maxEvents) }),
    });
    const node = this.db.prepare('INSERT INTO nodes (name, kind) VALUES (?, ?)');
    const port = this.db.prepare('INSERT INTO ports (node, port, mac, peer_node, peer_port) VALUES (?, ?, ?, ?, ?)');
    const step = this.db.prepare('INSERT INTO scenario (step, at, node, run) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const n of h.nodes) node.run(n.name, n.kind);
      for (const p of h.ports) port.run(p.node, p.port, p.mac ?? null, p.peerNode ?? null, p.peerPort ?? null);
      h.scenario.forEach((s, i) => step.run(i + 1, s.at, s.node, s.run));
    })();
  }

  append(event: SimEvent): void {
    if (this.pending === 0) this.begin.run();
    if (event.frame !== undefined && event.bytes && !this.seen(event.frame)) this.insertFrame.run(event.frame, event.bytes);
    this.events.add(event);
    if (++this.pending >= BATCH) this.flush();
  }

  /**
   * Stores the state just after event `seq` (JSON) in the snapshots table,
   * with the batch that commits that event or after it, never before: a
   * recording cut short holds no snapshot past its last event.
   */
  snapshot(seq: number, state: string, format: string, interval: number): void {
    this.snapshots.push([seq, state]);
    this.snapshotMeta ??= { snapshot_format: format, snapshot_interval: String(interval) };
  }

  flush(): void {
    if (this.pending > 0) {
      this.events.drain();
      this.commit.run();
      this.pending = 0;
    }
    if (this.snapshots.length > 0) {
      const insert = this.db.prepare('INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)');
      const rows = this.snapshots;
      this.snapshots = [];
      this.db.transaction(() => {
        for (const [seq, state] of rows) insert.run(seq, state);
      })();
      if (this.snapshotMeta) this.setMeta(this.snapshotMeta);
      this.snapshotMeta = undefined;
    }
  }

  finish(status: RecordingStatus): void {
    if (this.closed) return;
    this.flush();
    this.setMeta({ complete: status.complete ? '1' : '0', stop_reason: status.stopReason, events: String(status.events), end_time: String(status.endTime) });
    this.db.close();
    this.closed = true;
    renameSync(this.tempPath, this.path);
  }

  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    rmSync(this.tempPath, { force: true });
    if (existsSync(`${this.tempPath}-journal`)) rmSync(`${this.tempPath}-journal`, { force: true });
  }
}
