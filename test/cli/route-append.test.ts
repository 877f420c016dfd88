import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { oracleLines, runScriptLines, type ScriptRun } from '../helpers/oracle-script.js';
import { normalise } from '../shell/harness.js';

// Issue 18 item 6, `ip route append`, through the real CLI: `hoplab run` on
// test/fixtures/route-append.sh, whose every line run-oracle-i6.sh ran on
// kernel 6.18 with iproute2 6.1 (oracle I6-append). Beside a route of the same
// prefix and metric the kernel keeps a second one after it; a lookup and
// `ip route del` take the first; the same nexthop twice is refused.

const { lines: LINES, notes: NOTES } = oracleLines('route-append.sh', 'oracle/I6-append/notes.txt');

const db = join(tempDir(), 'append.db');
let printed: ScriptRun['printed'];
let seqOf: ScriptRun['commandSeq'];
let failed: ScriptRun['failed'];

beforeAll(() => {
  ({ printed, commandSeq: seqOf, failed } = runScriptLines('route-append.sh', db));
});

describe('ip route append on kernel 6.18, line by line (oracle I6-append)', () => {
  it('runs the very commands the oracle ran', () => {
    expect(LINES.map((l) => l.text)).toEqual(NOTES.map((b) => b.command));
  });

  it.each(LINES.map((l) => [l.line, l.text, l] as const))('line %i: %s', (line, _text, l) => {
    expect((printed.get(line) ?? []).map(normalise)).toEqual(l.oracle.output.map(normalise));
    expect(failed.get(line) ?? 0).toBe(l.oracle.status);
  });

  it('state --at folds the routes each `ip route show` printed, in its order', () => {
    const shows = LINES.filter((l) => l.text === 'ip -n ra1 route show');
    expect(shows.length).toBeGreaterThanOrEqual(4);
    for (const show of shows) {
      const lines = hoplab(['state', db, '--at', String(seqOf.get(show.line)), '--node', 'ra1']).stdout.split('\n');
      const folded = lines.slice(lines.indexOf('  ip route:') + 1, lines.indexOf('  ip neigh:')).map((s) => s.trim());
      expect(folded).toEqual(show.oracle.output.map((s) => s.trimEnd()));
    }
  });
});
