import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DescriptionCache } from '../../src/store/description-cache.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// The readers (events, replay, export, the viewer's lists) look each event's
// description up by id in a cache of blocks of ids. On hosts pinging, each
// line a program prints is a description of its own, read once: the cache
// must let those go while it keeps the recurring ones, not fill with lines.

const dir = tempDir();

/** Four hosts on one switch, each pinging the next 300 times: most descriptions are ping lines. */
function pingingLan(): string {
  const hosts = 4;
  const lines = ['name: lan', 'seed: 1', 'nodes:', '  sw: { kind: switch }'];
  for (let i = 1; i <= hosts; i++) lines.push(`  h${i}: { kind: host, interfaces: { eth0: { ip: 10.0.0.${i}/24 } } }`);
  lines.push('links:');
  for (let i = 1; i <= hosts; i++) lines.push(`  - [h${i}:eth0, sw:p${i}]`);
  lines.push('scenario:');
  for (let i = 1; i <= hosts; i++) lines.push(`  - { at: ${i}ms, on: h${i}, run: ping -c 300 -i 0.2 10.0.0.${(i % hosts) + 1} }`);
  return `${lines.join('\n')}\n`;
}

/** How many descriptions the cache holds (private: what this test is about is what it holds on to). */
function held(cache: DescriptionCache): number {
  const blocks = (cache as unknown as { blocks: Map<number, unknown> }).blocks;
  let n = 0;
  for (const b of blocks.values()) n += (Array.isArray(b) ? b : (b as { descriptions: unknown[] }).descriptions).filter(Boolean).length;
  return n;
}

describe("the readers' cache of descriptions", () => {
  it('gives every event its description, keeping the recurring ones and letting lines read once go', () => {
    const topology = join(dir, 'pings.yaml');
    writeFileSync(topology, pingingLan());
    const rec = join(dir, 'pings.db');
    expect(hoplab(['run', topology, '-o', rec, '--quiet']).status).toBe(0);
    const db = new Database(rec, { readonly: true });
    const version = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
    const descriptions = Number(db.prepare('SELECT count(*) FROM descriptions').pluck().get());
    const ids = db.prepare('SELECT description FROM event_log ORDER BY seq').pluck().all() as number[];
    expect(descriptions).toBeGreaterThan(1000);

    const all = new DescriptionCache(db, version);
    let queries = 0;
    const counting = new Proxy(db, {
      get(target, key) {
        if (key !== 'prepare') return Reflect.get(target, key);
        return (sql: string) => {
          const stmt = target.prepare(sql);
          const allRows = stmt.all.bind(stmt);
          const counted = (...args: unknown[]): unknown[] => {
            queries++;
            return allRows(...args);
          };
          return Object.assign(stmt, { all: counted });
        };
      },
    });
    // Blocks of 16 ids, four kept before a sweep: the recording's 1,300 descriptions are some 85 blocks.
    const forgetting = new DescriptionCache(counting, version, 16, 4);
    for (const id of ids) expect(forgetting.get(id)).toEqual(all.get(id));
    expect(held(all)).toBe(descriptions);
    // What stays is the blocks met lately: those that hold a recurring description (a host's
    // neighbour states, its tx and rx) among the lines, and the last ones read.
    expect(held(forgetting)).toBeLessThan(descriptions * 0.6);
    // The recurring descriptions' blocks stay while they are met: few blocks are read twice.
    expect(queries).toBeLessThan(1.5 * Math.ceil(descriptions / 16));
    db.close();
  });
});
