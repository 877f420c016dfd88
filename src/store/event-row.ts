import type { DropReason, EventKind, SimEvent } from '../events/event.js';

/** The events table's columns, in insert order (positional parameters are the fastest binding). */
export const EVENT_COLUMNS = ['seq', 't', 'kind', 'node', 'port', 'frame', 'cause', 'why', 'out', 'reason', 'mac', '"from"', 'ip', 'state', 'text', 'senders'] as const;

export type EventRowValues = [number, number, string, string, string | null, number | null, number | null, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null];

export function toRowValues(e: SimEvent): EventRowValues {
  return [
    e.seq, e.t, e.kind, e.node, e.port ?? null, e.frame ?? null, e.cause ?? null, e.why,
    e.out ? e.out.join(',') : null, e.reason ?? null, e.mac ?? null, e.from ?? null, e.ip ?? null, e.state ?? null,
    e.text ?? null, e.senders ? e.senders.join(',') : null,
  ];
}

export interface EventRow {
  seq: number; t: number; kind: string; node: string; port: string | null; frame: number | null; cause: number | null; why: string;
  out: string | null; reason: string | null; mac: string | null; from: string | null; ip: string | null; state: string | null; text: string | null; senders: string | null;
}

/** A row back to the event it recorded; absent fields stay absent. */
export function fromRow(r: EventRow): SimEvent {
  const e: SimEvent = { seq: r.seq, t: r.t, kind: r.kind as EventKind, node: r.node, why: r.why };
  if (r.port !== null) e.port = r.port;
  if (r.frame !== null) e.frame = r.frame;
  if (r.cause !== null) e.cause = r.cause;
  if (r.out !== null) e.out = r.out === '' ? [] : r.out.split(',');
  if (r.reason !== null) e.reason = r.reason as DropReason;
  if (r.mac !== null) e.mac = r.mac;
  if (r.from !== null) e.from = r.from;
  if (r.ip !== null) e.ip = r.ip;
  if (r.state !== null) e.state = r.state;
  if (r.text !== null) e.text = r.text;
  if (r.senders !== null) e.senders = r.senders.split(',');
  return e;
}
