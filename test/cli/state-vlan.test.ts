import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { alteredCopy } from '../helpers/altered-recording.js';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const db = join(dir, 'vlan.db');
hoplab(['run', 'recordings/vlan-2-groups.yaml', '-o', db, '--quiet']);

/** The fdb lines of one node's section of `hoplab state --at SEQ --node NODE`. */
function fdb(at: number, node: string): string[] {
  const r = hoplab(['state', db, '--at', String(at), '--node', node]);
  expect(r.status).toBe(0);
  const lines = r.stdout.split('\n');
  const start = lines.indexOf('  bridge fdb:');
  return lines.slice(start + 1).filter((l) => l.startsWith('    ') && !l.startsWith('     '));
}

const MAC = '([0-9a-f]{2}:){5}[0-9a-f]{2}';

describe('hoplab state on a VLAN-aware switch (recordings/vlan-2-groups.yaml)', () => {
  it('stores each learn with its VLAN in the events view, and only there where the switch has VLANs', () => {
    const rec = new Database(db, { readonly: true });
    const rows = rec.prepare("SELECT seq, node, port, vlan FROM events WHERE kind IN ('learn', 'move', 'age') ORDER BY seq").all();
    expect(rows).toEqual([
      { seq: 6, node: 'sw1', port: 'p1', vlan: 10 },
      { seq: 10, node: 'sw2', port: 'p4', vlan: 10 },
      { seq: 18, node: 'sw2', port: 'p1', vlan: 10 },
      { seq: 22, node: 'sw1', port: 'p4', vlan: 10 },
    ]);
    expect(rec.prepare("SELECT count(*) FROM events WHERE vlan IS NOT NULL AND kind NOT IN ('learn', 'move', 'age')").pluck().get()).toBe(
      0,
    );
    rec.close();
  });

  it('prints `MAC dev PORT vlan N master SWITCH` as bridge fdb show does (test/fixtures/oracle/V1-vlan-fdb)', () => {
    expect(fdb(5, 'sw1')).toEqual(['    (empty)']);
    const lines = fdb(40, 'sw1');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^ {4}${MAC} dev p1 vlan 10 master sw1 {2}\\(learned at #6, [\\d.]+ s ago\\)$`));
    expect(lines[1]).toMatch(new RegExp(`^ {4}${MAC} dev p4 vlan 10 master sw1 {2}\\(learned at #22, [\\d.]+ s ago\\)$`));
    expect(fdb(40, 'sw2').map((l) => / dev (p\d) vlan (\d+) /.exec(l)?.slice(1))).toEqual([
      ['p4', '10'],
      ['p1', '10'],
    ]);
  });

  it('--json gives each entry its vlan; events --json states it on the learn', () => {
    const j = JSON.parse(hoplab(['state', db, '--at', '40', '--json']).stdout) as {
      nodes: Record<string, { fdb?: Array<{ port: string; vlan?: number }> }>;
    };
    expect(j.nodes.sw1!.fdb!.map((e) => [e.port, e.vlan])).toEqual([
      ['p1', 10],
      ['p4', 10],
    ]);
    const learn = hoplab(['events', db, '--json', '--kind', 'learn'])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(learn.map((e) => e.vlan)).toEqual([10, 10, 10, 10]);
  });

  it('the stepper marks the row the learn changed', () => {
    const r = hoplab(['step', db], { input: 'tables\ngoto 22\nq\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^> {5}${MAC} dev p4 vlan 10 master sw1 {2}\\(learned at #22, `, 'm'));
  });

  it('a stored vlan that is no VLAN id is a located error (exit 2), for state and events alike', () => {
    const bad = alteredCopy(
      db,
      join(dir, 'bad-vlan.db'),
      "UPDATE descriptions SET vlan = 'ten' WHERE kind = 'learn' AND node = 'sw1' AND port = 'p1'",
    );
    for (const args of [
      ['state', bad, '--at', '40'],
      ['events', bad],
    ]) {
      const r = hoplab(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`damaged recording: event 6's vlan is "ten", not a VLAN id (1-4094)`);
    }
  });

  it('verifies: a re-simulation records the same events, VLANs included', () => {
    const r = hoplab(['verify', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/identical: \d+ events re-simulated, fingerprint [0-9a-f]{16}/);
  });
});
