import { configText, type ConfigChange } from '../events/config-change.js';
import type { AppChannel, DropReason, EventKind, SimEvent } from '../events/event.js';
import { templateOf } from './why-template.js';

/** The descriptions table's columns, in insert order. */
export const DESCRIPTION_COLUMNS = [
  'id',
  'kind',
  'node',
  'port',
  'why',
  'out',
  'reason',
  'mac',
  '"from"',
  'ip',
  'state',
  'text',
  'senders',
  'template',
  'channel',
  'config',
  'vlan',
] as const;

/** A description row's values, DESCRIPTION_COLUMNS order. */
export type DescriptionValues = [
  number,
  string,
  string,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  1 | null,
  string | null,
  string | null,
  number | null,
];

/**
 * Hints (description-hint.ts) per page of the interner's record of them. A
 * run's hints are issued together, in order, so they fill a few pages: the
 * 5,000-host tree's 50,000 hints are 200 kB of ids, where an id kept on each
 * producer's own object was a cache miss per event.
 */
const HINT_PAGE = 4096;
/**
 * Hints remembered at most before the record starts again (a hint then seen
 * is looked up once more, and finds its description if the table still has
 * it). A producer takes a new hint when its sentence changes, so a long run
 * keeps issuing them; this bounds what the record holds (a few MB).
 */
const HINTS_REMEMBERED = 1 << 19;

/**
 * Sets in the interner's table (a power of two), at least. Each set
 * remembers the last descriptions that hashed to it: a storm's hundred
 * descriptions stay put, and a topology of thousands of hosts keeps its
 * ports' recurring ones (a tx and an rx description per port and frame
 * length, a host's reading of a broadcast: about eight per port), in a table
 * sized to its ports (RECURRING_PER_PORT). Forgetting only means that a
 * description seen again is stored again, under a new id. Sized once, so
 * what it keeps alive is bounded; measured on the 5,000-host bench, a table
 * that doubled under misses kept more alive and ran slower.
 */
const MIN_SETS = 1 << 13;
/**
 * Sets at most: 2^17 sets of four. What a full table keeps is its
 * descriptions, a few hundred bytes each, and a long run on thousands of
 * ports filled it with one-off ones (a switch learning a MAC), until those
 * no longer entered it (ONE_OFF_KIND): on the 5,000-host tree (2^16 sets)
 * the simulating thread's heap grew to 143 MB at 6M events, against 70 MB
 * for its network alone (BENCHMARKS.md).
 */
const MAX_SETS = 1 << 17;
/**
 * The kind whose descriptions are stored without a look in the table, each
 * under an id of its own that no other event gets. A `learn` says which
 * switch learned which MAC on which port: it recurs only when an address is
 * learned again after it aged out or was flushed, and a run of thousands of
 * hosts makes one per switch and MAC. Kept in the table, they were most of
 * what it held in a long run: 95,000 of the 120,000 descriptions the
 * 5,000-host tree's table kept at 6M events, 280 bytes each (BENCHMARKS.md,
 * issue 21). The recorder's worker relies on the id being used once: it
 * drops the facts it folds such a description with after its one event
 * (run-snapshots.ts).
 */
export const ONE_OFF_KIND: EventKind = 'learn';
/** Recurring descriptions a port has, for sizing the table: at about half full, a port's recurring descriptions all stay (measured on the 5,000-host bench: 25,000 descriptions stored with room for 16 per port, 84,000 with a fixed 2^13 sets). */
const RECURRING_PER_PORT = 8;
/** Descriptions per slot, most recent first: a few that hash alike and alternate all stay, and a recurring one outlives a stream of one-off ones. */
const WAYS = 4;

