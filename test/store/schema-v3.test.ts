import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { WithoutConfig } from '../../src/events/without-config.js';
import { StateSeeker } from '../../src/store/snapshots.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';
import { foldView } from '../state/tables-view.js';

// Recordings made by hoplab at schema version 3 (commit 248c6ba, before
// configuration events and the app line's channel), from its own checkout:
//   hoplab run recordings/tutorial.sh -o recordings/tutorial.db --quiet
//   hoplab run recordings/host-config.yaml -o recordings/host-config.db --quiet
// where host-config.yaml is test/state/evolve.test.ts's CONFIG topology (the
// recording holds its source). router-2-networks.schema-v3.db is read by
// event-log.test.ts with the other old versions.

const dir = tempDir();

function fixture(name: string): string {
  // A copy: reading may add snapshots to a writable recording, and the fixture stays as committed.
  const path = join(dir, `${name}.schema-v3.db`);
  copyFileSync(join(REPO, `test/fixtures/${name}.schema-v3.db`), path);
  return path;
}

function meta(path: string, key: string): string {
  const db = new Database(path, { readonly: true });
  const value = (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '';
  db.close();
  return value;
}

/** Today's recording of the run an old recording holds: its topology source, run again from the same path (a script's lines name it). */
function today(old: string, name: string): string {
  const cwd = join(dir, name);
  const source = meta(old, 'topology_path');
  mkdirSync(join(cwd, dirname(source)), { recursive: true });
  writeFileSync(join(cwd, source), meta(old, 'topology_source'));
  const path = join(dir, `${name}-today.db`);
  const r = hoplab(['run', source, '--quiet', '-o', path], { cwd });
  expect([0, 1]).toContain(r.status);
  return path;
}

function events(path: string): SimEvent[] {
  const reader = new SqliteRecordingReader(path);
  try {
    return [...reader.events()];
  } finally {
    reader.close();
  }
}

/**
 * A schema 3 log has no configuration events: today's log without them,
 * renumbered, and the seq each of its events has today.
 */
function withoutConfig(log: SimEvent[]): { events: SimEvent[]; todaySeq: number[] } {
  const older = new WithoutConfig();
  const out: SimEvent[] = [];
  const todaySeq = [0];
  for (const e of log) {
    if (e.cause !== undefined && e.kind !== 'config')
      expect(older.wasConfig(e.cause), `event ${e.seq} is caused by a configuration event`).toBe(false);
    const old = older.renumber(e);
    if (old === undefined) continue;
    todaySeq.push(e.seq);
    out.push(old);
  }
  return { events: out, todaySeq };
}

describe('schema version 3 recordings (no configuration events, no channel column) still read', () => {
  for (const name of ['tutorial', 'host-config']) {
    const old = fixture(name);
    const now = today(old, name);

    it(`${name}: its events are today's events of the same run, configuration events aside, app lines on the same streams`, () => {
      expect(meta(old, 'schema_version')).toBe('3');
      const { events: expected } = withoutConfig(events(now));
      expect(events(old)).toEqual(expected);
    });

    it(`${name}: hoplab verify re-simulates it and finds it identical`, () => {
      const r = hoplab(['verify', old]);
      expect(r.stdout, r.stderr).toMatch(/identical: \d+ events re-simulated/);
      expect(r.status).toBe(0);
    });
  }

  it('host-config: the state at the end of every instant is today’s, addresses, routes and neighbours included', () => {
    const old = fixture('host-config');
    const { todaySeq } = withoutConfig(events(today(old, 'host-config')));
    const oldLog = events(old);
    const oldReader = new SqliteRecordingReader(old);
    const nowPath = join(dir, 'host-config-today.db');
    const nowReader = new SqliteRecordingReader(nowPath);
    const oldSeeker = new StateSeeker(old, oldReader);
    const nowSeeker = new StateSeeker(nowPath, nowReader);
    const last = nowReader.status().events;
    let compared = 0;
    for (const [i, e] of oldLog.entries()) {
      const next = oldLog[i + 1];
      if (next && next.t === e.t) continue;
      // Today's state just before the next instant's first event: the configuration events of this instant folded in.
      const upTo = next ? todaySeq[next.seq]! - 1 : last;
      const want = foldView(nowSeeker.stateAt(upTo));
      expect(foldView(oldSeeker.stateAt(e.seq)), `after #${e.seq} (today #${upTo})`).toEqual(want);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
    oldSeeker.close();
    nowSeeker.close();
    oldReader.close();
    nowReader.close();
  });

  it('tutorial: hoplab state reads it, with the ARP caches and MAC tables today’s recording has', () => {
    const old = fixture('tutorial');
    const r = hoplab(['state', old, '--at', '336']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^state just after #336 /);
    const neighbours = (text: string): string[] => text.split('\n').filter((l) => / dev \S+ lladdr /.test(l));
    const now = hoplab(['state', join(dir, 'tutorial-today.db'), '--at', String(meta(join(dir, 'tutorial-today.db'), 'events'))]);
    expect(neighbours(r.stdout).length).toBeGreaterThan(0);
    expect(neighbours(r.stdout)).toEqual(neighbours(now.stdout));
  });
});
