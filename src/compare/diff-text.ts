import type { DiffReport, DivergenceSide, Pair, PairCounts } from './diff-report.js';
import { formatSeconds } from '../events/time.js';
import { collapsedChain } from './chain-collapse.js';
import { pairingText } from './pairing.js';
import { pingTimesText } from './ping-times.js';
import { formatDuration, plural, table } from './text-format.js';

/**
 * `hoplab diff` for a terminal: the report as side-by-side columns, A then B,
 * rows that differ marked `*`, zero rows left out; then the first divergence
 * with each side's chain of whys, and what the hosts saw differently.
 */
export function diffText(r: DiffReport): string[] {
  const [na, nb] = r.names;
  const lines: string[] = [`hoplab diff: A = ${na}, B = ${nb}`];
  if (r.pairing.length) lines.push(`paired ${pairingText(r.pairing)} (rows use A's names; other nodes pair by name)`);
  lines.push(...truncationWarnings(r));
  if (r.sameEvents) lines.push(`no difference: the two recordings hold the same ${plural(r.totals.events[0] ?? 0, 'event')}`);
  else if (r.identical) lines.push('no difference: the same forwarding decisions and the same counts (the events differ only in detail)');
  lines.push('');

  const rows: Array<string[] | string> = [['', `A ${na}`, `B ${nb}`, '']];
  const section = (title: string): void => void rows.push(title);
  const value = (v: number | null, time: boolean): string => (v === null ? '-' : time ? formatDuration(v) : String(v));
  const row = (label: string, p: Pair, time = false, always = false): void => {
    if (!always && !p[0] && !p[1]) return;
    let [va, vb] = [value(p[0], time), value(p[1], time)];
    // Two times that differ but round alike are shown exactly, so the difference shows.
    if (p[0] !== p[1] && va === vb) [va, vb] = [exactSeconds(p[0]), exactSeconds(p[1])];
    rows.push([`  ${label}`, va, vb, p[0] === p[1] ? '' : '*']);
  };
  const counts = (c: PairCounts): void => {
    for (const k of ['events', 'tx', 'rx', 'deliver', 'forward', 'flood', 'filter', 'collision', 'learn', 'move', 'drop'] as const)
      row(k === 'tx' ? 'tx (hops)' : k, c[k]);
    for (const [reason, p] of Object.entries(c.drops)) row(`  drop ${reason}`, p);
  };

  section('totals');
  counts(r.totals);
  if (!r.identical) {
    for (const [host, h] of Object.entries(r.hosts)) {
      section(host);
      row('seen (rx at its ports)', h.seen, false, true);
      row('delivered', h.delivered, false, true);
      row('sent (tx)', h.sent);
      row('not for it (dropped)', h.notForMe);
      row('dropped, other reasons', h.dropped);
    }
    r.steps.forEach((s, i) => {
      const only = s.in === 'both' ? '' : ` (only in ${s.in.toUpperCase()})`;
      const at = s.at[0] === s.at[1] ? formatDuration(s.at[0]!) : s.at.map((t) => (t === null ? '-' : formatDuration(t))).join(' / ');
      section(`step ${i + 1} at ${at}: ${s.on} runs \`${s.run}\`${only}`);
      counts(s.totals);
      row('time to last consequence', s.duration, true, true);
    });
  }
  lines.push(...table(rows, ['left', 'right', 'right', 'left']));
  lines.push(...pingTimesText(r.rtt, r.names));

  const d = r.firstDivergence;
  if (d) {
    const after = Math.min(d.index[0] ?? Infinity, d.index[1] ?? Infinity) - 1;
    lines.push(
      '',
      `first divergence, after ${plural(after, 'equal decision')}${d.step !== null ? ` (step ${d.step})` : ' (outside the scenario)'}${d.frame ? `: ${d.frame}` : ''}`,
    );
    lines.push(`  ${d.summary}`);
    for (const [name, side] of [
      ['A', d.a],
      ['B', d.b],
    ] as const)
      lines.push(...chainText(name, side));
  } else if (r.runs.some((run) => !run.complete)) lines.push('', NOTHING_BEFORE_THE_CUT);
  if (r.notes.length) lines.push('', 'what the hosts saw', ...r.notes.map((n) => `  ${n}`));
  return lines;
}

function chainText(name: string, side: DivergenceSide | null): string[] {
  if (!side) return ['', `  ${name}: no such decision`];
  const lines = ['', `  ${name}: #${side.seq} ${side.node} ${side.kind}${side.out ? ` ${side.out.join(', ')}` : ''}: ${side.why}`];
  lines.push(
    `    how it got there${side.chainLength > side.chain.length ? ` (last ${side.chain.length} of ${side.chainLength} links)` : ''}:`,
  );
  lines.push(...collapsedChain(side.chain, '      '));
  if (side.context.length) lines.push('    noted on the way:', ...side.context.map((l) => `      #${l.seq} ${l.node} ${l.kind}: ${l.why}`));
  return lines;
}

function exactSeconds(ns: number | null): string {
  return ns === null ? '-' : `${formatSeconds(ns)}s`;
}

/** Said when a run was cut short and no decision differs before its end (diff.ts's `pastTheCut`). */
export const NOTHING_BEFORE_THE_CUT =
  'no forwarding decision differs as far as both runs went: what one did after the other stopped is run length';

const STOPPED_BY: Record<string, string> = {
  'max-events': 'its event limit',
  interrupted: 'an interruption (Ctrl-C, a signal, a closed pipe)',
};

/**
 * A run cut short is named as such: its counts stop where it stopped, so a
 * difference after that instant says when each run ended, not how the two
 * topologies differ.
 */
export function truncationWarnings(r: DiffReport): string[] {
  return r.runs.flatMap((run, i) => {
    if (run.complete) return [];
    const [me, other] = i === 0 ? ['A', 'B'] : ['B', 'A'];
    const by = STOPPED_BY[run.stopReason] ?? run.stopReason;
    return [
      `warning: ${me} (${r.names[i]}) was cut short by ${by}: ${plural(run.events, 'event')}, up to ${exactSeconds(run.endTime)} of virtual time;`,
      `  its counts end there, so what ${other} did later is a difference of run length, not of topology`,
    ];
  });
}
