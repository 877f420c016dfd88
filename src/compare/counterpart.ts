import type { SimEvent } from '../events/event.js';
import type { RecordingReader } from '../store/recording.js';
import { Renamer } from './pairing.js';

/** How many of the other side's events a search reads at most: a storm's counterpart comes early. */
const SEARCH_CAP = 200_000;
/** What a frame can do at a port when no decision is made there: be sent, or arrive. */
const HOP_KINDS = ['tx', 'rx'];

/**
 * What the other side did where one side made a decision it did not: the
 * first hop of the same frame (the same bytes) at the same node and port.
 * In a storm against the broken loop, B drops the broadcast at sw1:p3
 * (link-down) where A sends it out of p3: A has no decision there, but its
 * frame does leave, and that is what the diff should say instead of
 * "nothing happens there". `there` names the node and port in the other's terms (pairing.ts).
 */
export function counterpartOf(
  e: SimEvent,
  present: RecordingReader,
  other: RecordingReader,
  there = new Renamer(undefined),
): SimEvent | undefined {
  if (e.frame === undefined || e.port === undefined) return undefined;
  const node = there.node(e.node);
  const port = there.port(e.node, e.port);
  const bytes = present.frame(e.frame);
  if (!bytes) return undefined;
  let read = 0;
  const sameBytes = new Map<number, boolean>();
  for (const x of other.events({ kinds: HOP_KINDS, nodes: [node] })) {
    if (++read > SEARCH_CAP) return undefined;
    if (x.port !== port || x.frame === undefined) continue;
    let same = sameBytes.get(x.frame);
    if (same === undefined) {
      same = equalBytes(other.frame(x.frame), bytes);
      sameBytes.set(x.frame, same);
    }
    if (same) return x;
  }
  return undefined;
}

function equalBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.compare(a, b) === 0;
}
