import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fromRow, type EventRow } from '../../src/store/event-row.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();

function query<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare(sql).all() as T[];
  db.close();
  return rows;
}

describe('the recording stores each event as a log row and a description (schema version 2)', () => {
  const storm = join(dir, 'storm.db');
  expect(hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', '30000', '-o', storm]).status).toBe(0);

  it('the events view, as sqlite3 users query it, holds exactly the events hoplab reads', () => {
    const viaView = query<EventRow>(storm, 'SELECT * FROM events ORDER BY seq').map(fromRow);
    const reader = new SqliteRecordingReader(storm);
    expect([...reader.events()]).toEqual(viaView);
    expect([...reader.events({ kinds: ['move'], nodes: ['sw2'], from: 100, to: 20_000 })]).toEqual(
      viaView.filter((e) => e.kind === 'move' && e.node === 'sw2' && e.seq >= 100 && e.seq <= 20_000),
    );
    reader.close();
    expect(viaView).toHaveLength(30_000);
  });

  it('a storm repeats a few descriptions: each is stored once', () => {
    const { n } = query<{ n: number }>(storm, 'SELECT count(*) AS n FROM descriptions')[0]!;
    expect(n).toBeLessThan(200);
    const { d } = query<{ d: number }>(storm, `SELECT count(*) AS d FROM (SELECT DISTINCT kind, node, port, why, out, reason, mac, "from", ip, state, text, senders FROM descriptions)`)[0]!;
    expect(d).toBe(n);
  });
});

describe('schema version 1 recordings (the events table) still read', () => {
  for (const name of ['veth-pair', 'switch-3-hosts']) {
    // A copy: reading may add snapshots to a writable recording, and the fixture stays as committed.
    const v1 = join(dir, `${name}.schema-v1.db`);
    copyFileSync(join(REPO, `test/fixtures/${name}.schema-v1.db`), v1);

    it(`${name}: events, filters, state and verify read it as they read today's recording of the same run`, () => {
      expect(query<{ value: string }>(v1, "SELECT value FROM meta WHERE key = 'schema_version'")[0]!.value).toBe('1');
      const today = join(dir, `${name}.db`);
      const command = query<{ value: string }>(v1, "SELECT value FROM meta WHERE key = 'command_line'")[0]!.value;
      const flags = command.split(' ').slice(3).filter((w) => !w.endsWith('.db') && w !== '-o');
      expect(hoplab(['run', `recordings/${name}.yaml`, ...flags, '--quiet', '-o', today]).status).toBe(0);
      for (const args of [[], ['--kind', 'tx', '--node', name === 'veth-pair' ? 'nsA' : 'h1'], ['--json']]) {
        const old = hoplab(['events', v1, ...args]);
        expect(old.status).toBe(0);
        expect(old.stdout).toBe(hoplab(['events', today, ...args]).stdout);
      }
      expect(hoplab(['state', v1, '--at', '20']).stdout).toBe(hoplab(['state', today, '--at', '20']).stdout);
      expect(hoplab(['verify', v1]).stdout).toMatch(/identical: \d+ events re-simulated/);
    });
  }
});
