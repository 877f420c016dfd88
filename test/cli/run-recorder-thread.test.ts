import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { SNAPSHOT_VERSION } from '../../src/state/state-snapshot.js';
import { decodeSnapshot } from '../../src/store/snapshot-codec.js';
import { snapshotSink } from '../../src/store/snapshots.js';
import { SqliteRecordingWriter } from '../../src/store/sqlite-writer.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

/** Every row of a table, in key order, as one comparable value. */
function rows(path: string, table: string): unknown[] {
  const db = new Database(path, { readonly: true });
  const all = db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all();
  db.close();
  return all;
}

describe("hoplab run's recorder thread", () => {
  const dir = tempDir();
  // Past the first snapshot (RUN_CADENCE: 50,000 events).
  const events = 60_000;

  it('the built CLI and the library, each through the recorder worker, store the same events, frames and snapshots, and those the live fold gives', () => {
    // Both hand chunks to the worker past the first 2048 events: the CLI the compiled one, this test the same source through tsx.
    expect(existsSync(join(REPO, 'dist/store/recorder-worker.js'))).toBe(true);
    const viaThread = join(dir, 'thread.db');
    const run = hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', String(events), '-o', viaThread]);
    expect(run.status).toBe(0);

    const topology = loadYamlTopology(readFileSync(join(REPO, 'recordings/mesh-storm.yaml'), 'utf8'), 'recordings/mesh-storm.yaml');
    const live = new LiveRun(topology, { maxEvents: events });
    const header = recordingHeader(topology, live.network, topology.seed, 'test', 'test');
    const inThread = join(dir, 'in-thread.db');
    const writer = new SqliteRecordingWriter(inThread);
    writer.writeHeader(header);
    writer.keepSnapshots();
    // The fold of the live events, as `verify` folds them: the worker's fold of the rows must store the same states.
    const liveStates: Array<[number, string]> = [];
    const snapshots = snapshotSink(header, { snapshot: (seq, state) => liveStates.push([seq, decodeSnapshot(state, SNAPSHOT_VERSION)]) });
    const summary = live.runSync((e) => {
      writer.append(e);
      snapshots.next!(e);
    });
    writer.finish({ complete: false, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });

    const stored = rows(viaThread, 'events');
    expect(stored).toHaveLength(events);
    expect(stored).toEqual(rows(inThread, 'events'));
    expect(rows(viaThread, 'event_log')).toEqual(rows(inThread, 'event_log'));
    expect(rows(viaThread, 'descriptions')).toEqual(rows(inThread, 'descriptions'));
    expect(rows(viaThread, 'frames')).toEqual(rows(inThread, 'frames'));
    expect(rows(viaThread, 'snapshots')).toEqual(rows(inThread, 'snapshots'));
    expect(rows(viaThread, 'snapshots').length).toBeGreaterThan(0);
    const folded = (rows(viaThread, 'snapshots') as Array<[number, Uint8Array]>).map(([seq, state]) => [
      seq,
      decodeSnapshot(state, SNAPSHOT_VERSION),
    ]);
    expect(folded).toEqual(liveStates);
  });
});
