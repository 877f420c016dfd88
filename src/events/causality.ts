import type { SimEvent } from './event.js';

/** An event in a consequence tree, with the events it caused. */
export interface CauseNode {
  event: SimEvent;
  depth: number;
  children: CauseNode[];
}

export interface ConsequenceLimits {
  /** Levels below the root followed. */
  maxDepth: number;
  /** Events in the tree at most. */
  maxEvents: number;
  /** Stop scanning this many events after the last one that joined the tree. */
  quietWindow: number;
}

export const DEFAULT_LIMITS: ConsequenceLimits = { maxDepth: 64, maxEvents: 1000, quietWindow: 200_000 };

export interface ConsequenceTree {
  root: CauseNode;
  size: number;
  /** Why the search stopped before the end of the recording, in words; undefined when it read to the end. */
  cutShort?: string;
  /** Whether every consequence found so far was followed to its end: false when the size or depth limit cut it. */
  complete: boolean;
  /** Events at the cut depth whose own consequences were not followed. */
  unfollowed: number;
}

/**
 * The chain from an event back to what started it: each `cause` in turn,
 * ending at a scenario command (no cause). `lookup` fetches an event by seq.
 */
export function causeChain(event: SimEvent, lookup: (seq: number) => SimEvent | undefined): SimEvent[] {
  const chain: SimEvent[] = [];
  let e: SimEvent | undefined = event;
  while (e?.cause !== undefined && chain.length < 100_000) {
    e = lookup(e.cause);
    if (e) chain.push(e);
  }
  return chain;
}

/**
 * The events `root` led to, as a tree, from the events after it in seq
 * order. It streams: a consequence always comes after its cause, so one
 * forward pass that keeps only the tree's seqs finds them all. The work is
 * bounded (limits), and the tree says where it stopped.
 */
export function consequences(root: SimEvent, after: Iterable<SimEvent>, limits: ConsequenceLimits = DEFAULT_LIMITS): ConsequenceTree {
  const top: CauseNode = { event: root, depth: 0, children: [] };
  const inTree = new Map<number, CauseNode>([[root.seq, top]]);
  let size = 1;
  let unfollowed = 0;
  let lastJoined = root.seq;
  let cutShort: string | undefined;
  let complete = true;
  for (const e of after) {
    if (e.seq - lastJoined > limits.quietWindow) {
      cutShort = `nothing joined the tree in the ${limits.quietWindow} events after #${lastJoined}, so the search stopped there`;
      break;
    }
    const parent = e.cause === undefined ? undefined : inTree.get(e.cause);
    if (!parent) continue;
    if (parent.depth >= limits.maxDepth) {
      unfollowed++;
      complete = false;
      continue;
    }
    if (size >= limits.maxEvents) {
      complete = false;
      cutShort = `the tree reached ${limits.maxEvents} events at #${e.seq}; later consequences are not shown`;
      break;
    }
    const node: CauseNode = { event: e, depth: parent.depth + 1, children: [] };
    parent.children.push(node);
    inTree.set(e.seq, node);
    size++;
    lastJoined = e.seq;
  }
  if (!cutShort && unfollowed > 0) cutShort = `${unfollowed} events below depth ${limits.maxDepth} are not shown`;
  return { root: top, size, unfollowed, complete, ...(cutShort && { cutShort }) };
}

/** Where a branch of the tree ended: the fate of one copy of a frame. */
export type Outcome = 'delivered' | 'dropped' | 'filtered' | 'on the wire' | 'waiting' | 'received' | 'not followed' | undefined;

/**
 * Where one copy of a frame ended: delivered, dropped or filtered; or, for a
 * leaf, a tx with no rx is still on the wire when the recording ends and a
 * decision with no tx still waits in a queue. In a tree cut short by its
 * limits, such leaves were simply not followed.
 */
export function outcomeOf(n: CauseNode, complete: boolean): Outcome {
  // Where a frame's trip ends, whatever the host does next (answer, print).
  switch (n.event.kind) {
    case 'deliver':
      return 'delivered';
    case 'drop':
      return 'dropped';
    case 'filter':
      return 'filtered';
    default:
      break;
  }
  if (n.children.length > 0) return undefined;
  switch (n.event.kind) {
    case 'tx':
      return complete ? 'on the wire' : 'not followed';
    case 'forward':
    case 'flood':
      return !n.event.out?.length ? 'dropped' : complete ? 'waiting' : 'not followed';
    case 'rx':
      return complete ? 'received' : 'not followed';
    default:
      return undefined;
  }
}

/** How many branches ended each way, for the summary line. */
export function countOutcomes(root: CauseNode, complete: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const o = outcomeOf(n, complete);
    if (o) counts.set(o, (counts.get(o) ?? 0) + 1);
    stack.push(...n.children);
  }
  return counts;
}
