import type { SimEvent } from '../events/event.js';

/**
 * The tallies the diff sets side by side, for a whole recording and for each
 * scenario step: hops (`tx`), arrivals, the decisions of SPEC §4, and drops
 * by reason.
 */
export interface Counts {
  events: number;
  tx: number;
  rx: number;
  deliver: number;
  forward: number;
  flood: number;
  filter: number;
  collision: number;
  learn: number;
  move: number;
  drop: number;
  drops: Record<string, number>;
}

export const COUNTED_KINDS = ['tx', 'rx', 'deliver', 'forward', 'flood', 'filter', 'collision', 'learn', 'move', 'drop'] as const;
type CountedKind = (typeof COUNTED_KINDS)[number];

export function emptyCounts(): Counts {
  return { events: 0, tx: 0, rx: 0, deliver: 0, forward: 0, flood: 0, filter: 0, collision: 0, learn: 0, move: 0, drop: 0, drops: {} };
}

const COUNTED = new Set<string>(COUNTED_KINDS);

export function countEvent(c: Counts, e: SimEvent): void {
  c.events++;
  if (!COUNTED.has(e.kind)) return;
  c[e.kind as CountedKind]++;
  if (e.kind === 'drop') {
    const r = e.reason ?? 'unknown';
    c.drops[r] = (c.drops[r] ?? 0) + 1;
  }
}

/** What reached one host: frames at its ports, what its stack took, what it sent, what it threw away. */
export interface HostCounts {
  /** rx events at the host's ports: what a capture on them shows arriving. */
  seen: number;
  /** deliver events: frames its stack accepted as addressed to it. */
  delivered: number;
  /** tx events from its ports. */
  sent: number;
  /** drops with reason not-for-me: frames for someone else that reached it (a hub's doing). */
  notForMe: number;
  /** drops for any other reason at the host. */
  dropped: number;
  /** Frames seen, by whom they were addressed to (a host's name, broadcast, multicast). */
  seenFor: Record<string, number>;
}

export function emptyHostCounts(): HostCounts {
  return { seen: 0, delivered: 0, sent: 0, notForMe: 0, dropped: 0, seenFor: {} };
}

export interface StepCounts extends Counts {
  /** When the step's command ran, and its last consequence: the step's latency is the gap. */
  commandT: number | undefined;
  lastT: number | undefined;
}

export function emptyStepCounts(): StepCounts {
  return { ...emptyCounts(), commandT: undefined, lastT: undefined };
}
