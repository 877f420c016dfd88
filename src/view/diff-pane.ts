import { collapseChain, type ChainRow } from '../compare/chain-collapse.js';
import type { DiffReport } from '../compare/diff-report.js';
import { NOTHING_BEFORE_THE_CUT, truncationWarnings } from '../compare/diff-text.js';
import { pairingText } from '../compare/pairing.js';
import { pingTimeRows, type PingTimeRow } from '../compare/ping-times.js';

/**
 * What the Diff tab lists beyond the report, in the words `hoplab diff`
 * prints (diff-text.ts and the helpers it uses), so the page composes no
 * sentence of its own: the pairing of differently named nodes, a warning per
 * run cut short (its event limit, Ctrl-C), every ping reply's round-trip time
 * on both sides, and both cause chains with repeated blocks collapsed.
 */
export interface DiffShown {
  /** `by --map: h1=alice; by IP address: h3=carol`; empty when every node pairs by name. */
  pairing: string;
  /** A's host -> B's host, for the hosts whose names differ. */
  hostsInB: Record<string, string>;
  /** One sentence per run cut short (the text's two lines of it joined). */
  warnings: string[];
  /** Said when a run was cut short and no decision differs as far as both went; else null. */
  cut: string | null;
  rtt: PingTimeRow[];
  /** A's chain and B's, collapsed (null on a side with no decision there). */
  chains: [ChainRow[] | null, ChainRow[] | null];
}

/** `hoplab diff --json`'s report, and under `shown` what the page lists from it. */
export function diffPane(report: DiffReport): DiffReport & { shown: DiffShown } {
  const d = report.firstDivergence;
  const cut = !d && report.runs.some((r) => !r.complete) ? NOTHING_BEFORE_THE_CUT : null;
  return {
    ...report,
    shown: {
      pairing: pairingText(report.pairing),
      hostsInB: Object.fromEntries(report.pairing.filter((p) => p.a !== p.b).map((p) => [p.a, p.b])),
      warnings: oneLineEach(truncationWarnings(report)),
      cut,
      rtt: pingTimeRows(report.rtt),
      chains: [d?.a ? collapseChain(d.a.chain) : null, d?.b ? collapseChain(d.b.chain) : null],
    },
  };
}

/** The text's indented continuation lines joined to the line they continue. */
function oneLineEach(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (/^\s/.test(l) && out.length) out[out.length - 1] += ` ${l.trim()}`;
    else out.push(l);
  }
  return out;
}
