import type { SimEvent } from '../events/event.js';
import type { CopyWalker } from '../stepper/copy-walk.js';
import { BadRequest } from './http-error.js';

/** Where the page's copy keys may go: along the copy (N, P), to the copies made from it (]), to the one it was made from ([). */
export const COPY_MOVES = ['next', 'prev', 'child', 'parent'] as const;
export type CopyMove = (typeof COPY_MOVES)[number];

/** Where a copy key lands, or, when it cannot move, why not: the same answers `hoplab step` gives. */
export interface CopyStep {
  seq: number | null;
  note?: string;
}

const list = (events: SimEvent[]): string => events.map((e) => `#${e.seq}`).join(', ');

/**
 * One move of the copy keys from event `e`, through the stepper's walker
 * (stepper/copy-walk.ts), so the viewer and `hoplab step` follow a copy
 * alike: N from a switch's tx goes to the rx at the far end, not to the
 * switch's next tx of the same bytes.
 */
export function copyStep(walker: CopyWalker, e: SimEvent, move: string): CopyStep {
  if (!(COPY_MOVES as readonly string[]).includes(move)) throw new BadRequest(`go must be one of ${COPY_MOVES.join(', ')}, not '${move}'`);
  const tx = e.frame === undefined ? undefined : walker.copyTx(e);
  if (!tx)
    return { seq: null, note: e.frame === undefined ? `#${e.seq} carries no frame` : `#${e.seq}'s frame was not on a wire yet: no copy` };
  switch (move as CopyMove) {
    case 'next': {
      const next = walker.next(e);
      if (next) return { seq: next.seq };
      const made = walker.children(e);
      return { seq: null, note: `copy #${tx.seq} ends at #${e.seq}${made.length ? `; copies made from it: ${list(made)}` : ''}` };
    }
    case 'prev':
      return { seq: walker.previous(e)?.seq ?? null, note: `#${e.seq} is where copy #${tx.seq} begins` };
    case 'child': {
      const made = walker.children(e);
      if (!made.length) return { seq: null, note: `no copy was made from copy #${tx.seq}` };
      return { seq: made[0]!.seq, note: `copies made from #${tx.seq}: ${list(made)}` };
    }
    case 'parent': {
      const parent = walker.parent(e);
      return parent ? { seq: parent.seq } : { seq: null, note: `copy #${tx.seq} is the first: ${tx.node} built the frame` };
    }
  }
}
