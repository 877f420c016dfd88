import type { SimEvent } from '../events/event.js';
import { descriptionFromValues, eventFrom } from './descriptions.js';

/**
 * The columns of the `events` view (schema versions 2 to 5) or table
 * (version 1), in order: how every event reads back through SQL. Before
 * version 4 there are no channel and config columns, before 5 no vlan: read
 * them as NULL.
 */
export type EventRowValues = [
  number,
  number,
  string,
  string,
  string | null,
  number | null,
  number | null,
  string,
  string | null,
  string | null,
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

export interface EventRow {
  seq: number;
  t: number;
  kind: string;
  node: string;
  port: string | null;
  frame: number | null;
  cause: number | null;
  why: string;
  out: string | null;
  reason: string | null;
  mac: string | null;
  from: string | null;
  ip: string | null;
  state: string | null;
  text: string | null;
  senders: string | null;
  channel: string | null;
  config: string | null;
  vlan: number | null;
}

/** A row back to the event it recorded; absent fields stay absent. */
export function fromRow(r: EventRow): SimEvent {
  return fromValues([
    r.seq,
    r.t,
    r.kind,
    r.node,
    r.port,
    r.frame,
    r.cause,
    r.why,
    r.out,
    r.reason,
    r.mac,
    r.from,
    r.ip,
    r.state,
    r.text,
    r.senders,
    r.channel,
    r.config,
    r.vlan,
  ]);
}

/**
 * A raw row (the events view's columns, in order) back to its event: readers
 * that scan use raw rows, half the allocation. Assembled as a version 2 row
 * is, from its log values and its description.
 */
export function fromValues(v: EventRowValues): SimEvent {
  return eventFrom(
    v[0],
    v[1],
    v[5],
    v[6],
    descriptionFromValues([0, v[2], v[3], v[4], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], null, v[16], v[17], v[18]]),
  );
}
