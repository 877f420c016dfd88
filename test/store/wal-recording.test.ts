import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openWal } from '../../src/store/wal-recording.js';

describe('openWal', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("keeps a writer's page cache at SQLite's 2 MB, not better-sqlite3's 16 MB default", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoplab-wal-'));
    dirs.push(dir);
    const db = openWal(join(dir, 'r.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // Negative: KiB, not pages (https://sqlite.org/pragma.html#pragma_cache_size).
      expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    } finally {
      db.close();
    }
  });

  it('writes a new recording in 16 KiB pages and leaves an existing file in its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoplab-wal-'));
    dirs.push(dir);
    const fresh = openWal(join(dir, 'new.db'));
    fresh.exec('CREATE TABLE t (x)');
    expect(fresh.pragma('page_size', { simple: true })).toBe(16384);
    fresh.close();
    // A recording written before (SQLite's 4,096-byte pages), reopened to be written on: the page size is the file's.
    const older = new Database(join(dir, 'old.db'));
    older.exec('CREATE TABLE t (x)');
    older.close();
    const reopened = openWal(join(dir, 'old.db'));
    try {
      expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
      reopened.prepare('INSERT INTO t VALUES (1)').run();
      expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    } finally {
      reopened.close();
    }
  });
});
