import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { protocolsOf } from '../../src/stepper/stepper-filter.js';
import { hoplab, tempDir } from '../helpers/cli.js';
import { expectedFields, viewRows } from '../helpers/frame-fields-oracle.js';

// The frame_fields view (schema version 5) on recordings the real CLI makes
// of the examples: every frame's columns are what hoplab's decoder says of
// its bytes, and its summary is the line `events --json` gives each of its
// events. Then the question the view is for, "which frames did sw2 flood
// between 1 and 2 ms, by protocol", asked in one query and answered as
// `hoplab events --node sw2 --kind flood` answers it.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLES = [
  'hub-3-hosts.yaml',
  'switch-3-hosts.yaml',
  'router-2-networks.yaml',
  'routers-chain.yaml',
  'vlan-2-groups.yaml',
  'triangle-stp.yaml',
  'triangle-rstp.yaml',
  'mesh-storm.yaml',
  'tutorial.sh',
];

function record(source: string, name: string): string {
  const out = join(dir, `${name}.db`);
  const r = hoplab(['run', source, '-o', out, '--quiet']);
  // The tutorial's script has lines that fail as on Linux (exit 1); the recording is whole.
  expect(r.stderr).toContain('recorded to');
  return out;
}

function jsonEvents(rec: string, args: string[] = []): Array<Record<string, unknown>> {
  const r = hoplab(['events', rec, '--json', ...args]);
  expect(r.status).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('frame_fields on the examples', () => {
  const protocols = new Set<string>();
  for (const example of EXAMPLES) {
    it(`${example}: every frame's columns are what hoplab's decoder says`, () => {
      const rec = record(`recordings/${example}`, example.replace(/\.\w+$/, ''));
      const db = new Database(rec, { readonly: true });
      const rows = viewRows(db);
      db.close();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect({ frame: r.frame, ...r.fields }).toEqual({ frame: r.frame, ...expectedFields(r.bytes) });
        // hoplab's own frames are well-formed: each has its line.
        expect(r.fields.summary).not.toBeNull();
        protocols.add(r.fields.protocol);
      }
      const summaries = new Map(rows.map((r) => [r.frame, r.fields.summary]));
      for (const e of jsonEvents(rec)) if (e.frame !== undefined) expect(e.summary).toBe(summaries.get(e.frame as number));
    });
  }

  it('between them, the examples carry every protocol the view names', () => {
    expect([...protocols].sort()).toEqual(['arp', 'icmp', 'other', 'stp', 'udp']);
  });

  it.skipIf(spawnSync('sqlite3', ['--version']).status !== 0)('reads the same with the sqlite3 shell', () => {
    const rec = join(dir, 'vlan-2-groups.db');
    const shell = spawnSync('sqlite3', ['-json', rec, 'SELECT * FROM frame_fields ORDER BY frame'], { encoding: 'utf8' });
    expect(shell.status).toBe(0);
    const db = new Database(rec, { readonly: true });
    const rows = db.prepare('SELECT * FROM frame_fields ORDER BY frame').all();
    db.close();
    expect(JSON.parse(shell.stdout)).toEqual(rows);
  });
});

const TWO_SWITCHES = `name: two-switches
seed: 1
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  sw1: { kind: switch }
  sw2: { kind: switch }
links:
  - [h1:eth0, sw1:p1]
  - [sw1:p2, sw2:p1]
  - [h2:eth0, sw2:p2]
  - [h3:eth0, sw2:p3]
scenario:
  - { at: 0ms, on: h1, run: ping -c 1 10.0.0.2 }
  - { at: 1ms, on: h3, run: ping -c 1 10.0.0.1 }
  - { at: 1200us, on: h1, run: send eth0 --dst 02:00:00:00:00:99 --payload lost }
  - { at: 1500us, on: h2, run: send eth0 --dst ff:ff:ff:ff:ff:ff --type 0x88b5 --payload hello }
  - { at: 2500us, on: h2, run: ping -c 1 10.0.0.9 }
limits: { until: 1s }
`;

describe("the issue's question: which frames did sw2 flood between 1 and 2 ms, by protocol", () => {
  it('is one query, answered as `hoplab events --node sw2 --kind flood` answers it', () => {
    const topology = join(dir, 'two-switches.yaml');
    writeFileSync(topology, TWO_SWITCHES);
    const rec = record(topology, 'two-switches');
    const db = new Database(rec, { readonly: true });
    const answer = db
      .prepare(
        `SELECT f.protocol, count(*) AS floods
         FROM events AS e JOIN frame_fields AS f ON f.frame = e.frame
         WHERE e.node = 'sw2' AND e.kind = 'flood' AND e.t >= 1000000 AND e.t < 2000000
         GROUP BY f.protocol ORDER BY f.protocol`,
      )
      .all();
    db.close();

    const floods = jsonEvents(rec, ['--node', 'sw2', '--kind', 'flood', '--bytes']);
    // Floods before, inside and after the window: the times matter.
    expect(floods.some((e) => (e.t as number) < 1e6) && floods.some((e) => (e.t as number) >= 2e6)).toBe(true);
    const counts = new Map<string, number>();
    for (const e of floods.filter((e) => (e.t as number) >= 1e6 && (e.t as number) < 2e6)) {
      const classes = protocolsOf(Buffer.from(e.bytes as string, 'hex'));
      const protocol = ['arp', 'icmp', 'udp', 'stp'].find((p) => classes.includes(p)) ?? (classes.includes('ip') ? 'ipv4' : 'other');
      counts.set(protocol, (counts.get(protocol) ?? 0) + 1);
    }
    const expected = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([protocol, n]) => ({ protocol, floods: n }));
    expect(answer).toEqual(expected);
    expect(answer).toEqual([
      { protocol: 'arp', floods: 1 },
      { protocol: 'other', floods: 2 },
    ]);
  });
});
