import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { FoldEvent } from '../../src/state/evolve.js';
import { FoldRows } from '../../src/store/fold-rows.js';
import { alteredCopy } from '../helpers/altered-recording.js';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();

/** Hosts on one switch, each pinging the next `count` times: a few hundred descriptions, each ping line one of its own. */
function pingingLan(hosts: number, count = 3): string {
  const lines = ['name: lan', 'seed: 1', 'nodes:', '  sw: { kind: switch }'];
  for (let i = 1; i <= hosts; i++) lines.push(`  h${i}: { kind: host, interfaces: { eth0: { ip: 10.0.0.${i}/24 } } }`);
  lines.push('links:');
  for (let i = 1; i <= hosts; i++) lines.push(`  - [h${i}:eth0, sw:p${i}]`);
  lines.push('scenario:');
  for (let i = 1; i <= hosts; i++) lines.push(`  - { at: ${i}ms, on: h${i}, run: ping -c ${count} -i 0.2 10.0.0.${(i % hosts) + 1} }`);
  return `${lines.join('\n')}\n`;
}

const topology = join(dir, 'lan.yaml');
writeFileSync(topology, pingingLan(30));
const rec = join(dir, 'lan.db');
const run = hoplab(['run', topology, '-o', rec, '--quiet']);

/** The recording opened read-only, with a count of the statements run on its descriptions table. */
function openCounting(path: string): { db: Database.Database; reads: () => number } {
  const db = new Database(path, { readonly: true });
  let reads = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (!/FROM descriptions/.test(sql)) return stmt;
    for (const method of ['get', 'all', 'iterate'] as const) {
      const original = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        reads++;
        return original(...args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
  return { db, reads: () => reads };
}

/** Every event's seq, kind, node and port, as the fold reads them. */
function folded(path: string, db: Database.Database, from: number, to: number): string[] {
  const version = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
  const out: string[] = [];
  new FoldRows(path, db, version).forEach(from, to, (e: FoldEvent) => out.push(`${e.seq} ${e.kind} ${e.node} ${e.port ?? ''}`));
  return out;
}

describe('the fold reading a recording', () => {
  it('gives each event its own description', () => {
    expect(run.status).toBe(0);
    const { db } = openCounting(rec);
    const events = Number(db.prepare("SELECT value FROM meta WHERE key = 'events'").pluck().get());
    const stated = db
      .prepare(
        "SELECT l.seq || ' ' || d.kind || ' ' || d.node || ' ' || coalesce(d.port, '') FROM event_log l JOIN descriptions d ON d.id = l.description WHERE l.seq > 100 ORDER BY l.seq",
      )
      .pluck()
      .all();
    expect(folded(rec, db, 100, events)).toEqual(stated);
    db.close();
  });

  it('reads the descriptions it meets a block at a time, not one by one', () => {
    const { db, reads } = openCounting(rec);
    const descriptions = Number(db.prepare('SELECT count(*) FROM descriptions').pluck().get());
    const events = Number(db.prepare("SELECT value FROM meta WHERE key = 'events'").pluck().get());
    expect(descriptions).toBeGreaterThan(300);
    const before = reads();
    folded(rec, db, 0, events);
    expect(reads() - before).toBeLessThanOrEqual(Math.ceil(descriptions / 256) + 2);
    db.close();
  });

  it('keeps the facts of the descriptions in use, not of all it met, and reads every event the same', () => {
    // Four hosts pinging 300 times each: most descriptions are ping lines, each met once.
    const pings = join(dir, 'pings.yaml');
    writeFileSync(pings, pingingLan(4, 300));
    const rec = join(dir, 'pings.db');
    expect(hoplab(['run', pings, '-o', rec, '--quiet']).status).toBe(0);
    const { db, reads } = openCounting(rec);
    const version = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
    const descriptions = Number(db.prepare('SELECT count(*) FROM descriptions').pluck().get());
    const events = Number(db.prepare("SELECT value FROM meta WHERE key = 'events'").pluck().get());
    /** Every event as the fold reads it, every fact but the fold's own memo of where it happens. */
    const readAll = (rows: FoldRows): string[] => {
      const out: string[] = [];
      rows.forEach(0, events, ({ place: _place, ...e }: FoldEvent) => out.push(JSON.stringify(e)));
      return out;
    };
    const all = readAll(new FoldRows(rec, db, version));
    const before = reads();
    const forgetting = new FoldRows(rec, db, version, 32);
    expect(readAll(forgetting)).toEqual(all);
    // Each ping line is a description met once: forgotten, where all of them were kept before.
    const kept = (forgetting as unknown as { facts: Map<number, unknown> }).facts.size;
    expect(kept).toBeLessThan(descriptions / 2);
    // The recurring ones stay: met again, few are read again.
    expect(reads() - before).toBeLessThan(descriptions / 16);
    db.close();
  });

  it('names the event and the description a damaged recording lacks', () => {
    const damaged = alteredCopy(rec, join(dir, 'damaged.db'), 'DELETE FROM descriptions WHERE id = 200');
    const { db } = openCounting(damaged);
    const first = Number(db.prepare('SELECT min(seq) FROM event_log WHERE description = 200').pluck().get());
    expect(() => folded(damaged, db, 0, first)).toThrow(new RegExp(`event ${first}'s description 200 is missing`));
    db.close();
  });
});
