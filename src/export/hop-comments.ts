/**
 * The opt_comment of each exported packet (draft-ietf-opsawg-pcapng, Section 3.5): the
 * event that put the frame there and the decision behind it, in the event's own words,
 * so a Wireshark user reads hoplab's reasoning next to the bytes. Clauses are joined
 * by " | " (a `why` may itself contain ";" and ","); every clause starts with `#SEQ`,
 * the handle `hoplab events --from SEQ` and `hoplab trace` take.
 */

import type { SimEvent } from '../events/event.js';

export const CLAUSE_SEPARATOR = ' | ';

function where(e: SimEvent): string {
  return e.port !== undefined ? ` at ${e.node}:${e.port}` : ` on ${e.node}`;
}

function what(e: SimEvent): string {
  return e.reason !== undefined ? `${e.kind} (${e.reason})` : e.kind;
}

function outPorts(e: SimEvent): string {
  return e.out !== undefined ? ` -> ${e.out.join(',')}` : '';
}

/**
 * An event that caused a transmission, whole:
 * `#1234 flood at sw1:p1 -> p2,p3 (cause #1230): sw1 has no entry for ...`.
 */
export function decisionClause(d: SimEvent): string {
  const cause = d.cause !== undefined ? ` (cause #${d.cause})` : '';
  return `#${d.seq} ${what(d)}${where(d)}${outPorts(d)}${cause}: ${d.why}`;
}

/**
 * What became of a packet's frame: `#58 drop (not-for-me): h3 ignores the frame ...`.
 * Where it happened is the packet's own port unless `elsewhere`.
 */
export function outcomeClause(o: SimEvent, elsewhere = false): string {
  return `#${o.seq} ${what(o)}${elsewhere ? where(o) : ''}${outPorts(o)}: ${o.why}`;
}

/**
 * A frame leaving a port: `#4 tx at nsA:veth0 to nsB:veth1 | #3 neigh at nsA:veth0 (cause #1): ...`.
 * Without the cause event at hand (it was too long ago, or before `--from`) only its seq.
 */
export function txComment(tx: SimEvent, to: string | undefined, cause: SimEvent | undefined): string {
  const head = `#${tx.seq} tx at ${tx.node}:${tx.port}${to !== undefined ? ` to ${to}` : ''}`;
  if (cause !== undefined) return `${head}${CLAUSE_SEPARATOR}${decisionClause(cause)}`;
  return tx.cause !== undefined ? `${head} (cause #${tx.cause})` : head;
}

/** A frame arriving at a port; what the device then did is appended with `outcomeClause`. */
export function rxComment(rx: SimEvent, from: string | undefined): string {
  const sent = rx.cause !== undefined ? ` (sent #${rx.cause})` : '';
  return `#${rx.seq} rx at ${rx.node}:${rx.port}${from !== undefined ? ` from ${from}` : ''}${sent}`;
}

/**
 * A frame lost at a port without crossing it (a full queue, a port without carrier,
 * a collision): it is in the capture only so that the loss can be seen, and says so.
 */
export function lossComment(loss: SimEvent, inbound: boolean): string {
  const cause = loss.cause !== undefined ? ` (cause #${loss.cause})` : '';
  return `#${loss.seq} ${what(loss)} at ${loss.node}:${loss.port}, ${inbound ? 'not received' : 'not sent'}${cause}: ${loss.why}`;
}
