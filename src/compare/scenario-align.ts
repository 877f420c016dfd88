import { InputError } from '../errors/input-error.js';
import type { RecordingHeader } from '../store/recording.js';
import type { Renamer } from './pairing.js';

/**
 * Lines up two recordings' scenarios. The diff compares two topologies under
 * the same traffic, so the commands that make traffic (ping, arping,
 * traceroute, send) must be the same, from the same hosts, in the same order:
 * otherwise the recordings answer different questions and the diff says so
 * (exit 2). Configuration commands (`ip link set p3 down` on a switch,
 * `bridge fdb flush`) belong to the topology being compared: they are matched
 * where both have them and listed as one-sided where only one does.
 * B's commands are read through the pairing (`ping bob` on alice is `ping h2`
 * on h1 when alice and bob pair with h1 and h2).
 */
export type ScenarioRow = RecordingHeader['scenario'][number];

export interface AlignedStep {
  on: string;
  run: string;
  /** The step's time in each recording (null where it has no such step). */
  at: [number | null, number | null];
  /** Index of the step in A's and B's scenario tables, where it has one. */
  a?: number;
  b?: number;
  traffic: boolean;
}

/** Two recordings that ran different traffic: not comparable (bad input: the user chose the pair). */
export class ScenarioMismatch extends InputError {
  override name = 'ScenarioMismatch';
}

const TRAFFIC = new Set(['ping', 'arping', 'traceroute', 'send']);

/** A command as it runs inside its node: `sudo` dropped, `ip netns exec NS` / `ip -n NS` resolved to NS. */
export function normalizeStep(row: { node: string; run: string }): { node: string; run: string; traffic: boolean } {
  let words = row.run.trim().split(/\s+/);
  let node = row.node;
  if (words[0] === 'sudo') words = words.slice(1);
  if (words[0] === 'ip' && words[1] === 'netns' && words[2] === 'exec' && words[3]) {
    node = words[3];
    words = words.slice(4);
  } else if (words[0] === 'ip' && words[1] === '-n' && words[2]) {
    node = words[2];
    words = ['ip', ...words.slice(3)];
  }
  return { node, run: words.join(' '), traffic: TRAFFIC.has(words[0] ?? '') };
}

export function alignScenarios(a: ScenarioRow[], b: ScenarioRow[], renameB?: Renamer): AlignedStep[] {
  const na = a.map(normalizeStep);
  const nb = b.map(normalizeStep).map((s) => (renameB ? renamed(s, renameB) : s));
  const ta = na.flatMap((s, i) => (s.traffic ? [i] : []));
  const tb = nb.flatMap((s, i) => (s.traffic ? [i] : []));
  for (let k = 0; k < Math.max(ta.length, tb.length); k++) {
    const x = ta[k] === undefined ? undefined : na[ta[k]!];
    const y = tb[k] === undefined ? undefined : nb[tb[k]!];
    if (x && y && x.node === y.node && x.run === y.run) continue;
    const said = (s: typeof x): string => (s ? `runs \`${s.run}\` on ${s.node}` : 'has no such command');
    throw new ScenarioMismatch(
      `different scenarios: traffic command ${k + 1} differs (A ${said(x)}, B ${said(y)}); diff compares two topologies running the same commands from the same hosts`,
    );
  }
  const steps: AlignedStep[] = [];
  const push = (i: number | undefined, j: number | undefined): void => {
    const s = i !== undefined ? na[i]! : nb[j!]!;
    steps.push({
      on: s.node,
      run: s.run,
      traffic: s.traffic,
      at: [i === undefined ? null : a[i]!.at, j === undefined ? null : b[j]!.at],
      ...(i !== undefined && { a: i }),
      ...(j !== undefined && { b: j }),
    });
  };
  let i0 = 0;
  let j0 = 0;
  for (let k = 0; k <= ta.length; k++) {
    const i1 = ta[k] ?? na.length;
    const j1 = tb[k] ?? nb.length;
    for (const [i, j] of lcsPairs(na.slice(i0, i1), nb.slice(j0, j1)))
      push(i === undefined ? undefined : i + i0, j === undefined ? undefined : j + j0);
    if (k < ta.length) push(i1, j1);
    i0 = i1 + 1;
    j0 = j1 + 1;
  }
  return steps;
}

/** A step of B in A's names: its node, and any word of its command that names a paired node. */
function renamed<S extends { node: string; run: string }>(s: S, r: Renamer): S {
  return {
    ...s,
    node: r.node(s.node),
    run: s.run
      .split(' ')
      .map((w) => r.node(w))
      .join(' '),
  };
}

/** The configuration steps between two traffic steps, merged: equal ones paired (longest common subsequence). */
function lcsPairs(
  x: Array<{ node: string; run: string }>,
  y: Array<{ node: string; run: string }>,
): Array<[number | undefined, number | undefined]> {
  const same = (i: number, j: number): boolean => x[i]!.node === y[j]!.node && x[i]!.run === y[j]!.run;
  const len: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) len[i]![j] = same(i, j) ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  }
  const out: Array<[number | undefined, number | undefined]> = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && same(i, j)) out.push([i++, j++]);
    else if (j >= y.length || (i < x.length && len[i + 1]![j]! >= len[i]![j + 1]!)) out.push([i++, undefined]);
    else out.push([undefined, j++]);
  }
  return out;
}
