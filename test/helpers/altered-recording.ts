import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A copy of the recording `from` at `to`, with `sql` run on it (tampering, damage, an older schema). Returns `to`. */
export function alteredCopy(from: string, to: string, sql: string): string {
  copyFileSync(from, to);
  const db = new Database(to);
  db.exec(sql);
  db.close();
  return to;
}
