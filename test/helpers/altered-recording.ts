import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** SQL that changes event_log's rows, as tests wrote it when event_log was a table (schema versions 2 to 5). */
const EDITS_EVENT_LOG = /\b(UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+event_log\b/i;

/**
 * A copy of the recording `from` at `to`, with `sql` run on it (tampering, damage, an older schema). Returns `to`.
 *
 * SQL that updates, deletes or inserts event_log rows runs on a schema 6
 * recording too, where event_log is a view over event_blocks: the blocks are
 * made a table for the edit, and stored back in blocks afterwards, keeping
 * what the edit did. A value of the wrong type or sign stays in the block's
 * JSON as it was set (a text time stays text, a cause after its event becomes
 * a negative distance), and a deleted event leaves a gap: each run of
 * consecutive seqs within a block becomes a block of its own.
 */
export function alteredCopy(from: string, to: string, sql: string): string {
  copyFileSync(from, to);
  const db = new Database(to);
  const view = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'event_log'").pluck().get() as string | undefined;
  if (view !== undefined && EDITS_EVENT_LOG.test(sql)) editBlocksAsRows(db, view, sql);
  else db.exec(sql);
  db.close();
  return to;
}

function editBlocksAsRows(db: Database.Database, view: string, sql: string): void {
  // The view's rows, each with its block, made a table under the view's name.
  db.exec(`
    CREATE TABLE hoplab_edit AS
      SELECT (SELECT b.first FROM event_blocks AS b WHERE b.first <= l.seq ORDER BY b.first DESC LIMIT 1) AS block, l.* FROM event_log AS l;
    DROP VIEW event_log;
    CREATE TABLE event_log AS SELECT * FROM hoplab_edit;
    DROP TABLE hoplab_edit;
  `);
  db.exec(sql);
  db.exec(`
    DELETE FROM event_blocks;
    INSERT INTO event_blocks (first, t, events)
      SELECT min(seq), bt,
             json_group_array(json_array(
               CASE WHEN typeof(t) = 'integer' AND typeof(bt) = 'integer' THEN t - bt ELSE t END,
               ifnull(frame, 0),
               CASE WHEN cause IS NULL THEN 0 WHEN typeof(cause) = 'integer' THEN seq - cause ELSE cause END,
               description) ORDER BY seq)
      FROM (SELECT *, first_value(t) OVER (PARTITION BY run ORDER BY seq) AS bt
            FROM (SELECT *, coalesce(block, seq) || ':' || (seq - row_number() OVER (PARTITION BY coalesce(block, seq) ORDER BY seq)) AS run
                  FROM event_log) ORDER BY seq)
      GROUP BY run ORDER BY min(seq);
    DROP TABLE event_log;
  `);
  db.exec(view);
}

/**
 * A copy of the schema 6 recording `from` at `to` with its events as schema
 * versions 2 to 5 kept them: event_log a table of one row per event, no
 * event_blocks, and schema_version 5. Returns `to`. For scans too long for a
 * committed fixture (the schema-v5 fixtures were recorded by hoplab itself).
 */
export function asSchemaV5(from: string, to: string): string {
  copyFileSync(from, to);
  const db = new Database(to);
  db.exec(`
    CREATE TABLE hoplab_rows AS SELECT * FROM event_log;
    DROP VIEW events;
    DROP VIEW event_log;
    DROP TABLE event_blocks;
    CREATE TABLE event_log (seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, frame INTEGER, cause INTEGER, description INTEGER NOT NULL);
    INSERT INTO event_log SELECT seq, t, frame, cause, description FROM hoplab_rows ORDER BY seq;
    DROP TABLE hoplab_rows;
    UPDATE meta SET value = '5' WHERE key = 'schema_version';
  `);
  db.close();
  return to;
}
