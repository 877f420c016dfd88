import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolve } from '../../src/state/evolve.js';
import { FramesInFlight } from '../../src/state/frames-in-flight.js';
import { initialState, type NetState } from '../../src/state/node-state.js';
import { PortQueue } from '../../src/state/port-queue.js';
import { fromSnapshot, SNAPSHOT_VERSION, toSnapshot, type StateJson } from '../../src/state/state-snapshot.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { decodeSnapshot } from '../../src/store/snapshot-codec.js';
import { StateSeeker } from '../../src/store/snapshots.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { SqliteRecordingWriter } from '../../src/store/sqlite-writer.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { hoplab, REPO, tempDir } from '../helpers/cli.js';

// From fold-8 a snapshot writes each switch port's queue flat: each decision as
// its distance from the one before, then its copies. Up to fold-7 it wrote
// [decision, copies] pairs, which a reader still reads, and `verify` still
// re-derives for a fold-7 recording.

const dir = tempDir();

/** A state of one switch whose port p1 holds `queued`. */
function stateWith(queued: Map<number, number>): NetState {
  const port = { up: true, addresses: [], tx: 0, rx: 0, drops: 0, queued: new PortQueue(queued) };
  const node = { name: 'sw', kind: 'switch', ports: new Map([['p1', port]]), neigh: new Map(), fdb: new Map() };
  return { seq: 7, t: 70, nodes: new Map([['sw', node]]), inFlight: new FramesInFlight(), peers: new Map() };
}

const queuedOf = (j: StateJson): unknown => j.nodes[0]!.ports[0]![1].queued;
const rebuilt = (j: StateJson): PortQueue =>
  fromSnapshot(JSON.parse(JSON.stringify(j)) as StateJson, new Map())
    .nodes.get('sw')!
    .ports.get('p1')!.queued!;

describe('a port queue in a snapshot', () => {
  it('is written flat from fold-8, as pairs before', () => {
    const q = new Map([
      [5, 1],
      [6, 2],
      [9, 1],
      [3, 1],
    ]);
    expect(queuedOf(toSnapshot(stateWith(q)))).toEqual([5, 1, 1, 2, 3, 1, -6, 1]);
    expect(queuedOf(toSnapshot(stateWith(q), 'fold-7'))).toEqual([
      [5, 1],
      [6, 2],
      [9, 1],
      [3, 1],
    ]);
  });

  it('reads back as the same queue, in the same order, written either way', () => {
    const decisions = fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 60 });
    fc.assert(
      fc.property(decisions, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 60, maxLength: 60 }), (seqs, copies) => {
        const q = new Map(seqs.map((s, i) => [s, copies[i]!] as const));
        for (const format of [SNAPSHOT_VERSION, 'fold-7']) {
          const back = rebuilt(toSnapshot(stateWith(q), format));
          expect([...back]).toEqual([...q]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('that is not a list of whole numbers in pairs does not rebuild a state', () => {
    const json = (queued: unknown): StateJson => {
      const j = toSnapshot(stateWith(new Map()));
      (j.nodes[0]!.ports[0]![1] as { queued: unknown }).queued = queued;
      return j;
    };
    expect(() => rebuilt(json([5, 1, 2]))).toThrow('a port queue has a decision without its copies');
    expect(() => rebuilt(json([5, 1, 2, 'x']))).toThrow('a port queue holds something other than whole numbers');
    expect(() => rebuilt(json([0.5, 1]))).toThrow('a port queue holds something other than whole numbers');
    expect(() => rebuilt(json('5,1'))).toThrow('a port queue is not a list');
  });
});

describe('a fold-7 recording, its queues as pairs', () => {
  // triangle-storm: three switches in a loop, their queues full of a broadcast's copies.
  const file = 'triangle-storm.yaml';
  const topology = loadYamlTopology(readFileSync(join(REPO, 'recordings', file), 'utf8'), `recordings/${file}`);
  const run = new LiveRun(topology);
  const header = recordingHeader(topology, run.network, topology.seed, 'test', `hoplab run recordings/${file}`);
  const path = join(dir, 'fold-7.db');
  const writer = new SqliteRecordingWriter(path);
  writer.writeHeader(header);
  writer.keepSnapshots({ interval: 500, share: 12 }, 'fold-7');
  const live = initialState(header);
  const states: StateJson[] = [toSnapshot(live)];
  const summary = run.runSync((e) => {
    writer.append(e);
    states.push(toSnapshot(evolve(live, e)));
  });
  // Cut by its event limit (3,000), as `hoplab run` records it: not complete.
  writer.finish({ complete: false, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });

  it('stores pairs, and a seek from them gives the live fold', () => {
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'snapshot_format'").pluck().get()).toBe('fold-7');
    const stored = db.prepare('SELECT state FROM snapshots ORDER BY seq').pluck().all() as Uint8Array[];
    db.close();
    const queues = stored.flatMap((s) =>
      (JSON.parse(decodeSnapshot(s, 'fold-7')) as StateJson).nodes.flatMap((n) => n.ports.map(([, p]) => p.queued ?? [])),
    );
    expect(queues.some((q) => q.length > 0)).toBe(true);
    expect(queues.flat().every((entry) => Array.isArray(entry))).toBe(true);
    const reader = new SqliteRecordingReader(path);
    const seeker = new StateSeeker(path, reader);
    for (const seq of [2999, 501, 1750, 1000]) expect(toSnapshot(seeker.stateAt(seq))).toEqual(states[seq]);
    seeker.close();
    reader.close();
  });

  it('verifies: hoplab verify re-derives its snapshots as pairs', () => {
    const r = hoplab(['verify', path]);
    expect(r.stdout).toMatch(/identical: 3000 events re-simulated/);
    expect(r.status).toBe(0);
  });
});
