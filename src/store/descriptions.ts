import type { DropReason, EventKind, SimEvent } from '../events/event.js';

/** The descriptions table's columns, in insert order. */
export const DESCRIPTION_COLUMNS = ['id', 'kind', 'node', 'port', 'why', 'out', 'reason', 'mac', '"from"', 'ip', 'state', 'text', 'senders'] as const;

/** A description row's values, DESCRIPTION_COLUMNS order. */
export type DescriptionValues = [number, string, string, string | null, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null];

/**
 * Slots in the interner's table (a power of two). Each slot remembers the
 * last description that hashed to it: a storm's hundred descriptions stay
 * put, and a run whose every event reads differently (a host reading each
 * ARP request) overwrites slots without growing anything. Forgetting only
 * means that a description seen again is stored again, under a new id.
 */
const SLOTS = 1 << 12;
/** Descriptions per slot, most recent first: two that hash alike and alternate (a storm's tx at two ports) both stay. */
const WAYS = 2;

/**
 * Gives each event the id of its description (everything but seq, t, frame
 * and cause), storing each distinct description once. The lookup is one
 * two-way table probe on a hash of a few characters of `why` and of the
 * node and port names: no map, nothing that grows with the
 * topology, and no full hash of a string made new by every event. A hit is
 * confirmed by comparing every field. New descriptions wait until the
 * writer takes them.
 */
export class DescriptionInterner {
  private readonly slots = new Array<DescriptionValues | undefined>(SLOTS * WAYS).fill(undefined);
  private nextId = 1;
  private fresh: DescriptionValues[] = [];

  idOf(e: SimEvent): number {
    const set = slotOf(e) * WAYS;
    const out = e.out ? e.out.join(',') : null;
    const senders = e.senders ? e.senders.join(',') : null;
    const recent = this.slots[set];
    if (recent !== undefined && matches(recent, e, out, senders)) return recent[0];
    const older = this.slots[set + 1];
    if (older !== undefined && matches(older, e, out, senders)) {
      this.slots[set] = older;
      this.slots[set + 1] = recent;
      return older[0];
    }
    const d: DescriptionValues = [this.nextId++, e.kind, e.node, e.port ?? null, e.why, out, e.reason ?? null, e.mac ?? null, e.from ?? null, e.ip ?? null, e.state ?? null, e.text ?? null, senders];
    this.slots[set] = d;
    this.slots[set + 1] = recent;
    this.fresh.push(d);
    return d[0];
  }

  /** The descriptions made since the last call. */
  takeFresh(): DescriptionValues[] {
    const taken = this.fresh;
    this.fresh = [];
    return taken;
  }
}

/** One FNV-1a step. */
function mix(h: number, value: number): number {
  return Math.imul(h ^ value, 0x01000193);
}

/**
 * The slot of an event's description: a hash of why's length and four of its
 * characters, and of the node's and port's length and last character. Cheap
 * on purpose (every event pays it, and why is a string new with every event);
 * descriptions that hash alike are told apart by comparison, and two that
 * alternate in one slot both stay (WAYS).
 */
function slotOf(e: SimEvent): number {
  const why = e.why;
  const n = why.length;
  let h = mix(0x811c9dc5, n);
  h = mix(h, why.charCodeAt(n >>> 2));
  h = mix(h, why.charCodeAt(n >>> 1));
  h = mix(h, why.charCodeAt((n * 3) >>> 2));
  h = mix(h, why.charCodeAt(n - 1));
  h = mix(h, e.node.length ^ (e.node.charCodeAt(e.node.length - 1) << 8));
  if (e.port !== undefined) h = mix(h, e.port.length ^ (e.port.charCodeAt(e.port.length - 1) << 8));
  // murmur3's finalizer: every input bit reaches every slot bit.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & (SLOTS - 1);
}

function matches(d: DescriptionValues, e: SimEvent, out: string | null, senders: string | null): boolean {
  return d[4] === e.why && d[1] === e.kind && d[2] === e.node && d[3] === (e.port ?? null) && describes(d, e, out, senders);
}

function describes(d: DescriptionValues, e: SimEvent, out: string | null, senders: string | null): boolean {
  return d[5] === out && d[6] === (e.reason ?? null) && d[7] === (e.mac ?? null)
    && d[8] === (e.from ?? null) && d[9] === (e.ip ?? null) && d[10] === (e.state ?? null) && d[11] === (e.text ?? null) && d[12] === senders;
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
}

export function descriptionFromValues(v: DescriptionValues): Description {
  return {
    kind: v[1] as EventKind, node: v[2], port: v[3], why: v[4], out: v[5] === null ? null : v[5] === '' ? [] : v[5].split(','),
    reason: v[6] as DropReason | null, mac: v[7], from: v[8], ip: v[9], state: v[10], text: v[11], senders: v[12] === null ? null : v[12].split(','),
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
  return e;
}
