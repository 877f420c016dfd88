import { copyFileSync, mkdirSync, openSync, closeSync, ftruncateSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/recording.js';
import { alteredCopy } from '../helpers/altered-recording.js';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const good = join(dir, 'storm.db');
hoplab(['run', 'recordings/triangle-storm.yaml', '-o', good, '--quiet']);

function file(name: string, make: (path: string) => void): string {
  const path = join(dir, name);
  make(path);
  return path;
}

/** Every command that reads a recording, with what it needs after the path. */
const READERS: string[][] = [['events'], ['replay', '--speed', '1000'], ['state', '--at', '2000'], ['step'], ['trace', '2000'], ['verify']];

/** Every command refuses the file; `some` tries two of them where they all share the check that refuses it. */
function expectRefused(path: string, message: RegExp, some = false): void {
  for (const [command, ...rest] of some ? [READERS[2]!, READERS[5]!] : READERS) {
    const r = hoplab([command!, path, ...rest], { input: 'next\nlast\n' });
    expect({ command, status: r.status, stderr: r.stderr.slice(0, 300) }).toMatchObject({ command, status: 2 });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }
}

describe('recordings that cannot be read: a clear message, exit 2, never a stack trace', () => {
  it('a missing file', () => {
    expectRefused(join(dir, 'nope.db'), /^hoplab: .*nope\.db: no such recording\n$/);
  });

  it('a text file, an empty file, a directory', () => {
    expectRefused(
      file('notes.db', (p) => writeFileSync(p, 'these are my notes\n')),
      /^hoplab: .*notes\.db: not a hoplab recording \(not an SQLite database\)\n$/,
      true,
    );
    expectRefused(
      file('empty.db', (p) => writeFileSync(p, '')),
      /^hoplab: .*empty\.db: not a hoplab recording \(empty file\)\n$/,
      true,
    );
    expectRefused(
      file('dir.db', (p) => mkdirSync(p)),
      /^hoplab: .*dir\.db: is a directory, not a recording\n$/,
      true,
    );
  });

  it('an SQLite database that is not a recording', () => {
    const other = file('other.db', (p) => {
      const db = new Database(p);
      db.exec('CREATE TABLE songs (title TEXT)');
      db.close();
    });
    expectRefused(other, /^hoplab: .*other\.db: not a hoplab recording \(no such table: meta\)\n$/, true);
    const noVersion = file('noversion.db', (p) => {
      const db = new Database(p);
      db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
      db.close();
    });
    expectRefused(noVersion, /^hoplab: .*noversion\.db: not a hoplab recording \(no schema_version\)\n$/, true);
  });

  it('a recording of a newer schema version', () => {
    const newer = alteredCopy(good, join(dir, 'newer.db'), `UPDATE meta SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`);
    expectRefused(
      newer,
      new RegExp(
        `^hoplab: .*newer\\.db: recording schema version ${SCHEMA_VERSION + 1} is newer than this hoplab reads \\(${SCHEMA_VERSION}\\); upgrade hoplab\n$`,
      ),
      true,
    );
  });

  it('an event whose description is not stored', () => {
    const orphan = alteredCopy(good, join(dir, 'orphan.db'), 'UPDATE event_log SET description = 99999 WHERE seq = 40');
    for (const command of ['events', 'replay', 'verify']) {
      const r = hoplab([command, orphan, '--speed', '1000'].slice(0, command === 'replay' ? 4 : 2));
      expect({ command, status: r.status }).toEqual({ command, status: 2 });
      expect(r.stderr).toMatch(/^hoplab: .*orphan\.db: damaged recording: event 40 names description 99999, which is not stored\n$/);
    }
  });

  it('a truncated copy and a corrupted one', () => {
    const truncated = file('truncated.db', (p) => {
      copyFileSync(good, p);
      const fd = openSync(p, 'r+');
      ftruncateSync(fd, Math.floor(statSync(p).size / 3));
      closeSync(fd);
    });
    expectRefused(truncated, /^hoplab: .*truncated\.db: damaged recording: the database is malformed \(truncated or corrupted\)\n$/, true);
    const corrupted = file('corrupted.db', (p) => {
      const bytes = readFileSync(good);
      // Overwrite pages in the middle (the events' b-tree), past the schema on page 1.
      bytes.fill(0xa5, 8192, bytes.length - 8192);
      writeFileSync(p, bytes);
    });
    expectRefused(corrupted, /^hoplab: .*corrupted\.db: damaged recording: the database is malformed \(truncated or corrupted\)\n$/);
  });
});
