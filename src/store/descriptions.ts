import type { DropReason, EventKind, SimEvent } from '../events/event.js';

/** The descriptions table's columns, in insert order. */
export const DESCRIPTION_COLUMNS = ['id', 'kind', 'node', 'port', 'why', 'out', 'reason', 'mac', '"from"', 'ip', 'state', 'text', 'senders'] as const;

/** A description row's values, DESCRIPTION_COLUMNS order. */
export type DescriptionValues = [number, string, string, string | null, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null];

/**
 * Descriptions remembered per node, port and kind, most recently used first.
 * A storm's port has one or two per kind, so the first comparison nearly
 * always hits; a run whose every event reads differently (a host reading
 * each ARP request, a ping's lines) compares with a few and stores a new
 * one. Forgetting only means that a description seen again is stored again,
 * under a new id.
 */
const REMEMBERED = 4;

/**
 * Gives each event the id of its description (everything but seq, t, frame
 * and cause), storing each distinct description once. Looked up by node,
 * port and kind, whose strings are the same few objects throughout a run,
 * then by `why` and the rest among the few descriptions remembered there:
 * the `why` string, new with every event, is compared but never hashed. New
 * descriptions wait until the writer takes them.
 */
export class DescriptionInterner {
  private readonly byNode = new Map<string, Map<string | undefined, Map<string, DescriptionValues[]>>>();
  private nextId = 1;
  private fresh: DescriptionValues[] = [];

  idOf(e: SimEvent): number {
    const known = this.remembered(e);
    const out = e.out ? e.out.join(',') : null;
    const senders = e.senders ? e.senders.join(',') : null;
    for (let i = 0; i < known.length; i++) {
      const d = known[i]!;
      if (d[4] === e.why && describes(d, e, out, senders)) {
        if (i > 0) known.unshift(...known.splice(i, 1));
        return d[0];
      }
    }
    const d: DescriptionValues = [this.nextId++, e.kind, e.node, e.port ?? null, e.why, out, e.reason ?? null, e.mac ?? null, e.from ?? null, e.ip ?? null, e.state ?? null, e.text ?? null, senders];
    if (known.length === REMEMBERED) known.pop();
    known.unshift(d);
    this.fresh.push(d);
    return d[0];
  }

  /** The descriptions remembered for the event's node, port and kind, most recent first. */
  private remembered(e: SimEvent): DescriptionValues[] {
    let byPort = this.byNode.get(e.node);
    if (byPort === undefined) this.byNode.set(e.node, (byPort = new Map()));
    let byKind = byPort.get(e.port);
    if (byKind === undefined) byPort.set(e.port, (byKind = new Map()));
    let known = byKind.get(e.kind);
    if (known === undefined) byKind.set(e.kind, (known = []));
    return known;
  }

  /** The descriptions made since the last call. */
  takeFresh(): DescriptionValues[] {
    const taken = this.fresh;
    this.fresh = [];
    return taken;
  }
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
