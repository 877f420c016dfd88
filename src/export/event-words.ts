/**
 * What the capture sink needs of an event besides its numbers, worked out once per
 * distinct description: which role it plays (packet, command, outcome), its capture
 * point, and its comment clauses, encoded on first use. A recording's events share a
 * few description objects (src/store/descriptions.ts): a storm of a million events
 * has under a hundred, so each is looked up by its `why` string, whose hash V8 keeps
 * in the string, and compared by a few pointer-equal fields.
 */

import type { SimEvent } from '../events/event.js';
import type { ClauseTemplate } from './comment-clause.js';
import { collisionClause, decisionClause, lossClause, outcomeClause } from './hop-comments.js';

export const Role = { Tx: 0, Rx: 1, Command: 2, App: 3, Other: 4 } as const;
export type Role = (typeof Role)[keyof typeof Role];

const ROLES: Partial<Record<string, Role>> = { tx: Role.Tx, rx: Role.Rx, command: Role.Command, app: Role.App };
/** Outcomes that say what became of a frame; an outcome of one of these is folded too. */
const FATES: ReadonlySet<string> = new Set(['deliver', 'drop', 'filter', 'forward', 'flood', 'collision']);

/**
 * Distinct `why`s kept before the cache starts afresh: a recording whose every event
 * reads differently (a host naming each address it resolves) must not grow it.
 */
const KEPT = 4096;
/** Descriptions kept under one `why` (the same sentence at other ports or kinds). */
const SAME_WHY = 8;

export class EventWords<P> {
  readonly kind: SimEvent['kind'];
  readonly node: string;
  readonly port: string | undefined;
  readonly why: string;
  readonly out: readonly string[] | undefined;
  readonly reason: SimEvent['reason'];
  /** collision: the `node:port`s that sent at once. */
  readonly senders: readonly string[] | undefined;
  readonly role: Role;
  /** What became of a frame (deliver, drop, filter, forward, flood, collision). */
  readonly fate: boolean;
  /** A frame lost at a port: it may become a packet of its own. */
  readonly loss: boolean;
  private readonly clauses: Array<ClauseTemplate | undefined> = [];
  /** A collision's clause in each sender's packet, by sender. */
  private withOthers: Map<string, ClauseTemplate> | undefined;

  constructor(
    e: SimEvent,
    /** Its chosen capture point, if its node and port are one. */
    readonly point: P | undefined,
    /** The next description with the same `why`. */
    readonly next: EventWords<P> | undefined,
  ) {
    this.kind = e.kind;
    this.node = e.node;
    this.port = e.port;
    this.why = e.why;
    this.out = e.out?.slice();
    this.reason = e.reason;
    this.senders = e.senders?.slice();
    this.role = ROLES[e.kind] ?? Role.Other;
    this.fate = FATES.has(e.kind);
    this.loss = e.kind === 'drop' || e.kind === 'collision';
  }

  /** Whether `e` reads the same in every clause (its `why` is compared by the cache). */
  describes(e: SimEvent): boolean {
    if (e.kind !== this.kind || e.node !== this.node || e.port !== this.port || e.reason !== this.reason) return false;
    return sameList(e.out, this.out) && sameList(e.senders, this.senders);
  }

  /** As the decision that caused a tx (hop-comments.ts `decisionClause`). */
  decision(withCause: boolean): ClauseTemplate {
    const i = withCause ? 1 : 0;
    return (this.clauses[i] ??= decisionClause(this, withCause));
  }

  /** As an outcome folded into a packet's comment (`outcomeClause`). */
  outcome(elsewhere: boolean): ClauseTemplate {
    const i = elsewhere ? 3 : 2;
    return (this.clauses[i] ??= outcomeClause(this, elsewhere));
  }

  /** As a collision in the packet of `sender`, one of its senders (`collisionClause`). */
  collisionWith(sender: string): ClauseTemplate {
    this.withOthers ??= new Map();
    let c = this.withOthers.get(sender);
    if (c === undefined) {
      c = collisionClause(
        this,
        (this.senders ?? []).filter((s) => s !== sender),
      );
      this.withOthers.set(sender, c);
    }
    return c;
  }

  /** As a lost frame's own packet (`lossClause`). */
  lossClause(inbound: boolean, withCause: boolean): ClauseTemplate {
    const i = 4 + (inbound ? 2 : 0) + (withCause ? 1 : 0);
    return (this.clauses[i] ??= lossClause(this, inbound, withCause));
  }
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** EventWords by description, `point` resolving a node and port to the sink's capture point. */
export class EventWordsCache<P> {
  private byWhy = new Map<string, EventWords<P>>();

  constructor(private readonly point: (node: string, port: string | undefined) => P | undefined) {}

  of(e: SimEvent): EventWords<P> {
    const first = this.byWhy.get(e.why);
    let same = 0;
    for (let w = first; w !== undefined; w = w.next) {
      if (w.describes(e)) return w;
      same++;
    }
    if (this.byWhy.size >= KEPT) this.byWhy = new Map();
    const w = new EventWords(e, this.point(e.node, e.port), same < SAME_WHY && this.byWhy.has(e.why) ? first : undefined);
    this.byWhy.set(e.why, w);
    return w;
  }
}
