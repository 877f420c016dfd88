import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { RecordingError } from './recording.js';

/**
 * The tables hoplab reads, by name: a view or anything else under one of these names is not hoplab's.
 * event_log is a table in schema versions 2 to 5 and hoplab's view in 6: the reader checks it by version.
 */
const HOPLAB_TABLES = [
  'meta',
  'nodes',
  'ports',
  'scenario',
  'frames',
  'descriptions',
  'event_blocks',
  'snapshots',
  'start_nodes',
  'start_ports',
  'start_addresses',
  'start_routes',
];

/**
 * Opens a recording for reading, as SQLite advises for a database file that
 * may come from anyone (https://sqlite.org/security.html, "Untrusted SQLite
 * Database Files"):
 *
 * - read-only (`SQLITE_OPEN_READONLY`), the file required to exist: a reader
 *   never writes a recording nor creates one; better-sqlite3 also turns on
 *   SQLITE_DBCONFIG_DEFENSIVE;
 * - `trusted_schema = OFF`: functions with side effects never run from the
 *   file's schema (https://sqlite.org/pragma.html#pragma_trusted_schema);
 * - `cell_size_check = ON`: a damaged page is reported as corrupt before its
 *   cells are read (https://sqlite.org/pragma.html#pragma_cell_size_check);
 * - a recording with triggers is refused: hoplab writes none, so one is
 *   someone's code; and each table hoplab reads must be a table, not a view
 *   under its name. Views and indexes a user added are allowed: hoplab reads
 *   its tables by name and never uses them. Every query on them says `NOT
 *   INDEXED` (https://sqlite.org/lang_indexedby.html): an index is the file's
 *   own data, and a damaged or crafted one could hand the planner rows its
 *   table does not hold; rowid lookups, which hoplab's reads are, stay.
 *
 * A recording in WAL mode (a run still going, or one that was killed) is read
 * with its `-wal` file: every committed event is seen.
 */
export function openReadOnly(path: string): Database.Database {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new RecordingError(`${path}: is a directory, not a recording`);
    size = stats.size;
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    throw new RecordingError(`${path}: no such recording`);
  }
  if (size === 0) throw new RecordingError(`${path}: not a hoplab recording (empty file)`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('cell_size_check = ON');
    const objects = db.prepare('SELECT type, name FROM sqlite_master').all() as Array<{ type: string; name: string }>;
    const triggers = objects.filter((o) => o.type === 'trigger').map((o) => o.name);
    if (triggers.length > 0)
      throw new RecordingError(
        `${path}: not a hoplab recording: it carries triggers (${triggers.slice(0, 3).join(', ')}${triggers.length > 3 ? ', ...' : ''}), which hoplab never writes and does not run`,
      );
    for (const o of objects)
      if (HOPLAB_TABLES.includes(o.name.toLowerCase()) && o.type !== 'table')
        throw new RecordingError(`${path}: not a hoplab recording: its ${o.name} is a ${o.type}, not hoplab's table`);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Whether `name` is a table of the recording (schema version 1 kept its events in a table named `events`, later ones in a view). */
export function isTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
