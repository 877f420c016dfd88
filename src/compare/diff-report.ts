import type { ChainLink } from './cause-chain.js';
import { COUNTED_KINDS, type Counts, type HostCounts } from './counts.js';
import type { NodePair } from './pairing.js';

/**
 * The `hoplab diff --json` shape (SPEC §3; README "hoplab diff --json"). One
 * object; every pair is [A, B]; a side that lacks the thing (a host only one
 * topology has, a configuration step only one scenario runs) has null.
 */
export type Pair = [number | null, number | null];

export interface PairCounts {
  events: Pair;
  tx: Pair;
  rx: Pair;
  deliver: Pair;
  forward: Pair;
  flood: Pair;
  filter: Pair;
  collision: Pair;
  learn: Pair;
  move: Pair;
  drop: Pair;
  /** Drops by reason: every reason either side has. */
  drops: Record<string, Pair>;
}

export interface HostPairs {
  seen: Pair;
  delivered: Pair;
  sent: Pair;
  notForMe: Pair;
  dropped: Pair;
  /** Frames seen at the host's ports by addressee (a host, broadcast, multicast): who it overheard. */
  seenFor: Record<string, Pair>;
}

export interface StepPairs {
  /** The step's time (ns) on each side, [A, B]; null on the side whose scenario lacks the step. */
  at: Pair;
  on: string;
  run: string;
  /** `both`, or the one side whose scenario has this (configuration) step. */
  in: 'both' | 'a' | 'b';
  totals: PairCounts;
  /** Time from the command to its last consequence, ns. */
  duration: Pair;
}

export interface DivergenceSide {
  seq: number;
  node: string;
  kind: string;
  why: string;
  port?: string;
  out?: string[];
  reason?: string;
  /** The `why`s from the scenario command down to this decision (nearest links only when long). */
  chain: ChainLink[];
  chainLength: number;
  /** Learn, move, age and neigh events the device noted on the way to the decision (sharing its cause). */
  context: ChainLink[];
}

export interface FirstDivergence {
  /** 1-based index into `steps`; null when the decision descends from no scenario step. */
  step: number | null;
  /** Forwarding decisions between the command and this one, this one included. */
  depth: number;
  /** The decision's place among each side's decisions (1 = the first forward/flood/filter/drop/deliver). */
  index: Pair;
  /** The frame, tcpdump-style, as the side that has it saw it. */
  frame: string | null;
  summary: string;
  a: DivergenceSide | null;
  b: DivergenceSide | null;
}

/** How a side's run ended: a run cut short (its event limit, Ctrl-C) is compared only as far as it went. */
export interface RunEnd {
  complete: boolean;
  stopReason: string;
  events: number;
  /** Virtual time at the run's end, ns. */
  endTime: number;
}

export interface DiffReport {
  identical: boolean;
  /** How each run ended, [A, B]. */
  runs: [RunEnd, RunEnd];
  /** Both recordings hold the same events, column for column (e.g. two runs of one file). */
  sameEvents: boolean;
  names: [string, string];
  /** Nodes of B compared as a differently named node of A ({a, b, by: map|address}); hosts and steps use A's names. */
  pairing: NodePair[];
  totals: PairCounts;
  hosts: Record<string, HostPairs>;
  steps: StepPairs[];
  /** Ping's round-trip times, ms: host -> `ADDRESS icmp_seq=N` -> [A, B] (null: no reply on that side). */
  rtt: Record<string, Record<string, Pair>>;
  firstDivergence: FirstDivergence | null;
  /** Sentences: what one topology showed a host that the other did not. */
  notes: string[];
}

export function pairCounts(a: Counts | undefined, b: Counts | undefined): PairCounts {
  const out = {} as PairCounts;
  out.events = [a?.events ?? null, b?.events ?? null];
  for (const k of COUNTED_KINDS) out[k] = [a?.[k] ?? null, b?.[k] ?? null];
  out.drops = pairRecords(a?.drops, b?.drops, a !== undefined, b !== undefined);
  return out;
}

export function hostPairs(a: HostCounts | undefined, b: HostCounts | undefined): HostPairs {
  const p = (k: 'seen' | 'delivered' | 'sent' | 'notForMe' | 'dropped'): Pair => [a?.[k] ?? null, b?.[k] ?? null];
  return {
    seen: p('seen'),
    delivered: p('delivered'),
    sent: p('sent'),
    notForMe: p('notForMe'),
    dropped: p('dropped'),
    seenFor: pairRecords(a?.seenFor, b?.seenFor, a !== undefined, b !== undefined),
  };
}

/** Keys of either record, as pairs; a side that exists but lacks the key has 0. */
function pairRecords(
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
  hasA: boolean,
  hasB: boolean,
): Record<string, Pair> {
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
  return Object.fromEntries(keys.map((k) => [k, [hasA ? (a?.[k] ?? 0) : null, hasB ? (b?.[k] ?? 0) : null] as Pair]));
}

/** True when every pair in the object (recursively) holds two equal values. */
export function allPairsEqual(o: unknown): boolean {
  if (isPair(o)) return o[0] === o[1];
  if (Array.isArray(o)) return o.every(allPairsEqual);
  if (o && typeof o === 'object') return Object.values(o).every(allPairsEqual);
  return true;
}

function isPair(o: unknown): o is Pair {
  const side = (v: unknown): boolean => v === null || typeof v === 'number';
  return Array.isArray(o) && o.length === 2 && side(o[0]) && side(o[1]);
}
