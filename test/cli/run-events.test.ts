import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

describe('hoplab run and hoplab events, end to end', () => {
  const dir = tempDir();
  const rec = join(dir, 'veth.db');
  const run = hoplab(['run', 'recordings/veth-pair.yaml', '-o', rec]);

  it('prints one line per event on stdout and a summary on stderr, exit 0', () => {
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#1\s+0\.000000000\s+nsA\s+command\s+ping -c 2 10\.1\.1\.2$/);
    expect(lines.some((l) => /nsA:veth0\s+tx\s+ARP, Request who-has 10\.1\.1\.2 tell 10\.1\.1\.1, length 28/.test(l))).toBe(true);
    expect(run.stderr).toMatch(
      /^hoplab: veth-pair: \d+ events in 10\.000000000 s of virtual time; stopped: reached until=10\.000000000 s; recorded to /,
    );
  });

  it('records the topology source, seed, version, command line and every event', () => {
    const r = new SqliteRecordingReader(rec);
    const h = r.header();
    expect(h.topologySource).toBe(readFileSync(join(REPO, 'recordings/veth-pair.yaml'), 'utf8'));
    expect(h.seed).toBe(1);
    expect(h.commandLine).toContain('hoplab run recordings/veth-pair.yaml');
    expect(h.hoplabVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.status()).toMatchObject({ complete: true, stopReason: 'until' });
    expect([...r.events()].length).toBe(run.stdout.trim().split('\n').length);
    r.close();
    const db = new Database(rec, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key='schema_version'").pluck().get()).toBe('6');
    expect(db.prepare('SELECT count(*) FROM frames').pluck().get()).toBe(8);
    db.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('events filters by kind and node, and --json --bytes gives NDJSON with the frame hex', () => {
    const tx = hoplab(['events', rec, '--kind', 'tx', '--node', 'nsA', '--json', '--bytes']);
    expect(tx.status).toBe(0);
    const objs = tx.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objs).toHaveLength(4);
    expect(objs.every((o) => o.kind === 'tx' && o.node === 'nsA')).toBe(true);
    expect(objs[0].bytes).toMatch(/^ffffffffffff[0-9a-f]{12}08060001080006040001/);
    expect(objs[0].bytes).toHaveLength(84);
    const range = hoplab(['events', rec, '--from', '3', '--to', '5']);
    expect(
      range.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['#3', '#4', '#5']);
  });

  it('the same file recorded twice gives identical event rows', () => {
    const again = join(dir, 'again.db');
    expect(hoplab(['run', 'recordings/veth-pair.yaml', '-o', again, '--quiet']).status).toBe(0);
    const rows = (p: string) =>
      new Database(p, { readonly: true })
        .prepare('SELECT e.*, hex(f.bytes) AS b FROM events e LEFT JOIN frames f ON f.id = e.frame ORDER BY seq')
        .all();
    expect(rows(again)).toEqual(rows(rec));
  });

  it('a fresh recording is already indexed: step and state read it without writing to it', () => {
    const before = readFileSync(rec);
    expect(hoplab(['step', rec], { input: 'next 5\ngoto 20\nprev\nquit\n' }).status).toBe(0);
    expect(hoplab(['state', rec, '--at', '30']).status).toBe(0);
    expect(readFileSync(rec).equals(before)).toBe(true);
  });

  it('--max-events stops at the limit with exactly that many events, marked incomplete', () => {
    const cut = join(dir, 'cut.db');
    const r = hoplab(['run', 'recordings/veth-pair.yaml', '-o', cut, '--max-events', '10', '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('stopped: reached the event limit (10)');
    const reader = new SqliteRecordingReader(cut);
    expect([...reader.events()].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reader.status()).toMatchObject({ complete: false, stopReason: 'max-events' });
  });

  it('events on a missing or foreign file: a message and exit 2', () => {
    const missing = hoplab(['events', join(dir, 'nope.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`hoplab: ${join(dir, 'nope.db')}: no such recording\n`);
    writeFileSync(join(dir, 'text.db'), 'hello, not sqlite\n');
    const foreign = hoplab(['events', join(dir, 'text.db')]);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/not a hoplab recording/);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('%s stops a long run cleanly: a readable recording of every committed event, marked incomplete', async (signal, exit) => {
    const yaml = join(dir, 'long.yaml');
    writeFileSync(
      yaml,
      `
nodes:
  a: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  b: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
links: [[a:eth0, b:eth0]]
scenario: [{ at: 0s, on: a, run: ping -i 0.000001 10.0.0.2 }]
limits: { until: 100000s }
`,
    );
    const out = join(dir, `long-${signal}.db`);
    const child = spawn(process.execPath, [join(REPO, 'bin/hoplab'), 'run', yaml, '-o', out, '--quiet'], { stdio: 'ignore' });
    // Interrupt only once the run is under way (its recording is in place), however slow the machine.
    const started = Date.now();
    while (!existsSync(out) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1000));
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(exit);
    expect(existsSync(out)).toBe(true);
    const reader = new SqliteRecordingReader(out);
    const status = reader.status();
    expect(status).toMatchObject({ complete: false, stopReason: 'interrupted' });
    const seqs = [...reader.events({ from: status.events - 2 })].map((e) => e.seq);
    expect(seqs).toEqual([status.events - 2, status.events - 1, status.events]);
    expect(status.events).toBeGreaterThan(1000);
  });
});
