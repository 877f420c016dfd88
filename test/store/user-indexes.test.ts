import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { exportCapture } from '../../src/api/export.js';
import { openRecording } from '../../src/api/recording.js';
import { verify } from '../../src/api/verify.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// Issue 20: indexes a user added with `sqlite3` are allowed in a recording but
// never used by hoplab, which reads its own tables by name. An index is the
// file's own data: a damaged or crafted one could hand a reader rows the table
// does not hold, and SQLite's planner would pick it whenever it looks cheaper
// (a covering index over a whole table often does). So every query a reader
// prepares must plan without them.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A storm with snapshots (every 20,000 events), so that seeks read them. */
function record(): string {
  const path = join(dir, 'storm.db');
  const r = hoplab(['run', 'recordings/triangle-storm.yaml', '-o', path, '--max-events', '45000', '--quiet']);
  expect(r.status, r.stderr).toBe(0);
  return path;
}

/** An index on every column of every table, and one covering each table whole: every index a planner could want. */
function withUserIndexes(path: string): string {
  const copy = join(dir, 'indexed.db');
  copyFileSync(path, copy);
  const db = new Database(copy);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`);
    for (const [i, c] of columns.entries()) db.exec(`CREATE INDEX user_${table}_${i} ON ${table} (${c})`);
    db.exec(`CREATE INDEX user_${table}_all ON ${table} (${columns.join(', ')})`);
    db.exec(`CREATE INDEX user_${table}_desc ON ${table} (${columns.map((c) => `${c} DESC`).join(', ')})`);
  }
  db.close();
  return copy;
}

describe('indexes a user added to a recording', () => {
  const path = withUserIndexes(record());

  it('no query a reader prepares plans through them', async () => {
    const prepared = new Set<string>();
    const prepare = Database.prototype.prepare;
    const spy = vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
      prepared.add(sql);
      return prepare.call(this, sql);
    });
    try {
      const r = openRecording(path);
      const last = r.status().events;
      expect([...r.events()].length).toBe(last);
      expect([...r.events({ kinds: ['flood'], nodes: ['sw1'] })].length).toBeGreaterThan(0);
      r.stateText(30_123);
      r.stateText(last);
      r.trace(30_000);
      r.stats();
      r.close();
      const verified = verify(path);
      expect(verified.divergence).toBeUndefined();
      expect(verified.differences).toEqual([]);
      await exportCapture(path, join(dir, 'out.pcapng'));
    } finally {
      spy.mockRestore();
    }
    const db = new Database(path, { readonly: true });
    const used: string[] = [];
    for (const sql of prepared) {
      if (/sqlite_master|^\s*PRAGMA/i.test(sql)) continue;
      const params = (sql.match(/\?/g) ?? []).map(() => 1);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      for (const step of plan) if (/INDEX user_/.test(step.detail)) used.push(`${step.detail}  <=  ${sql}`);
    }
    db.close();
    expect(prepared.size).toBeGreaterThan(10);
    expect(used).toEqual([]);
  }, 120_000);
});
