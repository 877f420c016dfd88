import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * How long a writer waits for a lock another connection holds (a reader's
 * `sqlite3` shell, another hoplab) before SQLite gives up with SQLITE_BUSY.
 * In WAL mode readers never block the writer's appends
 * (https://sqlite.org/wal.html, "Concurrency"); this covers what else takes a lock.
 */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The page cache of a connection that writes, in KiB. better-sqlite3 builds
 * SQLite with a 16 MB default (SQLITE_DEFAULT_CACHE_SIZE=-16000 in its
 * deps/defines.gypi), which a writer fills with pages it will never read
 * again: every table it writes is appended at its right edge and no index is
 * kept while it writes. 2 MB (SQLite's own default) cut the 5,000-host tree's
 * peak RSS by 13-16 MB at the same speed (BENCHMARKS.md, issue 21).
 */
const WRITER_CACHE_KIB = 2000;

/**
 * The page size of a recording written from now on, in bytes (SQLite's
 * default is 4,096). A recording is appended and read in long runs of
 * pages, so bigger pages mean fewer WAL frames and write calls for the
 * same rows, and less of each page left empty: on 2.24M events of the
 * four-switch storm `hoplab run` took 1.35-1.38 s against 1.39-1.50 s (four
 * runs each, alternating) and wrote 31.4 MB against 35.7; seeks, export and
 * replay ran as fast (BENCHMARKS.md, issue 21). 65,536 ran about as fast
 * and wrote slightly larger files. Every table takes at least a page, so a
 * small recording grows (the veth pair's: 320 kB instead of 96 kB). A
 * reader takes any page size, so older recordings read as they did; it
 * applies only to a file that is still empty.
 */
const PAGE_BYTES = 16384;

/**
 * A connection that writes a recording, in WAL mode. WAL is what makes a
 * killed run readable: a reader, even a read-only one, sees every committed
 * transaction by reading the `-wal` file beside the database, where a hot
 * rollback journal would need a writable connection to roll back first
 * (https://sqlite.org/wal.html, "Read-Only Databases"; https://sqlite.org/lockingv3.html,
 * "Hot Journals"). synchronous=OFF: a killed process loses nothing it
 * committed, since the operating system holds the writes; only power loss or
 * an OS crash could, which a simulation's recording need not survive
 * (https://sqlite.org/pragma.html#pragma_synchronous).
 */
export function openWal(path: string): Database.Database {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Before the journal mode and the first table: it cannot change once either is set (https://sqlite.org/pragma.html#pragma_page_size).
    db.pragma(`page_size = ${PAGE_BYTES}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * Renames the recording written at `temp` (schema and header, committed and
 * closed) onto `path`. An old recording's `-wal` and `-shm` go first: SQLite
 * would otherwise replay the old run's WAL frames into the new file. rename(2)
 * is atomic, so `path` holds the old recording or the new one, never half of either.
 */
export function placeRecording(temp: string, path: string): void {
  removeSidecars(path);
  renameSync(temp, path);
}

/** Removes a database's `-wal`, `-shm` and `-journal` files (and, with `main`, the database). */
export function removeSidecars(path: string, main = false): void {
  for (const suffix of [...(main ? [''] : []), '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Turns a finished recording back into one self-contained file: switching
 * out of WAL checkpoints every frame into the database and removes `-wal`
 * and `-shm` (https://sqlite.org/pragma.html#pragma_journal_mode), so that it
 * can be copied alone and read where nothing can be created beside it. The
 * switch needs the file to itself; while a reader has it open it fails at
 * once (no waiting), and the recording stays in WAL mode, which every reader
 * opens just the same.
 */
export function toRollbackJournal(db: Database.Database): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  }
}