/**
 * Gives each event the id of its description (everything but seq, t, frame
 * and cause), storing each distinct description once (but those of
 * ONE_OFF_KIND, stored for each event). The lookup is one
 * probe of a four-way set, on a hash of the node and port names and a few
 * characters of `why`: no map, nothing that grows as the run goes, and no
 * full hash of `why`, a string made new by every event. Each way's full hash
 * (with an app's or command's text mixed in: withText) answers most misses
 * without reaching its description; a hit is confirmed by comparing every
 * field. A sentence that names its ARP frame's target is
 * looked up, and stored, as its template (why-template.ts). An event whose
 * producer gave it a hint (description-hint.ts) skips the probe once the hint
 * holds the id. New descriptions wait until the writer takes them.
 */
export class DescriptionInterner {
  private readonly sets: number;
  private readonly slots: Array<DescriptionValues | undefined>;
  /** Each slot's full hash: most misses are told here, without reaching the description (a cache miss of its own). */
  private readonly hashes: Int32Array;
  private nextId = 1;
  private fresh: DescriptionValues[] = [];
  /** The id given to each hint seen (0: none yet), page by page: hintPages[p][i] for hint p * HINT_PAGE + i. */
  private hintPages: Int32Array[] = [];
  private hintsRemembered = 0;

  /** `ports`: how many ports the topology has, which sizes the table (its recurring descriptions are about RECURRING_PER_PORT per port). */
  constructor(ports = 0) {
    let sets = MIN_SETS;
    while (sets < MAX_SETS && sets * WAYS < 2 * RECURRING_PER_PORT * ports) sets *= 2;
    this.sets = sets;
    this.slots = new Array<DescriptionValues | undefined>(sets * WAYS).fill(undefined);
    this.hashes = new Int32Array(sets * WAYS);
  }

  idOf(e: SimEvent): number {
    const hint = e.hint;
    if (hint === undefined) return this.lookUp(e);
    const pageNumber = Math.floor(hint / HINT_PAGE);
    const id = this.hintPages[pageNumber]?.[hint - pageNumber * HINT_PAGE];
    if (id) return id;
    const found = this.lookUp(e);
    // A one-off description's id goes to its one event, even were its producer to give it a hint.
    return e.kind === ONE_OFF_KIND ? found : this.remember(hint, pageNumber, found);
  }

  /** Records `id` as the hint's, and returns it. */
  private remember(hint: number, pageNumber: number, id: number): number {
    if (this.hintsRemembered++ === HINTS_REMEMBERED) {
      this.hintPages = [];
      this.hintsRemembered = 1;
    }
    const page = (this.hintPages[pageNumber] ??= new Int32Array(HINT_PAGE));
    page[hint - pageNumber * HINT_PAGE] = id;
    return id;
  }

  /** The id of e's description, from the table, or a new one. */
  private lookUp(e: SimEvent): number {
    const template = templateOf(e.why, e.bytes);
    const why = template ?? e.why;
    const isTemplate = template === undefined ? null : 1;
    const out = e.out ? e.out.join(',') : null;
    const senders = e.senders ? e.senders.join(',') : null;
    if (e.kind === ONE_OFF_KIND) {
      const d = this.described(e, why, isTemplate, out, senders);
      this.fresh.push(d);
      return d[0];
    }
    const h = hashOf(e, why);
    const set = (h & (this.sets - 1)) * WAYS;
    const check = e.text === undefined ? h : withText(h, e.text);
    const slots = this.slots;
    const hashes = this.hashes;
    for (let way = 0; way < WAYS; way++) {
      const d = slots[set + way];
      if (hashes[set + way] === check && d !== undefined && matches(d, e, why, isTemplate, out, senders)) {
        this.moveToFront(set, way, d, check);
        return d[0];
      }
    }
    const d = this.described(e, why, isTemplate, out, senders);
    this.moveToFront(set, WAYS - 1, d, check);
    this.fresh.push(d);
    return d[0];
  }

  /** A new description of `e`, under the next id. */
  private described(e: SimEvent, why: string, isTemplate: 1 | null, out: string | null, senders: string | null): DescriptionValues {
    return [
      this.nextId++,
      e.kind,
      e.node,
      e.port ?? null,
      why,
      out,
      e.reason ?? null,
      e.mac ?? null,
      e.from ?? null,
      e.ip ?? null,
      e.state ?? null,
      e.text ?? null,
      senders,
      isTemplate,
      e.channel ?? null,
      e.config === undefined ? null : configText(e.config),
      e.vlan ?? null,
    ];
  }

