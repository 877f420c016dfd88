import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
