import type { DropReason, EventKind, SimEvent } from '../events/event.js';

/**
 * The columns of the `events` view (schema version 2) or table (version 1),
 * in order: how every event reads back through SQL.
 */
export type EventRowValues = [number, number, string, string, string | null, number | null, number | null, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null];

export interface EventRow {
  seq: number; t: number; kind: string; node: string; port: string | null; frame: number | null; cause: number | null; why: string;
  out: string | null; reason: string | null; mac: string | null; from: string | null; ip: string | null; state: string | null; text: string | null; senders: string | null;
}

/** A row back to the event it recorded; absent fields stay absent. */
export function fromRow(r: EventRow): SimEvent {
  return fromValues([r.seq, r.t, r.kind, r.node, r.port, r.frame, r.cause, r.why, r.out, r.reason, r.mac, r.from, r.ip, r.state, r.text, r.senders]);
}

/** A raw row (columns in EVENT_COLUMNS order) back to its event: readers that scan use raw rows, half the allocation. */
export function fromValues(v: EventRowValues): SimEvent {
  const e: SimEvent = { seq: v[0], t: v[1], kind: v[2] as EventKind, node: v[3], why: v[7] };
  if (v[4] !== null) e.port = v[4];
  if (v[5] !== null) e.frame = v[5];
  if (v[6] !== null) e.cause = v[6];
  if (v[8] !== null) e.out = v[8] === '' ? [] : v[8].split(',');
  if (v[9] !== null) e.reason = v[9] as DropReason;
  if (v[10] !== null) e.mac = v[10];
  if (v[11] !== null) e.from = v[11];
  if (v[12] !== null) e.ip = v[12];
  if (v[13] !== null) e.state = v[13];
  if (v[14] !== null) e.text = v[14];
  if (v[15] !== null) e.senders = v[15].split(',');
  return e;
}