  /** Puts `d` first in its set, with its check hash, the ways before `way` moving down one (the last way's description, if `d` is new, is forgotten). */
  private moveToFront(set: number, way: number, d: DescriptionValues, h: number): void {
    for (let w = way; w > 0; w--) {
      this.slots[set + w] = this.slots[set + w - 1];
      this.hashes[set + w] = this.hashes[set + w - 1]!;
    }
    this.slots[set] = d;
    this.hashes[set] = h;
  }

  /** The descriptions made since the last call. */
  takeFresh(): DescriptionValues[] {
    const taken = this.fresh;
    this.fresh = [];
    return taken;
  }
}

/**
 * Descriptions as one flat array for the recorder's thread: each as a mask
 * of the columns after its id that are not null (bit i - 1 for column i),
 * its id, then those columns' values. A structured clone of one flat array
 * of strings and numbers costs the simulating thread less than JSON or a
 * clone of thousands of small arrays. A program's line (id, kind, node,
 * why, text, channel) sent with the nulls between them was 16 values; the
 * 100 pinging pairs' lines, 14% of their events, made 2.3M values per 1M
 * events, and packing them took 55-100 ms instead of 33-37 (BENCHMARKS.md).
 */
export function packDescriptions(list: DescriptionValues[]): Array<string | number | null> {
  const packed: Array<string | number | null> = [];
  for (const d of list) {
    const maskAt = packed.length;
    packed.push(0, d[0]);
    let mask = 0;
    for (let i = 1; i < d.length; i++) {
      const v = d[i];
      if (v === null) continue;
      mask |= 1 << (i - 1);
      packed.push(v!);
    }
    packed[maskAt] = mask;
  }
  return packed;
}

export function unpackDescriptions(packed: Array<string | number | null>): DescriptionValues[] {
  const list: DescriptionValues[] = [];
  for (let at = 0; at < packed.length; ) {
    const mask = packed[at++] as number;
    const d = new Array<string | number | null>(DESCRIPTION_COLUMNS.length).fill(null);
    d[0] = packed[at++]!;
    for (let i = 1; i < d.length; i++) if ((mask & (1 << (i - 1))) !== 0) d[i] = packed[at++]!;
    list.push(d as DescriptionValues);
  }
  return list;
}

/** One FNV-1a step. */
function mix(h: number, value: number): number {
  return Math.imul(h ^ value, 0x01000193);
}

/** FNV-1a over every character: for node and port names, which are short. */
function mixAll(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return mix(h, text.length);
}

/** `text`'s length and sixteen of its characters, spread along it: what tells apart sentences that differ in an address or a number. */
function mixSpread(h: number, text: string): number {
  const n = text.length;
  h = mix(h, n);
  for (let k = 1; k < 16; k++) h = mix(h, text.charCodeAt((n * k) >>> 4));
  return mix(h, text.charCodeAt(n - 1));
}

/**
 * The hash of an event's description: every character of the node's and
 * port's names (short, and what tells apart the descriptions of a big
 * topology's many ports), and why's length and sixteen of its characters
 * spread along it (what tells apart sentences that differ in an address).
 * Cheap on purpose: every event pays it, and why is a string new with every
 * event. Descriptions that hash alike are told apart by comparison, and a
 * few that alternate in one set all stay (WAYS).
 */
