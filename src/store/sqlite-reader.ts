import type Database from 'better-sqlite3';
import type { SimEvent } from '../events/event.js';
import { DescriptionCache } from './description-cache.js';
import { eventFrom } from './descriptions.js';
import { fillWhy } from './why-template.js';
import { legacyChannel } from './legacy-channel.js';
import { legacyStart } from './legacy-start.js';
import { readStart } from './start-tables.js';
import { WireError } from '../wire/wire-error.js';
import { fromRow, fromValues, type EventRow, type EventRowValues } from './event-row.js';
import { readAheadEvents, type LogRowEvent } from './log-read-ahead.js';
import { BlockPages, PAGE_EVENTS } from './block-pages.js';
import { logPages, type LogPages } from './log-pages.js';
import { RowPages } from './row-pages.js';
import { LOG_WIDTH } from './log-blocks.js';
import { isTable, openReadOnly } from './open-readonly.js';
import { checkedFrame, checkedLogRow, checkedPorts, checkedVlan, SeqChecker } from './row-checks.js';
import {
  RecordingError,
  SCHEMA_VERSION,
  type EventFilter,
  type RecordingHeader,
  type RecordingReader,
  type RecordingStatus,
} from './recording.js';

/**
 * An SQLite error met while reading, as the RecordingError the CLI reports
 * (exit 2, no stack): a file that is not a database at all, or one whose
 * pages are damaged or missing (a copy cut short, a disk error).
 */
