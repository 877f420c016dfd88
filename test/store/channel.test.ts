import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const script = join(dir, 'errors.sh');
writeFileSync(
  script,
  [
    'ip link set veth9 up',
    'ping -c 1 10.9.9.9',
    'ip netns add ns1',
    'ip netns exec ns1 ping -c 1 127.0.0.1',
    'ip netns exec ns1 ip link set lo up',
    'ip netns exec ns1 ping -c 1 127.0.0.1',
    '',
  ].join('\n'),
);
const rec = join(dir, 'errors.db');
const run = hoplab(['run', script, '-o', rec]);

function appLines(path: string): Array<{ text: string; channel: string | undefined }> {
  const reader = new SqliteRecordingReader(path);
  try {
    return [...reader.events({ kinds: ['app'] })].map((e) => ({ text: e.text ?? '', channel: e.channel }));
  } finally {
    reader.close();
  }
}

describe('an app line is recorded with its channel (schema version 4)', () => {
  it('reads back on the stream the run printed it on', () => {
    const lines = appLines(rec);
    expect(lines).toContainEqual({ text: 'Cannot find device "veth9"', channel: 'stderr' });
    expect(lines).toContainEqual({ text: 'ping: connect: Network is unreachable', channel: 'stderr' });
    expect(lines).toContainEqual({ text: 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.', channel: 'stdout' });
    for (const l of lines) expect(l.channel === 'stderr' ? run.stderr : run.stdout).toContain(`${l.text}\n`);
  });

  it('the channel column decides, not the text: a line stored as stderr reads back as stderr', () => {
    const edited = join(dir, 'edited.db');
    copyFileSync(rec, edited);
    const db = new Database(edited);
    db.prepare("UPDATE descriptions SET channel = 'stderr' WHERE kind = 'app' AND text GLOB 'PING *'").run();
    db.prepare("UPDATE descriptions SET channel = 'stdout' WHERE kind = 'app' AND text GLOB 'ping: *'").run();
    db.close();
    const lines = appLines(edited);
    expect(lines).toContainEqual({ text: 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.', channel: 'stderr' });
    expect(lines).toContainEqual({ text: 'ping: connect: Network is unreachable', channel: 'stdout' });
    const json = hoplab(['events', edited, '--json', '--kind', 'app'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json.find((e) => e.text.startsWith('PING ')).channel).toBe('stderr');
    const view = new Database(edited, { readonly: true });
    expect(view.prepare("SELECT DISTINCT channel FROM events WHERE kind = 'app' ORDER BY channel").pluck().all()).toEqual([
      'stderr',
      'stdout',
    ]);
    expect(view.prepare("SELECT count(*) FROM events WHERE kind != 'app' AND channel IS NOT NULL").pluck().get()).toBe(0);
    view.close();
  });
});
