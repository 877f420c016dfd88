import type Database from 'better-sqlite3';
import type { ConfigChange } from '../events/config-change.js';
import type { FoldEvent } from '../state/evolve.js';
import type { FoldPlace } from '../state/node-state.js';
import type { DescriptionValues } from './descriptions.js';
import { BlockPages, PAGE_EVENTS } from './block-pages.js';
import { logPages, type LogPages } from './log-pages.js';
import { RowPages } from './row-pages.js';
import { LOG_WIDTH } from './log-blocks.js';
import { RecordingError } from './recording.js';
import { checkedLogRow, checkedVlan, SeqChecker } from './row-checks.js';
import type { StringPool } from './string-pool.js';
import { RecentlyMet } from './recently-met.js';

/**
 * The columns the fold reads of a description (or, in version 1, of an event), in
 * FactValues order. Version 1 kept its events in a table; later versions are read
 * from hoplab's own tables by name, never from the events view a recording carries (it
 * may not be hoplab's). A schema 4 recording states its configuration changes (config);
 * one of schemas 1 to 3 has only its commands' text, which its legacy fold reads
 * (legacy-config.ts). stp events state their role, root or topology change in text
 * (evolve-stp.ts). A schema 5 switch's learn, move and age state their VLAN (vlan).
 */
function factColumns(version: number): string {
  const text =
    version >= 4
      ? `CASE WHEN kind = 'stp' THEN text END AS text, config`
      : `CASE WHEN kind IN ('command', 'stp') THEN text END AS text, NULL AS config`;
  const vlan = version >= 5 ? 'vlan' : 'NULL AS vlan';
  return `kind, node, port, mac, "from", ip, state, ${text}, out, senders, ${vlan}`;
}

/** Descriptions read at once when a fold meets one it has not read (FoldRows.factsOf). */
const DESCRIPTION_BLOCK = 256;
/**
 * Descriptions' facts a fold keeps, at least, before it forgets those not met
 * since it last looked (recently-met.ts). Most of a host's descriptions are
 * met once: each line ping prints is one, 287,000 in 2M events of 100
 * pinging pairs, and the viewer's idle walk over that recording held all
 * their facts, 82 MB of its heap (284 bytes each), growing with the
 * recording. A description forgotten and met again is read again, with its
 * block.
 */
const FACTS_KEPT = 1 << 16;
/** Descriptions read ahead and not yet met, at most, before they are dropped (FoldRows.readBlock). */
const UNPARSED_KEPT = 4 * DESCRIPTION_BLOCK;

/** A description's facts, raw: factColumns in order (the last, vlan, a number or null). */
export type FactValues = [kind: string, node: string, ...facts: Array<string | null>];

/** What one description states, parsed once: every event of it shares this (the fold only reads it). */
export type Facts = Omit<FoldEvent, 'seq' | 't' | 'frame' | 'cause' | 'vlan' | 'place'> & {
  vlan: unknown;
  place: FoldPlace;
  /** Met by a fold since its last sweep (RecentlyMet): what it keeps. */
  met: boolean;
};

/**
 * A recording's events as the fold reads them, in seq order. Each event of
 * schema 2 on is five integers, in `event_log` up to schema 5 and in
 * `event_blocks` from 6, read a page at a time as the reader reads them
 * (log-pages.ts); what it says is its description's, read and parsed
 * once per description (a 1,000-host LAN's 3M events hold about 9,000), so a seek reads
 * the log at the speed of a raw scan instead of joining and splitting each flood's
 * out-port list again for every row.
 */
export class FoldRows {
  /** Schema version 1: its events table, each row with its facts. */
  private readonly eventStmt: Database.Statement | undefined;
  private readonly factStmt: Database.Statement;
  private readonly facts: RecentlyMet<number, Facts>;
  /** Descriptions read with a neighbour's block (factsOf) but not yet met, raw. */
  private readonly unparsed = new Map<number, FactValues>();
  /** Schema version 2 on: the log's pages (blocks from 6, rows before), and a page of them as numbers. */
  private readonly pages: LogPages | undefined;
  private readonly page = new Float64Array(PAGE_EVENTS * LOG_WIDTH);
  /** One scratch event, refilled per row: the fold copies what it keeps. */
  private readonly e: FoldEvent = { seq: 0, t: 0, kind: 'tx', node: '' };

  /** `kept`: the facts kept at least before a sweep (FACTS_KEPT; smaller in tests). */
  constructor(
    private readonly path: string,
    db: Database.Database,
    version: number,
    kept = FACTS_KEPT,
  ) {
    this.facts = new RecentlyMet(kept);
    if (version >= 2) {
      this.pages = version >= 6 ? new BlockPages(path, db) : new RowPages(path, db);
      this.factStmt = db
        .prepare(`SELECT ${factColumns(version)}, id FROM descriptions NOT INDEXED WHERE id >= ? AND id < ? ORDER BY id`)
        .raw();
    } else {
      this.eventStmt = db
        .prepare(`SELECT seq, t, frame, cause, ${factColumns(version)} FROM events NOT INDEXED WHERE seq > ? AND seq <= ? ORDER BY seq`)
        .raw();
      this.factStmt = this.eventStmt;
    }
  }

