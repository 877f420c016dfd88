import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolve } from '../../src/state/evolve.js';
import { initialState } from '../../src/state/node-state.js';
import { SNAPSHOT_VERSION, toSnapshot, type StateJson } from '../../src/state/state-snapshot.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/store/snapshot-codec.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { StateSeeker } from '../../src/store/snapshots.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { SqliteRecordingWriter } from '../../src/store/sqlite-writer.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO, tempDir } from '../helpers/cli.js';

const dir = tempDir();

/**
 * Records a topology, with the run's snapshots every `interval` events, and keeps the live
 * fold's state after every event (small runs only).
 */
function record(file: string, maxEvents: number, interval: number): { path: string; states: StateJson[] } {
  const topology = loadYamlTopology(readFileSync(join(REPO, 'recordings', file), 'utf8'), `recordings/${file}`);
  const run = new LiveRun(topology, { maxEvents });
  const header = recordingHeader(topology, run.network, topology.seed, 'test', 'test');
  const path = join(dir, file.replace('.yaml', '.db'));
  const writer = new SqliteRecordingWriter(path);
  writer.writeHeader(header);
  const state = initialState(header);
  const states = [toSnapshot(state)];
  writer.keepSnapshots({ interval, share: 0 });
  const summary = run.runSync((e) => {
    writer.append(e);
    states.push(toSnapshot(evolve(state, e)));
  });
  writer.finish({ complete: true, stopReason: summary.stopReason, events: summary.events, endTime: summary.endTime });
  return { path, states };
}

describe('state at any event, from the recording: snapshots and the fold', () => {
  const examples = readdirSync(join(REPO, 'recordings'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of examples) {
    it(`${file}: seeking in any order gives the state the live fold had at that event`, () => {
      const { path, states } = record(file, 1500, 97);
      const last = states.length - 1;
      const reader = new SqliteRecordingReader(path);
      const seeker = new StateSeeker(path, reader);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: last }), { minLength: 1, maxLength: 12 }), (seqs) => {
          for (const seq of seqs) expect(toSnapshot(seeker.stateAt(seq))).toEqual(states[seq]);
        }),
        { numRuns: 20 },
      );
      // Backwards from the end to N gives what forwards to N gave.
      const n = Math.floor(last / 3);
      seeker.stateAt(last);
      for (let seq = last; seq >= n; seq -= Math.max(1, Math.floor(last / 50)))
        expect(toSnapshot(seeker.stateAt(seq))).toEqual(states[seq]);
      seeker.close();
      reader.close();
    });
  }

  it("starts from the run's snapshots, and never writes the recording itself", () => {
    const { path, states } = record('triangle-storm.yaml', 3000, 500);
    const reader = new SqliteRecordingReader(path);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT seq FROM snapshots ORDER BY seq').pluck().all()).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    db.close();
    // A stored snapshot is the state itself: tamper with one and a seek after it shows the tampering.
    const w = new Database(path);
    const s = JSON.parse(
      decodeSnapshot(w.prepare('SELECT state FROM snapshots WHERE seq = 2000').pluck().get(), SNAPSHOT_VERSION),
    ) as StateJson;
    s.nodes[0]!.ports[0]![1].tx = 424242;
    w.prepare('UPDATE snapshots SET state = ? WHERE seq = 2000').run(encodeSnapshot(JSON.stringify(s), SNAPSHOT_VERSION));
    w.close();
    const before = readFileSync(path);
    const first = new StateSeeker(path, reader);
    expect(toSnapshot(first.stateAt(2100)).nodes[0]!.ports[0]![1].tx).toBe(424242);
    expect(toSnapshot(first.stateAt(1999))).toEqual(states[1999]);
    first.close();
    // Snapshots of another fold are never trusted: the seeker folds from the start instead, and stores nothing.
    const old = new Database(path);
    old.prepare("UPDATE meta SET value = 'fold-0' WHERE key = 'snapshot_format'").run();
    old.close();
    const edited = readFileSync(path);
    const second = new StateSeeker(path, reader);
    expect(toSnapshot(second.stateAt(2100))).toEqual(states[2100]);
    expect(toSnapshot(second.stateAt(2999))).toEqual(states[2999]);
    second.close();
    reader.close();
    expect(readFileSync(path).equals(edited)).toBe(true);
    expect(before.length).toBe(edited.length);
  });

  it('reads the JSON text that fold-5 and fold-6 stored, as it reads fold-7', () => {
    const { path, states } = record('triangle-storm.yaml', 3000, 500);
    const w = new Database(path);
    for (const [seq, stored] of w.prepare('SELECT seq, state FROM snapshots').raw().all() as Array<[number, Uint8Array]>) {
      const s = JSON.parse(decodeSnapshot(stored, SNAPSHOT_VERSION)) as StateJson;
      if (seq === 2000) s.nodes[0]!.ports[0]![1].tx = 424242;
      w.prepare('UPDATE snapshots SET state = ? WHERE seq = ?').run(JSON.stringify(s), seq);
    }
    w.close();
    const reader = new SqliteRecordingReader(path);
    for (const format of ['fold-5', 'fold-6']) {
      const m = new Database(path);
      m.prepare("UPDATE meta SET value = ? WHERE key = 'snapshot_format'").run(format);
      m.close();
      const seeker = new StateSeeker(path, reader);
      expect(toSnapshot(seeker.stateAt(2100)).nodes[0]!.ports[0]![1].tx).toBe(424242);
      expect(toSnapshot(seeker.stateAt(1900))).toEqual(states[1900]);
      seeker.close();
    }
    reader.close();
  });

  it('a snapshot that is not JSON, or not a state, is a located error', () => {
    const { path } = record('triangle-storm.yaml', 3000, 500);
    const w = new Database(path);
    w.prepare("UPDATE snapshots SET state = 'garbage{' WHERE seq = 2500").run();
    w.prepare('UPDATE snapshots SET state = ? WHERE seq = 3000').run(new Uint8Array([1, 2, 3]));
    w.prepare('UPDATE snapshots SET state = ? WHERE seq = 2000').run(encodeSnapshot('{"seq":2000}', SNAPSHOT_VERSION));
    w.close();
    const reader = new SqliteRecordingReader(path);
    expect(() => new StateSeeker(path, reader).stateAt(2600)).toThrow(
      `${path}: damaged recording: the snapshot after event 2500 is not JSON`,
    );
    expect(() => new StateSeeker(path, reader).stateAt(3000)).toThrow(
      `${path}: damaged recording: the snapshot after event 3000 is not JSON`,
    );
    expect(() => new StateSeeker(path, reader).stateAt(2200)).toThrow(
      `${path}: damaged recording: the snapshot after event 2000 is not a state hoplab wrote`,
    );
    reader.close();
  });
});

