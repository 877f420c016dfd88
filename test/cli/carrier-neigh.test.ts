import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';
import { oracleNotes } from '../shell/harness.js';

// Issue 18 item 3, through the real CLI: a veth whose peer goes down or moves
// loses its carrier, and linkwatch hands that to the stack, which drops the
// routes to `linkdown` and evicts its neighbours (neigh_carrier_down).
// test/fixtures/carrier-down.sh is the oracle's C1-carrier with CAUSE=down;
// the other causes are made from it as run-oracle-c1.sh makes them. Every
// `ip neigh show` and `ip route show` of h1 must print what Linux 6.18
// printed at the same point.

const DOWN = fixtureText('carrier-down.sh');
const CAUSE = 'ip -n c1h2 link set eth0 down\n';
const PAIR_UP = 'ip -n c1h2 link set eth0 up\n';
const SCRIPTS: Record<string, string> = {
  down: DOWN,
  // CAUSE=move: h2's end moves to c1h3; the oracle's run ends 1.5 s later.
  move: DOWN.slice(0, DOWN.lastIndexOf(PAIR_UP)).replace(CAUSE, 'ip -n c1h2 link set eth0 netns c1h3\n'),
  // CAUSE=quick: h2's end goes down 0.3 s after the pair came up. The oracle made h1's entry with
  // `ip neigh replace … nud stale`, which hoplab does not emulate yet: a ping makes it here.
  quick: `${DOWN.slice(0, DOWN.indexOf(PAIR_UP) + PAIR_UP.length)}sleep 0.3\nip netns exec c1h1 ping -c 1 10.0.6.2\n${CAUSE}${DOWN.slice(DOWN.indexOf(CAUSE) + CAUSE.length, DOWN.lastIndexOf(PAIR_UP))}`,
};

interface JsonEvent {
  seq: number;
  kind: string;
  cause?: number;
  why?: string;
  text?: string;
}

/** Each script line's output, by line number, from `hoplab run --json`. */
function linesOf(cause: string): Map<number, string[]> {
  const dir = tempDir();
  const script = join(dir, `carrier-${cause}.sh`);
  writeFileSync(script, SCRIPTS[cause]!);
  const run = hoplab(['run', script, '-o', join(dir, 'c.db'), '--json']);
  const events = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonEvent);
  const lineOf = new Map<number, number>();
  const out = new Map<number, string[]>();
  for (const e of events) {
    if (e.kind === 'command') {
      const line = Number(/^line (\d+) of /.exec(e.why ?? '')?.[1]);
      lineOf.set(e.seq, line);
      out.set(line, []);
    } else if (e.kind === 'app' && e.cause !== undefined && lineOf.has(e.cause)) out.get(lineOf.get(e.cause)!)!.push(e.text!);
  }
  return out;
}

/** h1's `ip neigh show` and `ip route show` outputs in order, from the script and from the oracle's notes. */
function compare(cause: string, notes: string, mask: (l: string) => string = (l) => l) {
  const lines = SCRIPTS[cause]!.split('\n');
  const printed = linesOf(cause);
  const shows = (c: string) => c === 'ip -n c1h1 neigh show' || c === 'ip -n c1h1 route show';
  const ours = lines.flatMap((c, i) => (shows(c) ? [{ command: c, output: printed.get(i + 1)! }] : []));
  const oracle = oracleNotes(fixtureText(`oracle/C1-carrier/${notes}`)).filter((b) => shows(b.command));
  const norm = (o: string[]) => o.filter((l) => l !== '').map((l) => mask(l.replace(/lladdr \S+/, 'lladdr MAC').trimEnd()));
  return {
    ours: ours.map((b) => ({ command: b.command, output: norm(b.output) })),
    oracle: oracle.map((b) => ({ command: b.command, output: norm(b.output) })),
  };
}

describe("a veth's carrier loss reaches its stack through linkwatch (oracle C1-carrier, Linux 6.18)", () => {
  it('the peer goes down: the entry and the route change at once (no linkwatch run in the last second), a ping re-resolves', () => {
    const { ours, oracle } = compare('down', 'notes-down.txt');
    expect(ours).toEqual(oracle);
    expect(ours[2]).toEqual({ command: 'ip -n c1h1 neigh show', output: [] });
  });

  it('the peer moves to another namespace: the same', () => {
    const { ours, oracle } = compare('move', 'notes-move.txt');
    expect(ours).toEqual(oracle.slice(0, ours.length));
  });

  it('within 1 s of the last linkwatch run: the entry stays and the route is not linkdown yet; 1.5 s later both changed', () => {
    // The oracle's entry was made by `ip neigh replace … nud stale`, hoplab's by a ping: only its state differs.
    const { ours, oracle } = compare('quick', 'notes-quick.txt', (l) => l.replace(/ (STALE|REACHABLE)$/, ' STATE'));
    expect(ours).toEqual(oracle);
    expect(ours.map((b) => b.output.length)).toEqual([1, 1, 0, 1]);
  });

  it("state --at folds the same `linkdown` as the shell's `ip route` prints, at each of its listings", () => {
    for (const cause of ['down', 'quick']) {
      const dir = tempDir();
      const script = join(dir, `carrier-${cause}.sh`);
      const db = join(dir, 'c.db');
      writeFileSync(script, SCRIPTS[cause]!);
      const events = hoplab(['run', script, '-o', db, '--json'])
        .stdout.trim()
        .split('\n')
        .map((l) => JSON.parse(l) as JsonEvent & { node: string });
      const listings = events.filter((e) => e.kind === 'command' && e.node === 'c1h1' && e.text === 'ip route show');
      expect(listings.length).toBeGreaterThanOrEqual(2);
      const printed = (seq: number) => events.filter((e) => e.kind === 'app' && e.cause === seq).map((e) => e.text!.trimEnd());
      const folded = (seq: number) => {
        const lines = hoplab(['state', db, '--at', String(seq), '--node', 'c1h1']).stdout.split('\n');
        return lines.slice(lines.indexOf('  ip route:') + 1, lines.indexOf('  ip neigh:')).map((l) => l.trim());
      };
      const shown = listings.map((e) => ({ printed: printed(e.seq), folded: folded(e.seq) }));
      for (const s of shown) expect(s.folded).toEqual(s.printed);
      expect(shown.some((s) => s.printed[0]?.endsWith(' linkdown'))).toBe(true);
    }
  });
});
