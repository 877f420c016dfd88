import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// Issue 21 item 5: a storm with no limits stops in wall-clock practice. Ten minutes of
// virtual time (the old only default) is hours and hundreds of GB of storm.

const dir = tempDir();
const storm = join(dir, 'storm.yaml');
// The mesh storm with its limits line taken out: nothing says when to stop.
writeFileSync(
  storm,
  readFileSync(join(REPO, 'recordings/mesh-storm.yaml'), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('limits:'))
    .join('\n'),
);

function meta(path: string): Record<string, string> {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT key, value FROM meta').raw().all() as Array<[string, string]>;
  db.close();
  return Object.fromEntries(rows);
}

describe('a run that names no limits', () => {
  it('records the default limits: ten million events, ten minutes of virtual time', async () => {
    const out = join(dir, 'cut.db');
    // Stopped with Ctrl-C once it has recorded a megabyte: the limits it ran under are in its meta.
    const child = spawn(process.execPath, [join(REPO, 'bin/hoplab'), 'run', storm, '--quiet', '-o', out], { cwd: REPO, stdio: 'ignore' });
    // Once: a second Ctrl-C would stop it at once, as it stops a real run.
    const poll = setInterval(() => {
      if ((statSync(`${out}-wal`, { throwIfNoEntry: false })?.size ?? 0) <= 1 << 20) return;
      clearInterval(poll);
      child.kill('SIGINT');
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearInterval(poll);
    expect(code).toBe(130);
    const m = meta(out);
    expect(m.stop_reason).toBe('interrupted');
    expect(m.max_events).toBe('10000000');
    expect(m.until_ns).toBe('600000000000');
  });

  it('stops at the default event limit and says how to raise it (HOPLAB_MAX_EVENTS sets that default)', () => {
    const out = join(dir, 'limited.db');
    const r = hoplab(['run', storm, '--quiet', '-o', out], { env: { HOPLAB_MAX_EVENTS: '30000' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      'hoplab: mesh-storm: 30000 events in 0.000079568 s of virtual time; stopped: reached the default event limit (30000); raise it with --max-events N, or limits: { maxEvents: N } in the topology',
    );
    expect(meta(out)).toMatchObject({ stop_reason: 'max-events', max_events: '30000', events: '30000' });
  });

  it('a limit the user names wins over HOPLAB_MAX_EVENTS, and says no more', () => {
    const r = hoplab(['run', storm, '--quiet', '--max-events', '2000', '-o', join(dir, 'named.db')], {
      env: { HOPLAB_MAX_EVENTS: '30000' },
    });
    expect(r.stderr).toMatch(/stopped: reached the event limit \(2000\); recorded to/);
  });

  it('a HOPLAB_MAX_EVENTS that is not a number of events is exit 2, named', () => {
    const r = hoplab(['run', storm, '--quiet', '-o', join(dir, 'bad.db')], { env: { HOPLAB_MAX_EVENTS: '1e6' } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("hoplab: HOPLAB_MAX_EVENTS: '1e6' is not a whole number of events (1 or more)");
  });
});
