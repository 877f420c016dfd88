import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toSnapshot } from '../../src/state/state-snapshot.js';
import { StateSeeker } from '../../src/store/snapshots.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();

/** `hosts` hosts on one switch, each pinging another once: every ARP request reaches every host, so the state is large for its events. */
function flatLan(hosts: number): string {
  const addr = (i: number): string => `10.${1 + Math.floor(i / 250)}.${(i % 250) + 1}.1`;
  const lines = [`name: flat-${hosts}`, 'seed: 1', 'nodes:', '  sw: { kind: switch }'];
  for (let i = 0; i < hosts; i++) lines.push(`  h${i}: { kind: host, interfaces: { eth0: { ip: ${addr(i)}/8 } } }`);
  lines.push('links:');
  for (let i = 0; i < hosts; i++) lines.push(`  - [h${i}:eth0, sw:p${i}]`);
  lines.push('scenario:');
  for (let i = 0; i < hosts; i++) lines.push(`  - { at: ${i}ms, on: h${i}, run: ping -c 1 ${addr((i * 7919 + 1) % hosts)} }`);
  return `${lines.join('\n')}\n`;
}

describe('snapshots a run stores, on a LAN of a few hundred hosts', () => {
  const topology = join(dir, 'flat.yaml');
  writeFileSync(topology, flatLan(300));
  const rec = join(dir, 'flat.db');
  const run = hoplab(['run', topology, '-o', rec, '--quiet']);

  it('stay under a tenth of the recording (the whole state every 20,000 events was a fifth of it here, half at 1,000 hosts)', () => {
    expect(run.status).toBe(0);
    const db = new Database(rec, { readonly: true });
    const [count, bytes] = db.prepare('SELECT count(*), sum(length(state)) FROM snapshots').raw().get() as [number, number];
    const events = Number(db.prepare("SELECT value FROM meta WHERE key = 'events'").pluck().get());
    db.close();
    expect(events).toBeGreaterThan(200_000);
    expect(count).toBeGreaterThan(0);
    expect(bytes / statSync(rec).size).toBeLessThan(0.1);
  });

  it('are stored compressed, close enough together that a seek folds at most 50,000 events', () => {
    const db = new Database(rec, { readonly: true });
    const seqs = db.prepare('SELECT seq FROM snapshots ORDER BY seq').pluck().all() as number[];
    const format = db.prepare("SELECT value FROM meta WHERE key = 'snapshot_format'").pluck().get();
    const events = Number(db.prepare("SELECT value FROM meta WHERE key = 'events'").pluck().get());
    db.close();
    expect(format).toBe('fold-8');
    const gaps = [...seqs, events].map((s, i) => s - (i === 0 ? 0 : seqs[i - 1]!));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(50_000);
  });

  it('give at random events the state the fold from the start gives', () => {
    const reader = new SqliteRecordingReader(rec);
    const last = reader.status().events;
    const seeker = new StateSeeker(rec, reader);
    const fromStart = new StateSeeker(rec, reader, { stored: false });
    let x = 4242;
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      seqs.push(1 + (x % last));
    }
    seqs.push(last);
    for (const seq of seqs.sort((a, b) => a - b)) expect(toSnapshot(seeker.stateAt(seq))).toEqual(toSnapshot(fromStart.stateAt(seq)));
    seeker.close();
    fromStart.close();
    reader.close();
  });
});