  /** The events after `from` up to `to`, each handed to `each` in one reused object. */
  forEach(from: number, to: number, each: (e: FoldEvent) => void): void {
    if (this.pages !== undefined) {
      this.forEachInPages(this.pages, this.page, from, to, each);
      return;
    }
    const e = this.e;
    for (const v of this.eventStmt!.iterate(from, to) as IterableIterator<unknown[]>) {
      const seq = v[0] as number;
      checkedLogRow(this.path, seq, v[1], v[2], v[3]);
      const facts = parsedFacts(v.slice(4) as FactValues);
      fillEvent(e, facts, seq, v[1] as number, v[2] as number | null, v[3] as number | null);
      e.vlan = checkedVlan(this.path, seq, facts.vlan);
      each(e);
    }
  }

  /** Version 2 on: the log's pages from the one holding `from + 1`, their events after `from` up to `to` (checked as they are read). */
  private forEachInPages(pages: LogPages, v: Float64Array, from: number, to: number, each: (e: FoldEvent) => void): void {
    const e = this.e;
    const seqs = new SeqChecker(this.path, from + 1);
    for (const events of logPages(pages, from + 1, v)) {
      for (let i = 0, at = 0; i < events; i++, at += LOG_WIDTH) {
        const seq = v[at]!;
        if (seq <= from) continue;
        if (seq > to) return;
        seqs.next(seq);
        const frame = v[at + 2]!;
        const cause = v[at + 3]!;
        const facts = this.factsOf(seq, v[at + 4]);
        fillEvent(e, facts, seq, v[at + 1]!, Number.isNaN(frame) ? null : frame, Number.isNaN(cause) ? null : cause);
        e.vlan = checkedVlan(this.path, seq, facts.vlan);
        each(e);
      }
    }
  }

  /**
   * The facts of description `id`, parsed when first met. A description not
   * yet read is read with the next DESCRIPTION_BLOCK ids in one range: ids
   * are given in order of first use, so the events of a span meet their
   * descriptions in runs. One look-up per description took 400 ms of a 1.5 s
   * seek in a 5,000-host tree's recording (30,000 descriptions met).
   */
  private factsOf(seq: number, id: unknown): Facts {
    const known = this.facts.get(id as number);
    if (known) return known;
    let v = this.unparsed.get(id as number);
    if (v === undefined) {
      this.readBlock(id as number);
      v = this.unparsed.get(id as number);
    }
    if (!v) throw new RecordingError(`${this.path}: damaged recording: event ${seq}'s description ${String(id)} is missing`);
    this.unparsed.delete(id as number);
    const facts = parsedFacts(v);
    this.facts.set(id as number, facts);
    return facts;
  }

  /**
   * Reads the descriptions from `id` on, up to DESCRIPTION_BLOCK of them, that
   * are not parsed yet. A block read again for a description forgotten holds
   * others forgotten, which may never be met again: the ones read ahead are
   * dropped once they fill a few blocks.
   */
  private readBlock(id: number): void {
    if (!Number.isInteger(id)) return;
    if (this.unparsed.size >= UNPARSED_KEPT) this.unparsed.clear();
    // Each row is FactValues with its id after them, which parsedFacts does not read.
    for (const row of this.factStmt.iterate(id, id + DESCRIPTION_BLOCK) as IterableIterator<FactValues>) {
      const rowId = row[row.length - 1] as unknown as number;
      if (!this.facts.has(rowId)) this.unparsed.set(rowId, row);
    }
  }
}

/**
 * A description as the writer interns it (DESCRIPTION_COLUMNS order), reduced to
 * what the fold reads once it is stored (factColumns of the current schema): the
 * run's own snapshots are folded from the rows it writes (run-snapshots.ts).
 */
export function factValuesOf(d: DescriptionValues): FactValues {
  const [, kind, node, port, , out, , mac, from, ip, state, text, senders, , , config, vlan] = d;
  const stpText = kind === 'stp' ? text : null;
  return [kind, node, port, mac, from, ip, state, stpText, config, out, senders, vlan as unknown as string | null];
}

/** Refills `e`, the fold's one scratch event, with a row's numbers and its description's facts (vlan aside: the caller checks it). */
export function fillEvent(e: FoldEvent, facts: Facts, seq: number, t: number, frame: number | null, cause: number | null): void {
  e.kind = facts.kind;
  e.node = facts.node;
  e.port = facts.port;
  e.mac = facts.mac;
  e.from = facts.from;
  e.ip = facts.ip;
  e.state = facts.state;
  e.text = facts.text;
  e.config = facts.config;
  e.out = facts.out;
  e.senders = facts.senders;
  e.place = facts.place;
  e.seq = seq;
  e.t = t;
  e.frame = frame;
  e.cause = cause;
}

/** A description's facts as the fold reads them, parsed (its config's JSON, its port lists). */
export function parsedFacts(v: FactValues, pool?: StringPool): Facts {
  const name = <S extends string | null | undefined>(s: S): S => (pool && typeof s === 'string' ? (pool.intern(s) as S) : s);
  const list = (s: string | null | undefined): string[] | null => (s == null ? null : s === '' ? [] : s.split(',').map(name));
  return {
    kind: name(v[0]) as FoldEvent['kind'],
    node: name(v[1]),
    port: name(v[2]),
    mac: name(v[3]),
    from: name(v[4]),
    ip: name(v[5]),
    state: name(v[6]),
    text: v[7],
    config: v[8] == null ? null : (JSON.parse(v[8]) as ConfigChange),
    out: list(v[9]),
    senders: v[10] == null ? null : v[10].split(',').map(name),
    vlan: v[11] as unknown,
    place: {},
    met: true,
  };
}