describe("a seeker's idle walk (the viewer's, between requests)", () => {
  it('keeps checkpoints as it folds the whole recording, and later seeks start from them with the same states', () => {
    // No stored snapshot: without the walk every seek would fold from the start.
    const { path, states } = record('triangle-storm.yaml', 30_000, 1e9);
    const reader = new SqliteRecordingReader(path);
    const seeker = new StateSeeker(path, reader);
    const last = states.length - 1;
    let slices = 0;
    while (seeker.walk(last, 5_000)) slices++;
    expect(slices).toBeGreaterThanOrEqual(5);
    expect(seeker.walkedTo).toBe(last);
    const rows = (seeker as unknown as { rows: { forEach: (from: number, to: number, each: unknown) => void } }).rows;
    const spans: number[] = [];
    const forEach = rows.forEach.bind(rows);
    rows.forEach = (from, to, each) => {
      spans.push(to - from);
      forEach(from, to, each);
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: last }), (seq) => {
        expect(toSnapshot(seeker.stateAt(seq))).toEqual(states[seq]);
      }),
      { numRuns: 40, seed: 7 },
    );
    // Each seek folded at most the walk's spacing (4,000 events) from a checkpoint or the state it was at.
    expect(Math.max(...spans)).toBeLessThanOrEqual(4_000);
    seeker.close();
    reader.close();
  });

  it('keeps each checkpoint as the state at its event, MAC moves and all', () => {
    // The walk writes its checkpoints as the run does, remaking only what changed (state/snapshot-bytes.ts): a storm's MACs move all the time.
    const { path, states } = record('triangle-storm.yaml', 30_000, 1e9);
    const reader = new SqliteRecordingReader(path);
    const seeker = new StateSeeker(path, reader);
    while (seeker.walk(states.length - 1, 5_000));
    const walked = (seeker as unknown as { walked: Map<number, Uint8Array> }).walked;
    expect(walked.size).toBeGreaterThanOrEqual(5);
    for (const [seq, stored] of walked) expect(JSON.parse(decodeSnapshot(stored, SNAPSHOT_VERSION)), `#${seq}`).toEqual(states[seq]);
    seeker.close();
    reader.close();
  });
});
