/**
 * The opt_comment of each exported packet (draft-ietf-opsawg-pcapng, Section 3.5): the
 * event that put the frame there and the decision behind it, in the event's own words,
 * so a Wireshark user reads hoplab's reasoning next to the bytes. Clauses are joined
 * by " | " (a `why` may itself contain ";" and ","); every clause starts with `#SEQ`,
 * the handle `hoplab events --from SEQ` and `hoplab trace` take.
 *
 * Each clause is a template (comment-clause.ts): its words come from the event's
 * description and capture point, its numbers (seq, cause) are filled in per packet.
 */

import type { SimEvent } from '../events/event.js';
import { ClauseTemplate } from './comment-clause.js';

export const CLAUSE_SEPARATOR = ' | ';

/** The fields of an event that its clauses quote. */
export interface DescribedEvent {
  kind: SimEvent['kind'];
  node: string;
  port?: string | undefined;
  why: string;
  out?: readonly string[] | undefined;
  reason?: SimEvent['reason'];
}

/** What a packet's first clause says of its capture point. */
export interface CommentPoint {
  /** `node:port`. */
  name: string;
  /** The far end of its cable. */
  peer: string | undefined;
}

function where(e: DescribedEvent): string {
  return e.port !== undefined ? ` at ${e.node}:${e.port}` : ` on ${e.node}`;
}

function what(e: DescribedEvent): string {
  return e.reason !== undefined ? `${e.kind} (${e.reason})` : e.kind;
}

function outPorts(e: DescribedEvent): string {
  return e.out !== undefined ? ` -> ${e.out.join(',')}` : '';
}

/**
 * A frame leaving a port, numbered by its tx: `#4 tx at nsA:veth0 to nsB:veth1`.
 * Followed by its decision clause, or, without the decision at hand (it was too long
 * ago, or before `--from`), `withCause` names it by seq: `... (cause #3)`.
 */
export function txHead(p: CommentPoint, withCause: boolean): ClauseTemplate {
  const head = ` tx at ${p.name}${p.peer !== undefined ? ` to ${p.peer}` : ''}`;
  return withCause ? new ClauseTemplate('#', `${head} (cause #`, ')') : new ClauseTemplate('#', head);
}

/**
 * A frame arriving at a port, numbered by its rx, `withSent` its tx:
 * `#5 rx at nsB:veth1 from nsA:veth0 (sent #4)`. What the device then did follows as outcome clauses.
 */
export function rxHead(p: CommentPoint, withSent: boolean): ClauseTemplate {
  const head = ` rx at ${p.name}${p.peer !== undefined ? ` from ${p.peer}` : ''}`;
  return withSent ? new ClauseTemplate('#', `${head} (sent #`, ')') : new ClauseTemplate('#', head);
}

/**
 * The event that caused a transmission, whole, numbered by its seq and (`withCause`) its cause:
 * ` | #1234 flood at sw1:p1 -> p2,p3 (cause #1230): sw1 has no entry for ...`.
 */
export function decisionClause(d: DescribedEvent, withCause: boolean): ClauseTemplate {
  const text = ` ${what(d)}${where(d)}${outPorts(d)}`;
  const head = `${CLAUSE_SEPARATOR}#`;
  return withCause ? new ClauseTemplate(head, `${text} (cause #`, `): ${d.why}`) : new ClauseTemplate(head, `${text}: ${d.why}`);
}

/**
 * What became of a packet's frame: ` | #58 drop (not-for-me): h3 ignores the frame ...`.
 * Where it happened is the packet's own port unless `elsewhere`.
 */
export function outcomeClause(o: DescribedEvent, elsewhere: boolean): ClauseTemplate {
  return new ClauseTemplate(`${CLAUSE_SEPARATOR}#`, ` ${what(o)}${elsewhere ? where(o) : ''}${outPorts(o)}: ${o.why}`);
}

/**
 * A collision folded into one sender's packet, naming the other senders (node:port):
 * ` | #5 collision on hub1 with h2:eth0: h1 and h2 sent at once on hub1's segment; ...`.
 */
export function collisionClause(c: DescribedEvent, others: readonly string[]): ClauseTemplate {
  return new ClauseTemplate(`${CLAUSE_SEPARATOR}#`, ` collision on ${c.node} with ${others.join(', ')}: ${c.why}`);
}

/** After the most outcomes a comment holds, numbered by the first one left out: where to read the rest. */
export const MORE_CLAUSE = new ClauseTemplate(`${CLAUSE_SEPARATOR}(more: hoplab events --from `, ')');

/**
 * A frame lost at a port without crossing it (a full queue, a port without carrier,
 * a collision): it is in the capture only so that the loss can be seen, and says so.
 * Numbered by the loss and (`withCause`) its cause:
 * `#7 drop (link-down) at sw1:p9, not sent (cause #5): sw1:p9 has no cable ...`.
 */
export function lossClause(loss: DescribedEvent, inbound: boolean, withCause: boolean): ClauseTemplate {
  const text = ` ${what(loss)} at ${loss.node}:${loss.port}, ${inbound ? 'not received' : 'not sent'}`;
  return withCause ? new ClauseTemplate('#', `${text} (cause #`, `): ${loss.why}`) : new ClauseTemplate('#', `${text}: ${loss.why}`);
}
