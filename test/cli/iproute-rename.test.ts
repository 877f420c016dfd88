import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { oracleLines, runScriptLines, type ScriptRun } from '../helpers/oracle-script.js';
import { normalise } from '../shell/harness.js';

// Issue 18 item 6, `ip link set X name N`, through the real CLI: `hoplab
// run` on test/fixtures/iproute-rename.sh, whose every line kernel 6.18 with
// iproute2 6.1 ran (oracle I18C-rename). The renamed device keeps its
// address, routes and neighbours, its peer lists it by the new name, and
// `hoplab state` folds the rename as the live stack made it.

const { lines: LINES, notes: NOTES } = oracleLines('iproute-rename.sh', 'oracle/I18C-rename/notes.txt');

const db = join(tempDir(), 'rename.db');
let printed: ScriptRun['printed'];
let commandSeq: ScriptRun['commandSeq'];
let failed: ScriptRun['failed'];

beforeAll(() => {
  ({ printed, commandSeq, failed } = runScriptLines('iproute-rename.sh', db));
});

describe('ip link set X name N as kernel 6.18 does it (oracle I18C-rename)', () => {
  it('runs the very commands the oracle ran', () => {
    expect(LINES.map((l) => l.text)).toEqual(NOTES.map((b) => b.command));
  });

  it.each(LINES.map((l) => [l.line, l.text, l] as const))('line %i: %s', (line, _text, l) => {
    expect((printed.get(line) ?? []).map(normalise)).toEqual(l.oracle.output.map(normalise));
    expect(failed.get(line) ?? 0).toBe(l.oracle.status);
  });

  it("hoplab state folds the rename: the port, its routes and neighbour under the new name, the peer's view of it", () => {
    const at = (line: number): string => {
      const state = hoplab(['state', db, '--at', String(commandSeq.get(line)), '--json']);
      expect(state.status).toBe(0);
      return state.stdout;
    };
    type Node = { ports: Record<string, { peer?: string; addresses: string[] }>; routes: string[]; neigh: Array<{ dev: string }> };
    const { nodes } = JSON.parse(at(23)) as { nodes: Record<string, Node> };
    expect(Object.keys(nodes.rna!.ports)).toEqual(['v2', 'v1', 'uplink']);
    expect(nodes.rna!.ports.uplink!.addresses).toEqual(['10.0.7.1/24']);
    expect(nodes.rna!.routes).toEqual([
      '10.0.7.0/24 dev uplink proto kernel scope link src 10.0.7.1',
      '10.0.8.0/24 via 10.0.7.2 dev uplink',
    ]);
    expect(nodes.rna!.neigh.map((e) => e.dev)).toEqual(['uplink']);
    expect(nodes.rnb!.ports.eth0!.peer).toBe('rna:uplink');
  });
});