function recordingError(path: string, e: unknown, what: string): RecordingError {
  if (e instanceof RecordingError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_NOTADB') return new RecordingError(`${path}: not a hoplab recording (not an SQLite database)`);
  if (code === 'SQLITE_CORRUPT')
    return new RecordingError(`${path}: damaged recording: the database is malformed (truncated or corrupted)`);
  return new RecordingError(`${path}: ${what} (${(e as Error).message})`);
}

const EVENT_COLUMNS = 'seq, t, kind, node, port, frame, cause, why, out, reason, mac, "from", ip, state, text, senders';
/** The events view's columns, in EventRowValues order: before schema version 4 there are no channel and config, before 5 no vlan. */
function eventSelect(version: number): string {
  return `SELECT ${EVENT_COLUMNS}, ${version >= 4 ? 'channel, config' : 'NULL AS channel, NULL AS config'}, ${version >= 5 ? 'vlan' : 'NULL AS vlan'} FROM events NOT INDEXED`;
}
/** Schema versions 2 to 5's event rows, read without the view's join: each description is read once and kept. */
const LOG_SELECT = 'SELECT l.seq, l.t, l.frame, l.cause, l.description FROM event_log AS l NOT INDEXED';
type LogValues = [number, number, number | null, number | null, number];
/** Frames kept for filling template sentences before the cache starts afresh. */
const RECENT_FRAMES = 1024;
/** Events a scan must have before a read-ahead thread pays for starting it (~40 ms). */
const READ_AHEAD_ROWS = 16 * PAGE_EVENTS;
/** What a block scan's row makes of an event it does not give: one before the scan or left out by the filter, or one past it. */
const SKIP = Symbol('skip');
const END = Symbol('end');

/** Reads a recording lazily: events stream from a cursor, frames are fetched by id. */
/** The columns a filter names, as the select spells them. */
interface Columns {
  seq: string;
  kind: string;
  node: string;
  cause: string;
}

export class SqliteRecordingReader implements RecordingReader {
  private readonly db: Database.Database;
  private readonly meta = new Map<string, string>();
  /**
   * The header, read at the first ask: it is written before the first event
   * and never changes, as meta (read at opening) does not. `hoplab state` asks
   * twice (the node names, then the fold); on a 5,000-host recording each
   * read of its nodes, ports and starting tables took 110 ms.
   */
  private knownHeader: RecordingHeader | undefined;
  private readonly frameStmt: Database.Statement;
  /** One event by seq: schema versions 1 to 5 (version 6 reads its block). */
  private readonly eventStmt: Database.Statement | undefined;
  /** Schema version 6: the events in blocks (block-pages.ts), and one event of them for `event`. */
  private readonly blocks: BlockPages | undefined;
  /** Schema version 2 on: the log read a page at a time, its blocks or (versions 2 to 5) its rows (log-pages.ts). */
  private readonly pages: LogPages | undefined;
  private readonly one = new Float64Array(LOG_WIDTH);
  /** The recording's schema version. */
  private readonly version: number;

  get schemaVersion(): number {
    return this.version;
  }
  /** Frames read to fill template sentences, by id (filledWhy). */
  private readonly recentFrames = new Map<number, Uint8Array>();
  /** Schema version 2 and later: events are event_log rows plus descriptions (version 1 has the events table only). */
  private readonly descriptions: DescriptionCache | undefined;

  constructor(readonly path: string) {
    try {
      this.db = openReadOnly(path);
      for (const row of this.db.prepare('SELECT key, value FROM meta NOT INDEXED').all() as Array<{ key: string; value: string }>)
        this.meta.set(row.key, row.value);
    } catch (e) {
      throw recordingError(path, e, 'not a hoplab recording');
    }
    const version = Number(this.meta.get('schema_version'));
    if (!Number.isInteger(version)) throw new RecordingError(`${path}: not a hoplab recording (no schema_version)`);
    if (version > SCHEMA_VERSION)
      throw new RecordingError(
        `${path}: recording schema version ${version} is newer than this hoplab reads (${SCHEMA_VERSION}); upgrade hoplab`,
      );
    this.version = version;
    try {
      this.frameStmt = this.db.prepare('SELECT bytes FROM frames NOT INDEXED WHERE id = ?').pluck();
      // Version 1 kept its events in a table of this name; later ones have hoplab's view there, never read.
      if (version < 2 && !isTable(this.db, 'events')) throw new RecordingError(`${path}: not a hoplab recording (no events table)`);
      // Versions 2 to 5 kept their events in a table of this name; version 6 has hoplab's view there, never read.
      if (version >= 2 && version < 6 && !isTable(this.db, 'event_log'))
        throw new RecordingError(`${path}: not a hoplab recording: its event_log is not a table`);
      if (version >= 6 && !isTable(this.db, 'event_blocks'))
        throw new RecordingError(`${path}: not a hoplab recording (no event_blocks table)`);
      this.blocks = version >= 6 ? new BlockPages(path, this.db) : undefined;
      this.pages = this.blocks ?? (version >= 2 ? new RowPages(path, this.db) : undefined);
      this.eventStmt =
        version >= 6
          ? undefined
          : version >= 2
            ? this.db.prepare(`${LOG_SELECT} WHERE l.seq = ?`).raw()
            : this.db.prepare(`${eventSelect(version)} WHERE seq = ?`);
      this.descriptions = version >= 2 ? new DescriptionCache(this.db, version) : undefined;
    } catch (e) {
      throw recordingError(path, e, 'damaged recording');
    }
  }

  header(): RecordingHeader {
    this.knownHeader ??= this.guard(() => {
      const header = this.readHeader();
      // Before schema version 4 the starting configuration was not stored: derived as hoplab then derived it.
      return { ...header, start: this.version >= 4 ? readStart(this.db) : legacyStart(header) };
    });
    return this.knownHeader;
  }

  /** Runs a query, turning SQLite's errors into RecordingError. */
  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      throw recordingError(this.path, e, 'damaged recording');
    }
  }

  private readHeader(): RecordingHeader {
    const m = (k: string): string => this.meta.get(k) ?? '';
    return {
      name: m('name'),
      seed: Number(m('seed')),
      hoplabVersion: m('hoplab_version'),
      commandLine: m('command_line'),
      topologyPath: m('topology_path'),
      topologySource: m('topology_source'),
      nodes: this.db.prepare('SELECT name, kind FROM nodes NOT INDEXED ORDER BY rowid').all() as RecordingHeader['nodes'],
      ports: checkedPorts(
        this.path,
        (
          this.db
            .prepare('SELECT node, port, mac, peer_node AS peerNode, peer_port AS peerPort FROM ports NOT INDEXED ORDER BY rowid')
            .all() as Array<Record<string, string | null>>
        ).map((p) => {
          const out: RecordingHeader['ports'][number] = { node: p.node!, port: p.port! };
          if (p.mac) out.mac = p.mac;
          if (p.peerNode) out.peerNode = p.peerNode;
          if (p.peerPort) out.peerPort = p.peerPort;
          return out;
        }),
      ),
      scenario: this.db.prepare('SELECT at, node, run FROM scenario NOT INDEXED ORDER BY step').all() as RecordingHeader['scenario'],
      ...(this.meta.has('until_ns') && { untilNs: Number(this.meta.get('until_ns')) }),
      ...(this.meta.has('max_events') && { maxEvents: Number(this.meta.get('max_events')) }),
      ...(this.meta.has('interrupt_after_ns') && { interruptAfterNs: Number(this.meta.get('interrupt_after_ns')) }),
    };
  }

  status(): RecordingStatus {
    return this.guard(() => ({
      complete: this.meta.get('complete') === '1',
      stopReason: this.meta.get('stop_reason') ?? 'unknown',
      // A run still going, killed or failed has no `events` yet: its last committed event's seq (event_log's, not the view's).
      events: Number(this.meta.get('events') ?? this.lastSeq()),
      endTime: Number(this.meta.get('end_time') ?? 0),
    }));
  }

  /** The last event's seq: the largest rowid (one b-tree descent, even in an incomplete recording), or the last block's last. */
  private lastSeq(): number {
    if (this.blocks) return this.blocks.lastSeq();
    return (
      (this.db
        .prepare(`SELECT max(seq) FROM ${this.descriptions ? 'event_log' : 'events'} NOT INDEXED`)
        .pluck()
        .get() as number | null) ?? 0
    );
  }

  *events(filter: EventFilter = {}): IterableIterator<SimEvent> {
    if (this.pages && this.descriptions) yield* this.pagedLogEvents(filter, this.pages, this.descriptions, false);
    else
      yield* this.rows(
        this.query<EventRowValues>(eventSelect(this.version), filter, { seq: 'seq', kind: 'kind', node: 'node', cause: 'cause' }),
        (v) => this.withChannel(fromValues(v)),
      );
  }

  /**
   * The same events, the log scanned by a second thread a few pages ahead
   * (log-read-ahead.ts): for a consumer with work of its own per event (the
   * export). In this thread when the scan is too short to pay for starting one.
   */
  eventsReadingAhead(filter: EventFilter = {}): IterableIterator<SimEvent> {
    // Version 1 has no event_log to scan: read in this thread.
    if (this.pages === undefined || this.descriptions === undefined) return this.events(filter);
    const last = this.guard(() => this.lastSeq());
    const rows = Math.min(filter.to ?? Infinity, last) - (filter.from ?? 1) + 1;
    if (rows < READ_AHEAD_ROWS) return this.events(filter);
    return this.pagedLogEvents(filter, this.pages, this.descriptions, true);
  }

  /**
   * The log's pages from the one holding `from` on (version 6's blocks, or the
   * rows of versions 2 to 5), each event checked to follow the one before, and
   * the filter applied to each event here (a block holds events of every kind
   * and node, so SQL cannot pick them; old rows are read the same way, so that
   * both are checked alike).
   */
  private *pagedLogEvents(
    filter: EventFilter,
    pages: LogPages,
    descriptions: DescriptionCache,
    readAhead: boolean,
  ): IterableIterator<SimEvent> {
    const from = filter.from ?? 1;
    const to = filter.to ?? Infinity;
    const wanted = wantedBy(filter, descriptions);
    const seqs = new SeqChecker(this.path, from);
    const event: LogRowEvent<SimEvent | typeof SKIP | typeof END> = (seq, t, frame, cause, id) => {
      if (seq < from) return SKIP;
      if (seq > to) return END;
      seqs.next(seq);
      if (wanted !== undefined && !wanted(cause, id)) return SKIP;
      return this.logEvent(seq, t, frame, cause, id, descriptions);
    };
    try {
      const rows = readAhead ? this.readingAhead(pages, from, event) : pagedEvents(pages, from, event);
      for (const e of rows) {
        if (e === END) return;
        if (e !== SKIP) yield e;
      }
    } catch (e) {
      throw recordingError(this.path, e, 'damaged recording');
    }
  }

  /**
   * The log's events from the page holding `from` on, the first page read in this
   * thread while the read-ahead thread starts (~40 ms, and far longer on a loaded
   * machine), so that the first events never wait for it.
   */
  private readingAhead<E>(pages: LogPages, from: number, event: LogRowEvent<E>): IterableIterator<E> {
    const values = new Float64Array(PAGE_EVENTS * LOG_WIDTH);
    const page = pages.read(pages.startOf(from), values, 0);
    const first = pageEvents(values, page.events, event);
    if (page.next === undefined) return first;
    return readAheadEvents({ path: this.path, from: page.next, layout: pages.layout }, event, first);
  }

  /** An event_log row with its description: the event (schema version 2 and later). */
  private logEvent(
    seq: number,
    t: number,
    frame: number | null,
    cause: number | null,
    id: number,
    descriptions: DescriptionCache,
  ): SimEvent {
    const d = descriptions.get(id);
    if (d === undefined)
      throw new RecordingError(`${this.path}: damaged recording: event ${seq} names description ${id}, which is not stored`);
    if (d.vlan !== null) checkedVlan(this.path, seq, d.vlan);
    const e = eventFrom(seq, t, frame, cause, d);
    if (d.template) e.why = this.filledWhy(e);
    return e;
  }

  /** `select` with the filter's conditions, in seq order, as raw rows (arrays: half the allocation of row objects). */
  private query<V>(select: string, filter: EventFilter, columns: Columns): IterableIterator<V> {
    const { sql, params } = this.where(select, filter, columns);
    return this.guard(
      () =>
        this.db
          .prepare(`${sql} ORDER BY ${columns.seq}`)
          .raw()
          .iterate(...params) as IterableIterator<V>,
    );
  }

  /** `select` with the filter's conditions. */
  private where(select: string, filter: EventFilter, columns: Columns): { sql: string; params: Array<string | number> } {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.from !== undefined) {
      where.push(`${columns.seq} >= ?`);
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push(`${columns.seq} <= ?`);
      params.push(filter.to);
    }
    if (filter.kinds?.length) {
      where.push(`${columns.kind} IN (${filter.kinds.map(() => '?').join(',')})`);
      params.push(...filter.kinds);
    }
    if (filter.nodes?.length) {
      where.push(`${columns.node} IN (${filter.nodes.map(() => '?').join(',')})`);
      params.push(...filter.nodes);
    }
    if (filter.causedBy) {
      // One parameter for thousands of causes: SQLite builds its IN set from the JSON array.
      const kinds = filter.causedBy.orKinds ?? [];
      where.push(`(${columns.cause} IN (SELECT value FROM json_each(?))${kinds.map(() => ` OR ${columns.kind} = ?`).join('')})`);
      params.push(JSON.stringify(filter.causedBy.seqs), ...kinds);
    }
    return { sql: `${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params };
  }

  /** Each row as an event, SQLite's errors as RecordingError; a consumer that stops early ends the statement. */
  private *rows<V>(rows: IterableIterator<V>, toEvent: (v: V) => SimEvent): IterableIterator<SimEvent> {
    try {
      for (;;) {
        let next: IteratorResult<V>;
        try {
          next = rows.next();
        } catch (e) {
          throw recordingError(this.path, e, 'damaged recording');
        }
        if (next.done) return;
        yield toEvent(next.value);
      }
    } finally {
      // Ending the statement lets the connection close.
      rows.return?.();
    }
  }

  event(seq: number): SimEvent | undefined {
    const descriptions = this.descriptions;
    if (descriptions === undefined) {
      const row = this.guard(() => this.eventStmt!.get(seq) as EventRow | undefined);
      return row ? this.withChannel(fromRow(row)) : undefined;
    }
    const blocks = this.blocks;
    if (blocks !== undefined)
      return this.guard(() => {
        const v = this.one;
        if (!blocks.event(seq, v)) return undefined;
        return this.logEvent(seq, v[1]!, orNull(v[2]!), orNull(v[3]!), v[4]!, descriptions);
      });
    return this.guard(() => {
      const v = this.eventStmt!.get(seq) as LogValues | undefined;
      if (v === undefined) return undefined;
      checkedLogRow(this.path, v[0], v[1], v[2], v[3]);
      return this.logEvent(v[0], v[1], v[2], v[3], v[4], descriptions);
    });
  }

  /** A schema 1–3 app line: its channel told from its text, as hoplab then did (legacy-channel.ts). */
  private withChannel(e: SimEvent): SimEvent {
    if (this.version < 4 && e.kind === 'app') e.channel = legacyChannel(e.why, e.text);
    return e;
  }

  /**
   * A template description's sentence for this event (schema version 3): its
   * hole filled from the event's frame. A broadcast's frame is read once for
   * the thousands of hosts that read it.
   */
  private filledWhy(e: SimEvent): string {
    let bytes = e.frame === undefined ? undefined : this.recentFrames.get(e.frame);
    if (bytes === undefined && e.frame !== undefined) {
      bytes = this.frame(e.frame);
      if (this.recentFrames.size === RECENT_FRAMES) this.recentFrames.clear();
      if (bytes) this.recentFrames.set(e.frame, bytes);
    }
    if (bytes === undefined)
      throw new RecordingError(
        `${this.path}: damaged recording: event ${e.seq}'s sentence is read from frame ${e.frame ?? '(none)'}, which is not stored`,
      );
    try {
      return fillWhy(e.why, bytes);
    } catch (err) {
      if (!(err instanceof WireError)) throw err;
      throw new RecordingError(
        `${this.path}: damaged recording: event ${e.seq}'s sentence is read from frame ${e.frame}, which does not hold it (${err.message})`,
      );
    }
  }

  frame(id: number): Uint8Array | undefined {
    const b = this.guard(() => this.frameStmt.get(id) as Buffer | undefined);
    return b === undefined ? undefined : checkedFrame(this.path, id, b);
  }

  close(): void {
    this.db.close();
  }
}

