import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { alteredCopy } from '../helpers/altered-recording.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// Issue 20's defects, each as it was found: what a failed or killed run leaves,
// which -o paths are refused, what readers never do, and how a damaged
// recording is reported.

const dir = tempDir();
const storm = join(dir, 'storm.db');
hoplab(['run', 'recordings/triangle-storm.yaml', '-o', storm, '--quiet']);

/** One line on stderr, starting `hoplab: `, no stack trace. */
function expectOneLine(stderr: string, message: RegExp): void {
  expect(stderr).toMatch(message);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('-o: what a run writes, and where', () => {
  it('refuses a directory before simulating, and leaves it as it was', () => {
    const target = join(dir, 'a-folder');
    mkdirSync(target);
    const r = hoplab(['run', 'recordings/mesh-storm.yaml', '-o', target, '--quiet', '--max-events', '5000000']);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, new RegExp(`^hoplab: cannot write ${target}: is a directory\n$`));
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses to record over the topology file itself', () => {
    const yaml = join(dir, 'self.yaml');
    writeFileSync(yaml, readFileSync(join(REPO, 'recordings/veth-pair.yaml')));
    const r = hoplab(['run', yaml, '-o', yaml, '--quiet']);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /-o: .*self\.yaml is the topology file itself\n$/);
    expect(readFileSync(yaml, 'utf8')).toBe(readFileSync(join(REPO, 'recordings/veth-pair.yaml'), 'utf8'));
  });

  it('never replaces /dev/null or another device: a recording is refused, a capture written through', () => {
    const r = hoplab(['run', 'recordings/veth-pair.yaml', '-o', '/dev/null', '--quiet']);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /^hoplab: cannot write \/dev\/null: not a regular file/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const x = hoplab(['export', storm, '-o', '/dev/null']);
    expect(x.status, x.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('follows a symbolic link (the link stays) and refuses one to nothing', () => {
    const target = join(dir, 'target.db');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.db');
    symlinkSync(target, link);
    expect(hoplab(['run', 'recordings/veth-pair.yaml', '-o', link, '--quiet']).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(new SqliteRecordingReader(target).status().events).toBe(38);
    const dangling = join(dir, 'dangling.db');
    symlinkSync(join(dir, 'nowhere.db'), dangling);
    const r = hoplab(['run', 'recordings/veth-pair.yaml', '-o', dangling, '--quiet']);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /symbolic link to .*nowhere\.db, which does not exist\n$/);
    expect(existsSync(join(dir, 'nowhere.db'))).toBe(false);
  });

  it('bad input never costs the old recording: a capture path that cannot be written is refused first', () => {
    const out = join(dir, 'kept.db');
    expect(hoplab(['run', 'recordings/veth-pair.yaml', '-o', out, '--quiet']).status).toBe(0);
    const before = readFileSync(out);
    const r = hoplab(['run', 'recordings/triangle-storm.yaml', '-o', out, '--quiet', '--pcap', join(dir, 'no', 'x.pcapng')]);
    expect(r.status).toBe(2);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('runtime errors: one line naming the file and the cause, exit 1, the recording left incomplete', () => {
  it('stdout on /dev/full', () => {
    const out = join(dir, 'full-stdout.db');
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" bin/hoplab run recordings/triangle-storm.yaml -o "${out}" > /dev/full`], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /^hoplab: cannot write standard output: ENOSPC: no space left on device\n$/);
    const status = new SqliteRecordingReader(out).status();
    expect(status).toMatchObject({ complete: false, stopReason: 'failed' });
    for (const command of ['events', 'stats']) {
      const e = spawnSync('sh', ['-c', `exec "${process.execPath}" bin/hoplab ${command} "${storm}" > /dev/full`], {
        cwd: REPO,
        encoding: 'utf8',
      });
      expect(e.status).toBe(1);
      expectOneLine(e.stderr, /^hoplab: cannot write standard output: ENOSPC/);
    }
  });

  it('a full disk (a file size limit, EFBIG) during the run', () => {
    const out = join(dir, 'full-disk.db');
    // SIGXFSZ ignored (inherited through exec), so writing past the limit fails with EFBIG as a full disk fails with ENOSPC.
    // 2 MB: room for the schema and header in 16 KiB pages (about 330 kB, through the WAL) and a few commits of events.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `trap '' XFSZ; ulimit -f 4096; exec "${process.execPath}" bin/hoplab run recordings/mesh-storm.yaml -o "${out}" --quiet --max-events 1000000`,
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    // SQLite says SQLITE_FULL for a short write and SQLITE_IOERR_WRITE for one refused whole (os_unix.c, unixWrite);
    // which one depends on where the limit falls in a page. The code follows when the error is the simulating thread's.
    expectOneLine(
      r.stderr,
      new RegExp(`^hoplab: cannot write ${out}: (database or disk is full|disk I/O error)( \\(SQLITE_[A-Z_]+\\))?\n$`),
    );
    const reader = new SqliteRecordingReader(out);
    const status = reader.status();
    expect(status.complete).toBe(false);
    expect(status.events).toBeGreaterThan(1000);
    expect([...reader.events({ from: status.events })].map((e) => e.seq)).toEqual([status.events]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a full disk before the first event: the old recording stays, nothing is left beside it', () => {
    const folder = join(dir, 'full-at-start');
    mkdirSync(folder);
    const out = join(folder, 'x.db');
    writeFileSync(out, 'old');
    const r = spawnSync(
      'sh',
      ['-c', `trap '' XFSZ; ulimit -f 16; exec "${process.execPath}" bin/hoplab run recordings/triangle-storm.yaml -o "${out}" --quiet`],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, new RegExp(`^hoplab: cannot write ${out}: `));
    expect(readdirSync(folder)).toEqual(['x.db']);
    expect(readFileSync(out, 'utf8')).toBe('old');
  });

  it('a reader holding the recording open never stops the run', async () => {
    const out = join(dir, 'watched.db');
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin/hoplab'), 'run', 'recordings/mesh-storm.yaml', '-o', out, '--quiet', '--max-events', '200000'],
      { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    while (!existsSync(out)) await new Promise((r) => setTimeout(r, 20));
    // A reader in a read transaction for the rest of the run, as a `sqlite3` shell would hold one.
    const reader = new Database(out, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM event_log').get();
    const code = await exited;
    reader.exec('COMMIT');
    reader.close();
    expect(code, stderr).toBe(0);
    expect(new SqliteRecordingReader(out).status()).toMatchObject({ events: 200000, stopReason: 'max-events' });
  });
});

describe('readers never write, and refuse what is not a recording', () => {
  it('state and step leave the file as it was, and create nothing beside it', () => {
    const before = readFileSync(storm);
    const names = readdirSync(dir).sort();
    expect(hoplab(['state', storm, '--at', '2900']).status).toBe(0);
    expect(hoplab(['step', storm], { input: 'last\n' }).status).toBe(0);
    expect(readFileSync(storm).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(names);
  });

  it('a recording that carries a trigger is refused by every reader, and the trigger never runs', () => {
    const trap = alteredCopy(
      storm,
      join(dir, 'trigger.db'),
      'CREATE TRIGGER wipe AFTER INSERT ON snapshots BEGIN DELETE FROM event_log; END',
    );
    for (const args of [
      ['state', trap, '--at', '2900'],
      ['step', trap],
      ['events', trap],
      ['stats', trap],
    ]) {
      const r = hoplab(args, { input: 'last\n' });
      expect(r.status).toBe(2);
      expectOneLine(r.stderr, /trigger\.db: not a hoplab recording: it carries triggers \(wipe\)/);
    }
    const db = new Database(trap, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM event_log').pluck().get()).toBe(3000);
    db.close();
  });

  it('views a user added, recursive ones included, are never used; a view in place of a table is refused', () => {
    const views = alteredCopy(
      storm,
      join(dir, 'views.db'),
      `DROP VIEW events; CREATE VIEW events AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS seq FROM n;
       CREATE INDEX by_time ON event_blocks (t)`,
    );
    for (const args of [
      ['state', views, '--at', '2900'],
      ['events', views, '--kind', 'learn'],
      ['trace', views, '2000'],
      ['stats', views],
    ])
      expect(hoplab(args).status, args[0]).toBe(0);
    const fake = alteredCopy(
      storm,
      join(dir, 'fake.db'),
      'ALTER TABLE ports RENAME TO old_ports; CREATE VIEW ports AS SELECT * FROM old_ports',
    );
    const r = hoplab(['events', fake]);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /fake\.db: not a hoplab recording: its ports is a view, not hoplab's table\n$/);
  });
});

describe('damaged recordings: a located message, exit 2', () => {
  const cases: Array<[string, string, string[], RegExp]> = [
    [
      'text in t',
      "UPDATE event_log SET t = 'soon' WHERE seq = 1500",
      ['stats'],
      /event 1500's time t is "soon", not a whole number of nanoseconds/,
    ],
    [
      'a gap in seq',
      'DELETE FROM event_log WHERE seq BETWEEN 1000 AND 1010',
      ['events'],
      /event_log has no events 1000-1010 \(the next one stored is 1011\)/,
    ],
    ['a bad MAC in ports', "UPDATE ports SET mac = 'zz:zz' WHERE rowid = 1", ['events'], /port .* has MAC "zz:zz", not a MAC address/],
    [
      'a 10 MB frame',
      'UPDATE frames SET bytes = zeroblob(10000000) WHERE id = 1',
      ['export', '-o', join(dir, 'big.pcapng')],
      /frame 1 is 10000000 bytes, more than any link carries/,
    ],
  ];
  for (const [what, sql, args, message] of cases)
    it(what, () => {
      const path = alteredCopy(storm, join(dir, `${what.replaceAll(' ', '-')}.db`), sql);
      const r = hoplab([args[0]!, path, ...args.slice(1)]);
      expect(r.status).toBe(2);
      expectOneLine(r.stderr, message);
      expect(r.stdout.length).toBeLessThan(1 << 20);
    });

  it('diff names a gap', () => {
    const gap = join(dir, 'a-gap-in-seq.db');
    const r = hoplab(['diff', storm, gap]);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /event_log has no events 1000-1010/);
  });
});