function hashOf(e: SimEvent, why: string): number {
  let h = mixAll(0x811c9dc5, e.node);
  if (e.port !== undefined) h = mixAll(h, e.port);
  h = mixSpread(h, why);
  // murmur3's finalizer: every input bit reaches every slot bit.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The hash a way keeps for a description with a text (an app's line, a
 * command's): `h`, which picked its set, with the text's length and sixteen
 * of its characters mixed in. A program's lines share their node, port and
 * why ("ping prints a line on a0"), so they share a set, and each new line
 * (ping's differ in icmp_seq) was compared with the four there, four
 * descriptions read for nothing. Mixing the text into the set as well spread
 * a host's lines over sets out of cache, and ran slower; mixed into the check
 * alone, most new lines are told from the four in the table of hashes, and
 * the set stays the one in cache. Every character instead of sixteen cost
 * more than the comparisons it saved (BENCHMARKS.md, issue 21).
 */
function withText(h: number, text: string): number {
  return mixSpread(h, text);
}

function matches(
  d: DescriptionValues,
  e: SimEvent,
  why: string,
  isTemplate: 1 | null,
  out: string | null,
  senders: string | null,
): boolean {
  return (
    d[4] === why && d[13] === isTemplate && d[1] === e.kind && d[2] === e.node && d[3] === (e.port ?? null) && describes(d, e, out, senders)
  );
}

function describes(d: DescriptionValues, e: SimEvent, out: string | null, senders: string | null): boolean {
  return (
    d[5] === out &&
    d[6] === (e.reason ?? null) &&
    d[7] === (e.mac ?? null) &&
    d[8] === (e.from ?? null) &&
    d[9] === (e.ip ?? null) &&
    d[10] === (e.state ?? null) &&
    d[11] === (e.text ?? null) &&
    d[12] === senders &&
    d[14] === (e.channel ?? null) &&
    d[15] === (e.config === undefined ? null : configText(e.config)) &&
    d[16] === (e.vlan ?? null)
  );
}

/** A description as read back: the event fields it gives, arrays split once. */
export interface Description {
  kind: EventKind;
  node: string;
  port: string | null;
  why: string;
  out: readonly string[] | null;
  reason: DropReason | null;
  mac: string | null;
  from: string | null;
  ip: string | null;
  state: string | null;
  text: string | null;
  senders: readonly string[] | null;
  /** Whether why is a template whose hole the event's frame fills (why-template.ts); schema version 3. */
  template: boolean;
  /** app: stdout or stderr; schema version 4. */
  channel: AppChannel | null;
  /** config: the change, as stored (JSON); schema version 4. */
  config: ConfigChange | null;
  /** learn/move/age on a VLAN-aware switch: the entry's VLAN; schema version 5. */
  vlan: number | null;
}

export function descriptionFromValues(v: DescriptionValues): Description {
  return {
    kind: v[1] as EventKind,
    node: v[2],
    port: v[3],
    why: v[4],
    out: v[5] === null ? null : v[5] === '' ? [] : v[5].split(','),
    reason: v[6] as DropReason | null,
    mac: v[7],
    from: v[8],
    ip: v[9],
    state: v[10],
    text: v[11],
    senders: v[12] === null ? null : v[12].split(','),
    template: v[13] === 1,
    channel: v[14] as AppChannel | null,
    config: v[15] === null ? null : (JSON.parse(v[15]) as ConfigChange),
    vlan: v[16],
  };
}

/** One event from its log row and its description; absent fields stay absent, arrays are the event's own. */
export function eventFrom(seq: number, t: number, frame: number | null, cause: number | null, d: Description): SimEvent {
  const e: SimEvent = { seq, t, kind: d.kind, node: d.node, why: d.why };
  if (d.port !== null) e.port = d.port;
  if (frame !== null) e.frame = frame;
  if (cause !== null) e.cause = cause;
  if (d.out !== null) e.out = d.out.slice();
  if (d.reason !== null) e.reason = d.reason;
  if (d.mac !== null) e.mac = d.mac;
  if (d.from !== null) e.from = d.from;
  if (d.ip !== null) e.ip = d.ip;
  if (d.state !== null) e.state = d.state;
  if (d.text !== null) e.text = d.text;
  if (d.senders !== null) e.senders = d.senders.slice();
  if (d.channel !== null) e.channel = d.channel;
  if (d.config !== null) e.config = { ...d.config };
  if (d.vlan !== null) e.vlan = d.vlan;
  return e;
}
