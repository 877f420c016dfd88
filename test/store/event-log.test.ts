import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fromRow, type EventRow } from '../../src/store/event-row.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();

function query<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare(sql).all() as T[];
  db.close();
  return rows;
}

describe('the recording stores each event as a log row and a description (schema version 3)', () => {
  const storm = join(dir, 'storm.db');
  expect(hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', '30000', '-o', storm]).status).toBe(0);

  it('the events view, as sqlite3 users query it, holds exactly the events hoplab reads', () => {
    const viaView = query<EventRow>(storm, 'SELECT * FROM events ORDER BY seq').map(fromRow);
    const reader = new SqliteRecordingReader(storm);
    expect([...reader.events()]).toEqual(viaView);
    expect([...reader.events({ kinds: ['move'], nodes: ['sw2'], from: 100, to: 20_000 })]).toEqual(
      viaView.filter((e) => e.kind === 'move' && e.node === 'sw2' && e.seq >= 100 && e.seq <= 20_000),
    );
    reader.close();
    expect(viaView).toHaveLength(30_000);
  });

  it('a storm repeats a few descriptions: each is stored once', () => {
    const { n } = query<{ n: number }>(storm, 'SELECT count(*) AS n FROM descriptions')[0]!;
    expect(n).toBeLessThan(200);
    const { d } = query<{ d: number }>(
      storm,
      `SELECT count(*) AS d FROM (SELECT DISTINCT kind, node, port, why, out, reason, mac, "from", ip, state, text, senders FROM descriptions)`,
    )[0]!;
    expect(d).toBe(n);
  });
});

/** A LAN of `n` hosts on one switch, each pinging the next once: every host reads every other host's ARP request. */
function lanYaml(n: number): string {
  const hosts = Array.from({ length: n }, (_, i) => `  h${i}: { kind: host, interfaces: { eth0: { ip: 10.0.0.${i + 1}/24 } } }`);
  const links = Array.from({ length: n }, (_, i) => `  - [h${i}:eth0, sw1:p${i}]`);
  const steps = Array.from({ length: n }, (_, i) => `  - { at: ${i}ms, on: h${i}, run: ping -c 1 10.0.0.${((i + 1) % n) + 1} }`);
  return [
    'name: lan',
    'seed: 1',
    'nodes:',
    ...hosts,
    '  sw1: { kind: switch }',
    'links:',
    ...links,
    'scenario:',
    ...steps,
    'limits: { until: 5s }',
    '',
  ].join('\n');
}

describe('a sentence that differs only in what its frame holds is stored once, as a template (schema version 3)', () => {
  const n = 12;
  const yaml = join(dir, 'lan.yaml');
  writeFileSync(yaml, lanYaml(n));
  const lan = join(dir, 'lan.db');
  const live = hoplab(['run', yaml, '--json', '-o', lan]);
  expect(live.status).toBe(0);

  it('each host stores its "reads the broadcast ARP request for ..." sentence as templates, not once per address asked for', () => {
    const rows = query<{ node: string; why: string; template: number | null }>(
      lan,
      "SELECT node, why, template FROM descriptions WHERE why LIKE '%reads the broadcast ARP request for%'",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(2 * n);
    for (const r of rows)
      expect(r).toEqual({ node: r.node, why: expect.stringContaining('request for {arp.target}; that is not its address'), template: 1 });
    const reads = query<{ c: number }>(
      lan,
      "SELECT count(*) AS c FROM events WHERE why LIKE '%reads the broadcast ARP request for 10.0.0.%'",
    )[0]!.c;
    expect(reads).toBe(n * (n - 2)); // each request is read by every host but its sender and its target
  });

  it('reads back, through hoplab and through the events view, as the sentences the run printed', () => {
    expect(hoplab(['events', lan, '--json']).stdout).toBe(live.stdout);
    const viaView = query<EventRow>(lan, 'SELECT * FROM events ORDER BY seq').map(fromRow);
    const reader = new SqliteRecordingReader(lan);
    expect([...reader.events()]).toEqual(viaView);
    expect(reader.event(viaView.find((e) => e.why.includes('reads the broadcast ARP request'))!.seq)?.why).toMatch(
      /^h\d+ reads the broadcast ARP request for 10\.0\.0\.\d+; that/,
    );
    reader.close();
  });

  it('a template whose frame is not stored is a located error, exit 2', () => {
    const broken = join(dir, 'lan-broken.db');
    copyFileSync(lan, broken);
    const db = new Database(broken);
    const { frame } = db
      .prepare("SELECT frame FROM events WHERE why LIKE '%reads the broadcast ARP request%' ORDER BY seq LIMIT 1")
      .get() as {
      frame: number;
    };
    // The first event whose stored sentence is a template that frame fills: where the reader must stop.
    const { seq } = db
      .prepare('SELECT min(l.seq) AS seq FROM event_log l JOIN descriptions d ON d.id = l.description WHERE d.template = 1 AND l.frame = ?')
      .get(frame) as { seq: number };
    db.prepare('DELETE FROM frames WHERE id = ?').run(frame);
    db.close();
    const r = hoplab(['events', broken]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `hoplab: ${broken}: damaged recording: event ${seq}'s sentence is read from frame ${frame}, which is not stored\n`,
    );
  });
});

/**
 * Recordings made before a deliberate change (CHANGELOG) still read, but today's run of the same
 * example differs from event `at` on, first in `field`. hub-2-segments: a frame on the hub now holds the wire
 * for its 802.3 length, preamble, padding and FCS included (issue 18 item 11), so its times, its
 * station tx sentences and ping's round-trip times changed. veth-pair, switch-3-hosts and
 * router-2-networks: ping waits out its receive timeout on the kernel's timer wheel, and ARP
 * retransmits on it (oracle S5), so ping's second request and what follows it moved in time.
 * Said back the old way, the rest is the same.
 */
const CHANGED_AT: Record<string, { at: number; field: string }> = {
  'hub-2-segments': { at: 8, field: 'why' },
  'veth-pair': { at: 20, field: 't' },
  'switch-3-hosts': { at: 37, field: 't' },
  'router-2-networks': { at: 36, field: 't' },
};

function sayBackTheOldWay(out: string): string {
  return out
    .replace(/^(#\d+\s+)\d+\.\d+/gm, '$1')
    .replace(/"t":\d+,/g, '')
    .replace(/time=[\d.]+ ms/g, 'time=? ms')
    .replace(/time \d+ms/g, 'time ?ms')
    .replace(/rtt min\/avg\/max\/mdev = \S+ ms/g, 'rtt ?')
    .replace(/; [\d.]+ us on the wire with preamble, padding and FCS/g, '');
}

describe('schema version 1 (the events table), 2 (no templates), 3 (no configuration), 4 (no copy in the view) and 5 (a row per event) recordings still read', () => {
  for (const [name, version] of [
    ['veth-pair', 1],
    ['switch-3-hosts', 1],
    ['veth-pair', 2],
    ['switch-3-hosts', 2],
    ['router-2-networks', 3],
    ['hub-2-segments', 4],
    ['triangle-storm', 4],
    ['hub-2-segments', 5],
    ['triangle-storm', 5],
    ['vlan-2-groups', 5],
  ] as const) {
    // A copy: reading may add snapshots to a writable recording, and the fixture stays as committed.
    const older = join(dir, `${name}.schema-v${version}.db`);
    copyFileSync(join(REPO, `test/fixtures/${name}.schema-v${version}.db`), older);

    it(`${name}, version ${version}: events, filters, state and verify read it as they read today's recording of the same run`, () => {
      expect(query<{ value: string }>(older, "SELECT value FROM meta WHERE key = 'schema_version'")[0]!.value).toBe(String(version));
      const today = join(dir, `${name}-v${version}-today.db`);
      const command = query<{ value: string }>(older, "SELECT value FROM meta WHERE key = 'command_line'")[0]!.value;
      const flags = command
        .split(' ')
        .slice(3)
        .filter((w) => !w.endsWith('.db') && w !== '-o');
      expect(hoplab(['run', `recordings/${name}.yaml`, ...flags, '--quiet', '-o', today]).status).toBe(0);
      for (const args of [
        [],
        ['--kind', 'tx', '--node', name === 'veth-pair' ? 'nsA' : name === 'hub-2-segments' ? 'a1' : 'h1'],
        ['--json'],
      ]) {
        const old = hoplab(['events', older, ...args]);
        expect(old.status).toBe(0);
        const now = hoplab(['events', today, ...args]).stdout;
        const changed = version < 5 ? CHANGED_AT[name] : undefined;
        if (changed === undefined) {
          expect(old.stdout).toBe(now);
          continue;
        }
        if (args.length === 0) expect(old.stdout.split('\n').slice(0, changed.at - 1)).toEqual(now.split('\n').slice(0, changed.at - 1));
        expect(sayBackTheOldWay(old.stdout)).toBe(sayBackTheOldWay(now));
      }
      const changed = version < 5 ? CHANGED_AT[name] : undefined;
      const before = String(Math.min(20, (changed?.at ?? 21) - 1));
      expect(hoplab(['state', older, '--at', before]).stdout).toBe(hoplab(['state', today, '--at', before]).stdout);
      expect(hoplab(['verify', older]).stdout).toMatch(
        changed === undefined
          ? /identical: \d+ events re-simulated/
          : `differs from its re-simulation at #${changed.at} (in ${changed.field}); the ${changed.at - 1} events before it are identical`,
      );
    });
  }
});
