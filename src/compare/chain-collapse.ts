import type { ChainLink } from './cause-chain.js';

/** The longest repeated block looked for: a loop of a few switches, each receiving, flooding and sending. */
const PERIOD_MAX = 16;

/** A row of a collapsed chain: a link, or the line standing for a block's repeats. */
export type ChainRow = ChainLink | { repeat: string; from: number; to: number };

/**
 * A cause chain with runs of identical blocks collapsed: a storm's copy goes
 * round the loop, and its chain repeats `sw1 rx, sw1 flood, sw1 tx, sw2 rx
 * ...` with only the seqs changing. The first block is kept; its repeats
 * become one row, `… (the same 9 lines ×3 more: #2805 to #2953)`. Links are
 * the same when node, kind and why are (the seq aside). `hoplab diff` prints
 * these rows; the viewer's Diff tab lists them.
 */
export function collapseChain(links: ChainLink[]): ChainRow[] {
  const key = links.map((l) => `${l.node}\u0000${l.kind}\u0000${l.why}`);
  const out: ChainRow[] = [];
  let i = 0;
  while (i < links.length) {
    const { period, times } = longestRun(key, i);
    for (let j = i; j < i + period; j++) out.push(links[j]!);
    if (times > 1) {
      const from = links[i + period]!.seq;
      const to = links[i + period * times - 1]!.seq;
      out.push({ repeat: `… (the same ${period === 1 ? 'line' : `${period} lines`} ×${times - 1} more: #${from} to #${to})`, from, to });
    }
    i += period * times;
  }
  return out;
}

/** The collapsed chain as text lines, each indented by `indent`. */
export function collapsedChain(links: ChainLink[], indent: string): string[] {
  return collapseChain(links).map((r) => ('repeat' in r ? `${indent}${r.repeat}` : `${indent}#${r.seq} ${r.node} ${r.kind}: ${r.why}`));
}

/** The block starting at `i` that repeats over the most lines (shortest block on a tie); times = 1: no repeat worth collapsing. */
function longestRun(key: string[], i: number): { period: number; times: number } {
  let best = { period: 1, times: 1 };
  for (let period = 1; period <= PERIOD_MAX && i + 2 * period <= key.length; period++) {
    let times = 1;
    while (i + (times + 1) * period <= key.length && sameBlock(key, i, i + times * period, period)) times++;
    // Collapsing must save lines: one block repeated once more than the summary line it becomes.
    if (times > 1 && period * (times - 1) > 1 && period * times > best.period * best.times) best = { period, times };
  }
  return best;
}

function sameBlock(key: string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (key[a + k] !== key[b + k]) return false;
  return true;
}
