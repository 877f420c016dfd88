import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { InputError } from '../errors/input-error.js';
import { OutputFailure, causeOf } from '../errors/output-failure.js';
import type { SimEvent } from '../events/event.js';
import { ChunkWriter, type EventChunk } from './event-chunks.js';
import { DescriptionInterner } from './descriptions.js';
import { LOG_WIDTH } from './log-blocks.js';
import { ChunkRing } from './chunk-ring.js';
import { FramePacker } from './frame-packer.js';
import { writeMeta } from './event-table.js';
import { IN_FLIGHT, RecorderThread } from './recorder-thread.js';
import { type SnapshotPlan, snapshotMeta } from './snapshot-fold.js';
import { RUN_CADENCE, type SnapshotCadence } from './snapshot-cadence.js';
import { SNAPSHOT_VERSION } from '../state/state-snapshot.js';
import { writeStart } from './start-tables.js';
import { recordingTarget } from './output-path.js';
import { SCHEMA_VERSION, type RecordingHeader, type RecordingStatus, type RecordingWriter } from './recording.js';
import { openWal, placeRecording, removeSidecars, toRollbackJournal } from './wal-recording.js';

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
/** Events per chunk handed to the writer (the worker's transactions hold four). */
const CHUNK = 2048;
/** Room for a chunk's new frames in its ring slot: 2,048 events of 100 pinging pairs bring about 57 kB. */
const CHUNK_FRAME_BYTES = 64 * 1024;

/**
 * Writes a recording to SQLite in batched transactions. Events are turned
 * into row values as they come and handed on in chunks; once a run has
 * filled its first chunk, a worker thread (recorder-thread.ts) inserts them
 * while the simulation goes on, and a short run writes them itself.
 *
 * The schema and header are written beside the target (`.NAME.PID.tmp`) and
 * renamed onto it before the first event (wal-recording.ts): from then on the
 * recording is at its path, in WAL mode, and a run that fails or is killed
 * leaves it there, incomplete, holding every committed event.
 */
export class SqliteRecordingWriter implements RecordingWriter {
  private db: Database.Database;
  /** The file written: the path given, or the one a symbolic link there points to. */
  readonly path: string;
  /** Where the schema and header are written before they are put in place; undefined once they are. */
  private tempPath: string | undefined;
  /**
   * What chunks are written into (chunk-ring.ts): a slot for each chunk that
   * may be in flight to the worker, one for the chunk just taken and not yet
   * sent, and one for the next, made before it is sent.
   */
  private readonly ring = new ChunkRing(IN_FLIGHT + 2, CHUNK, CHUNK_FRAME_BYTES);
  /** Chunks made so far: the next one's number, which picks its slot. */
  private chunksMade = 0;
  /** The slot of the chunk being filled. */
  private slot = 0;
  private chunk: EventChunk = this.newChunk();
  private count = 0;
  /** Sized to the topology's ports when the header comes. */
  private descriptions = new DescriptionInterner();
  private readonly frames = new FramePacker(this.ring.frames(this.slot));
  /** The recorder's worker, started at the first full chunk. */
  private thread: RecorderThread | undefined;
  /** Where chunks go without a worker: this thread, on this connection. */
  private local: ChunkWriter | undefined;
  /** One bit per frame id already stored: frames are written once, on first sight. */
  private framesSeen = new Uint8Array(1 << 16);
  private closed = false;
  private header: RecordingHeader | undefined;

  constructor(path: string) {
    this.path = recordingTarget(path);
    this.tempPath = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    removeSidecars(this.tempPath, true);
    let db: Database.Database | undefined;
    try {
      db = openWal(this.tempPath);
      this.db = db;
      db.transaction(() => {
        db!.exec(SCHEMA);
        this.setMeta({ schema_version: String(SCHEMA_VERSION), complete: '0', stop_reason: 'running' });
      })();
    } catch (e) {
      // Before anything is simulated or replaced: a folder that cannot be written is the user's to
      // fix (exit 2); a full or failing disk is the machine's (exit 1).
      db?.close();
      removeSidecars(this.tempPath, true);
      if (isDiskFailure(e)) throw new OutputFailure(path, e);
      throw new InputError(`cannot write ${path}: ${causeOf(e)}`);
    }
  }

  /**
   * Puts the recording at its path (once): the old file there, if any, is
   * replaced by this one, whose header is whole. Everything after is written
   * in place, so that a kill leaves what was committed where the user looks.
   */
  private place(): void {
    if (this.tempPath === undefined) return;
    this.db.close();
    placeRecording(this.tempPath, this.path);
    this.tempPath = undefined;
    this.db = openWal(this.path);
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
    writeMeta(this.db, values);
  }

  writeHeader(h: RecordingHeader): void {
    try {
      this.writeHeaderRows(h);
      this.place();
    } catch (e) {
      this.abort();
      throw new OutputFailure(this.path, e);
    }
  }