/** A page's missing frame or cause (NaN) as the event's null. */
function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/** The log's events from the page holding `from` on, a page at a time, in this thread. */
function* pagedEvents<E>(pages: LogPages, from: number, event: LogRowEvent<E>): IterableIterator<E> {
  const v = new Float64Array(PAGE_EVENTS * LOG_WIDTH);
  for (const events of logPages(pages, from, v)) yield* pageEvents(v, events, event);
}

/** The `count` events a page holds in `v`. */
function* pageEvents<E>(v: Float64Array, count: number, event: LogRowEvent<E>): IterableIterator<E> {
  for (let i = 0, at = 0; i < count; i++, at += LOG_WIDTH)
    yield event(v[at]!, v[at + 1]!, orNull(v[at + 2]!), orNull(v[at + 3]!), v[at + 4]!);
}

/**
 * What a filter's kinds, nodes and causes ask of an event, tested on its
 * description and cause as the version 2 to 5 reader's SQL tests them; undefined
 * when it asks nothing. An event whose description is not stored passes, for the
 * reader to report.
 */
function wantedBy(filter: EventFilter, descriptions: DescriptionCache): ((cause: number | null, id: number) => boolean) | undefined {
  const kinds = filter.kinds?.length ? new Set(filter.kinds) : undefined;
  const nodes = filter.nodes?.length ? new Set(filter.nodes) : undefined;
  const causes = filter.causedBy ? new Set(filter.causedBy.seqs) : undefined;
  const orKinds = new Set(filter.causedBy?.orKinds ?? []);
  if (kinds === undefined && nodes === undefined && causes === undefined) return undefined;
  return (cause, id) => {
    const d = descriptions.get(id);
    if (d === undefined) return true;
    if (kinds !== undefined && !kinds.has(d.kind)) return false;
    if (nodes !== undefined && !nodes.has(d.node)) return false;
    return causes === undefined || (cause !== null && causes.has(cause)) || orKinds.has(d.kind);
  };
}
