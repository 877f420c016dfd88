import { copyFileSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCapture } from '../../src/api/export.js';
import { openRecording } from '../../src/api/recording.js';
import { verify } from '../../src/api/verify.js';
import { InputError } from '../../src/errors/input-error.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { SqliteRecordingWriter } from '../../src/store/sqlite-writer.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { alteredCopy } from '../helpers/altered-recording.js';
import { REPO, tempDir } from '../helpers/cli.js';

// Damaged recordings, generated: cut short, bytes flipped, rows edited, hostile
// schema objects. Whatever the damage, every reader either reads the file or
// refuses it as bad input (InputError: the CLI's located message and exit 2),
// in bounded time, and never changes it. Any other error would be a stack trace.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A triangle storm of 3,000 events with the run's snapshots every 500 events. */
function recordBase(): string {
  const topology = loadYamlTopology(readFileSync(join(REPO, 'recordings/triangle-storm.yaml'), 'utf8'), 'recordings/triangle-storm.yaml');
  const run = new LiveRun(topology, { maxEvents: 3000 });
  const header = recordingHeader(topology, run.network, topology.seed, 'test', 'hoplab run recordings/triangle-storm.yaml');
  const path = join(dir, 'base.db');
  const writer = new SqliteRecordingWriter(path);
  writer.writeHeader({ ...header, untilNs: run.sim.limits.until, maxEvents: run.sim.limits.maxEvents });
  writer.keepSnapshots({ interval: 500, share: 0 });
  const summary = run.runSync((e) => {
    writer.append(e);
  });
  writer.finish({ complete: false, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });
  return path;
}

const base = recordBase();
const size = readFileSync(base).length;

/** Row edits a hand with `sqlite3` could make. */
const EDITS = [
  "UPDATE event_log SET t = 'later' WHERE seq = 1200",
  'UPDATE event_log SET t = -5 WHERE seq = 10',
  'UPDATE event_log SET t = 1e300 WHERE seq = 10',
  "UPDATE event_log SET frame = 'x' WHERE seq = 100",
  'UPDATE event_log SET cause = seq + 5 WHERE seq = 700',
  "UPDATE event_log SET description = 'x' WHERE seq = 50",
  'DELETE FROM event_log WHERE seq BETWEEN 1000 AND 1010',
  'DELETE FROM event_log WHERE seq > 2000',
  // The blocks themselves (schema version 6): bad JSON, a blob, a bad time, blocks that overlap or leave a gap.
  "UPDATE event_blocks SET events = '[[0,1,0' WHERE first = 65",
  "UPDATE event_blocks SET events = x'00ff' WHERE first = 1",
  'UPDATE event_blocks SET events = \'{"a":1}\' WHERE first = 129',
  "UPDATE event_blocks SET events = '[]' WHERE first = 257",
  "UPDATE event_blocks SET t = 'x' WHERE first = 193",
  'UPDATE event_blocks SET t = -1 WHERE first = 193',
  'UPDATE event_blocks SET first = first + 3 WHERE first = 321',
  'UPDATE event_blocks SET first = first - 3 WHERE first = 321',
  'UPDATE event_blocks SET first = 0 WHERE first = 1',
  'DELETE FROM descriptions WHERE id = 3',
  "UPDATE descriptions SET kind = 'teleport' WHERE id = 2",
  "UPDATE descriptions SET node = 'nobody' WHERE id = 4",
  "UPDATE descriptions SET out = 'p9,p10' WHERE kind = 'flood'",
  'UPDATE frames SET bytes = zeroblob(10000000) WHERE id = 1',
  "UPDATE frames SET bytes = x'00' WHERE id = 2",
  "UPDATE frames SET bytes = 'text' WHERE id = 3",
  "UPDATE ports SET mac = 'zz:zz' WHERE rowid = 1",
  "INSERT INTO nodes (name, kind) VALUES ('ghost', 'host')",
  "UPDATE nodes SET kind = 'toaster' WHERE rowid = 1",
  "UPDATE snapshots SET state = 'garbage{' WHERE seq = 1000",
  'UPDATE snapshots SET state = \'{"seq":1500,"nodes":[{}]}\' WHERE seq = 1500',
  "UPDATE meta SET value = 'x' WHERE key = 'seed'",
  "UPDATE meta SET value = 'not yaml: [' WHERE key = 'topology_source'",
  "UPDATE meta SET value = '-1' WHERE key = 'max_events'",
  "UPDATE meta SET value = '1' WHERE key = 'complete'",
  "DELETE FROM meta WHERE key = 'schema_version'",
  'DROP TABLE descriptions',
  // Hostile schema objects: a trigger, a recursive view in place of hoplab's, a view over a table's name.
  'CREATE TRIGGER t AFTER INSERT ON snapshots BEGIN DELETE FROM event_log; END',
  'DROP VIEW events; CREATE VIEW events AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS seq FROM n',
  'CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n',
  'ALTER TABLE event_blocks RENAME TO blocks2; CREATE VIEW event_blocks AS SELECT * FROM blocks2',
  'CREATE INDEX by_kind ON descriptions (kind); CREATE INDEX by_t ON event_blocks (t DESC)',
];

type Damage = { cut: number } | { flips: Array<[number, number]> } | { sql: string };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ cut: fc.integer({ min: 0, max: size - 1 }) }),
  fc.record({
    flips: fc.array(fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ sql: fc.constantFrom(...EDITS) }),
);

let made = 0;
function damaged(d: Damage): string {
  const path = join(dir, `damaged-${made++}.db`);
  copyFileSync(base, path);
  if ('cut' in d) truncateSync(path, d.cut);
  else if ('flips' in d) {
    const bytes = readFileSync(path);
    for (const [at, mask] of d.flips) bytes[at]! ^= mask;
    writeFileSync(path, bytes);
  } else alteredCopy(base, path, d.sql);
  return path;
}

/** Each reader, as the CLI calls it. */
const READERS: Array<[string, (path: string) => unknown]> = [
  ['events', (p) => withRecording(p, (r) => [...r.events()].length)],
  ['state', (p) => withRecording(p, (r) => r.stateText(r.status().events))],
  ['stats', (p) => withRecording(p, (r) => r.stats())],
  ['trace', (p) => withRecording(p, (r) => r.trace(Math.max(1, Math.floor(r.status().events / 2))))],
  ['verify', (p) => verify(p)],
];

function withRecording<T>(path: string, read: (r: ReturnType<typeof openRecording>) => T): T {
  const r = openRecording(path);
  try {
    return read(r);
  } finally {
    r.close();
  }
}

describe('damaged recordings (fast-check): read, or refused as bad input; bounded; never written', () => {
  it('every reader, every damage', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const path = damaged(d);
        const before = readFileSync(path);
        const started = Date.now();
        for (const [name, read] of [
          ...READERS,
          ['export', (p: string) => exportCapture(p, join(dir, 'out.pcapng'))] as [string, (path: string) => unknown],
        ]) {
          try {
            await read(path);
          } catch (e) {
            if (!(e instanceof InputError)) throw new Error(`${name} on ${JSON.stringify(d)}: ${(e as Error).stack}`);
          }
        }
        expect(Date.now() - started, JSON.stringify(d)).toBeLessThan(20_000);
        expect(readFileSync(path).equals(before), JSON.stringify(d)).toBe(true);
        rmSync(path, { force: true });
      }),
      // Every edit once, then generated damage.
      { numRuns: 40, seed: 2020, examples: EDITS.map((sql): [Damage] => [{ sql }]) },
    );
  }, 300_000);
});