  private writeHeaderRows(h: RecordingHeader): void {
    this.header = h;
    this.descriptions = new DescriptionInterner(h.ports.length);
    this.setMeta({
      name: h.name,
      seed: String(h.seed),
      hoplab_version: h.hoplabVersion,
      command_line: h.commandLine,
      topology_path: h.topologyPath,
      topology_source: h.topologySource,
      ...(h.untilNs !== undefined && { until_ns: String(h.untilNs) }),
      ...(h.maxEvents !== undefined && { max_events: String(h.maxEvents) }),
      ...(h.interruptAfterNs !== undefined && { interrupt_after_ns: String(h.interruptAfterNs) }),
    });
    const node = this.db.prepare('INSERT INTO nodes (name, kind) VALUES (?, ?)');
    const port = this.db.prepare('INSERT INTO ports (node, port, mac, peer_node, peer_port) VALUES (?, ?, ?, ?, ?)');
    const step = this.db.prepare('INSERT INTO scenario (step, at, node, run) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const n of h.nodes) node.run(n.name, n.kind);
      for (const p of h.ports) port.run(p.node, p.port, p.mac ?? null, p.peerNode ?? null, p.peerPort ?? null);
      for (const [i, s] of h.scenario.entries()) step.run(i + 1, s.at, s.node, s.run);
    })();
    if (h.start) writeStart(this.db, h.start);
  }

  append(event: SimEvent): void {
    // Copied now, into the chunk's one frame buffer: the frame's owner may reuse its bytes.
    if (event.frame !== undefined && event.bytes && !this.seen(event.frame)) this.frames.add(event.frame, event.bytes);
    const log = this.chunk.log;
    const at = this.count * LOG_WIDTH;
    log[at] = event.seq;
    log[at + 1] = event.t;
    log[at + 2] = event.frame ?? 0;
    log[at + 3] = event.cause ?? 0;
    log[at + 4] = this.descriptions.idOf(event);
    if (++this.count === CHUNK) this.send(false);
  }

  /** The chunk filled so far, with the descriptions first seen in it; a fresh one takes its place. */
  private takeChunk(): EventChunk {
    const chunk = this.chunk;
    chunk.count = this.count;
    chunk.descriptions = this.descriptions.takeFresh();
    this.chunk = this.newChunk();
    chunk.frames = this.frames.take(this.ring.frames(this.slot));
    this.count = 0;
    return chunk;
  }

  /** The next chunk, in its ring slot (which becomes `slot`), once the worker has written the chunk that was there. */
  private newChunk(): EventChunk {
    const number = this.chunksMade++;
    this.thread?.waitUntilWritten(number - this.ring.slots + 1);
    this.slot = this.ring.slotOf(number);
    return { log: this.ring.log(this.slot), count: 0, descriptions: [], frames: NO_FRAMES, commit: false };
  }

  /** Hands the chunk on: to the worker (started at the first full chunk), or, for a run that ends within its first chunk, written here. */
  private send(commit: boolean): void {
    const chunk = this.takeChunk();
    chunk.commit = commit;
    if (!this.thread && !this.local) {
      this.place();
      if (!commit) this.thread = new RecorderThread(this.path, this.snapshotPlan);
      else this.local = new ChunkWriter(this.db, this.snapshotPlan);
    }
    if (this.thread) this.thread.send(chunk);
    else this.local!.write(chunk);
  }

  /**
   * Keeps snapshots of the fold in this recording, at `cadence` (what a run
   * records: `state --at` and `step` then start near any event). Asked after
   * the header, before the first event: the fold starts from the header's
   * configuration and runs where the rows are written (run-snapshots.ts).
   */
  keepSnapshots(cadence: SnapshotCadence = RUN_CADENCE, format = SNAPSHOT_VERSION): void {
    const h = this.header!;
    this.snapshotPlan = { header: { nodes: h.nodes, ports: h.ports, ...(h.start && { start: h.start }) }, cadence, format };
  }

  private snapshotPlan: SnapshotPlan | undefined;

  /** The bytes written to the file so far (what is committed of it, its WAL included): for a progress line. */
  sizeOnDisk(): number {
    return sizeOf(this.path) + (this.closed ? 0 : sizeOf(`${this.path}-wal`));
  }

  /** Commits everything appended so far (waiting for the worker, if there is one). */
  flush(): void {
    this.send(true);
    this.thread?.sync();
  }

  finish(status: RecordingStatus): void {
    if (this.closed) return;
    try {
      this.place();
      if (this.thread) {
        const last = this.takeChunk();
        last.commit = true;
        this.thread.close(last);
      } else this.send(true);
      this.setMeta({
        ...(this.snapshotPlan && snapshotMeta(this.snapshotPlan)),
        complete: status.complete ? '1' : '0',
        stop_reason: status.stopReason,
        events: String(status.events),
        end_time: String(status.endTime),
      });
      toRollbackJournal(this.db);
      this.db.close();
    } catch (e) {
      this.abort();
      throw new OutputFailure(this.path, e);
    }
    this.closed = true;
  }

  /**
   * The run failed (a full disk, stdout gone bad, a bug): what it made is
   * committed as far as the disk allows and the recording stays at its path,
   * incomplete (stop_reason `failed`). Nothing is removed: a reader opens it
   * as it opens a killed run's. Never throws: it runs while another error is
   * being reported.
   */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.thread) {
        const last = this.takeChunk();
        last.commit = true;
        this.thread.close(last);
      } else if (this.tempPath === undefined) this.send(true);
    } catch {
      // The disk that failed the run may fail this too: what was committed before stays.
      this.thread?.terminate();
    }
    try {
      if (this.tempPath === undefined) {
        this.setMeta({ complete: '0', stop_reason: 'failed' });
        toRollbackJournal(this.db);
      }
    } catch {
      // As above: the recording then says `running`, which readers report as incomplete too.
    }
    try {
      this.db.close();
    } catch {
      // Nothing more can be done for it.
    }
    if (this.tempPath !== undefined) removeSidecars(this.tempPath, true);
  }
}

const NO_FRAMES = { ids: [], ends: [], bytes: new Uint8Array(0) };

/** SQLite's and the system's ways of saying the disk is full or failing. */
function isDiskFailure(e: unknown): boolean {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  return /^(SQLITE_FULL|SQLITE_IOERR|ENOSPC|EIO|EDQUOT|EFBIG)/.test(code);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
