import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { attachScript } from '../../src/shell/attach.js';
import { evolve, type FoldEvent } from '../../src/state/evolve.js';
import { initialState, type HeaderShape } from '../../src/state/node-state.js';
import { SnapshotBytes } from '../../src/state/snapshot-bytes.js';
import { snapshotText } from '../../src/state/state-snapshot.js';
import { loadScriptTopology } from '../../src/topology/script-load.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO } from '../helpers/cli.js';
import { randomScript, randomYaml } from './random-networks.js';

// The recorder's worker writes each snapshot with SnapshotBytes, which keeps
// the part of each node after its ports from one snapshot to the next until
// an event may change it. Its bytes must be snapshotText's UTF-8 after every
// event of every kind, in every format: a kind it wrongly deems harmless
// leaves stale neighbours, MAC entries, routes or spanning tree behind.

const FORMATS = ['fold-8', 'fold-7'];
const RECORDINGS = join(REPO, 'recordings');

/** Folds the run's events one by one, comparing SnapshotBytes with snapshotText after each; the kinds of events met. */
function expectBytesAfterEveryEvent(source: string, script: boolean, seed?: number): Set<string> {
  const topology = script ? loadScriptTopology(source, 'test.sh') : loadYamlTopology(source, 'test.yaml');
  const run = new LiveRun(topology, { maxEvents: 3000, ...(seed !== undefined && { seed }) });
  attachScript(run.network);
  const state = initialState(recordingHeader(topology, run.network, seed ?? topology.seed, 'test', 'test'));
  const writers = FORMATS.map((format) => ({ format, bytes: new SnapshotBytes(format) }));
  const kinds = new Set<string>();
  run.runSync((e) => {
    evolve(state, e);
    kinds.add(e.kind);
    for (const { format, bytes } of writers) {
      bytes.folded(state, e);
      const text = snapshotText(state, format);
      if (bytes.of(state).toString('utf8') !== text)
        expect(bytes.of(state).toString('utf8'), `${format} after #${e.seq} (${e.kind})`).toBe(text);
    }
  });
  return kinds;
}

describe('snapshot bytes kept between snapshots', () => {
  const examples = readdirSync(RECORDINGS)
    .filter((f) => /\.(yaml|sh)$/.test(f))
    .sort();
  it('are snapshotText after every event of every example', () => {
    const kinds = new Set<string>();
    for (const file of examples) {
      for (const kind of expectBytesAfterEveryEvent(readFileSync(join(RECORDINGS, file), 'utf8'), file.endsWith('.sh'))) kinds.add(kind);
    }
    // The examples do change what a node keeps: MAC tables, neighbours, the spanning tree, configuration.
    for (const kind of ['learn', 'move', 'neigh', 'stp', 'config', 'link']) expect(kinds).toContain(kind);
  });

  it('are snapshotText after every event of random scripts and scenarios', () => {
    fc.assert(
      fc.property(randomScript, (script) => {
        expectBytesAfterEveryEvent(script, true);
      }),
      { numRuns: 10 },
    );
    fc.assert(
      fc.property(randomYaml, ({ yaml, seed }) => {
        expectBytesAfterEveryEvent(yaml, false, seed);
      }),
      { numRuns: 10 },
    );
  });

  it('append learned addresses, and write the table whole when one is learned again', () => {
    const header: HeaderShape = {
      nodes: [{ name: 'sw', kind: 'switch' }],
      ports: [
        { node: 'sw', port: 'p0' },
        { node: 'sw', port: 'p1' },
      ],
    };
    const state = initialState(header);
    const bytes = new SnapshotBytes('fold-8');
    const mac = (i: number): string => `02:00:00:00:00:${i.toString(16).padStart(2, '0')}`;
    let seq = 0;
    const fold = (e: Omit<FoldEvent, 'seq' | 't' | 'node'>): void => {
      seq++;
      const event: FoldEvent = { seq, t: seq * 1000, node: 'sw', ...e };
      evolve(state, event);
      bytes.folded(state, event);
      expect(bytes.of(state).toString('utf8'), `after #${seq}`).toBe(snapshotText(state));
    };
    // More snapshots, each after one more address, than the chunks a node keeps apart.
    for (let i = 0; i < 40; i++) fold({ kind: 'learn', mac: mac(i), port: `p${i % 2}` });
    // Learned again (evolve takes it out and puts it at the end), moved, aged out.
    fold({ kind: 'learn', mac: mac(3), port: 'p1' });
    fold({ kind: 'learn', mac: mac(40), port: 'p0' });
    fold({ kind: 'move', mac: mac(5), port: 'p0' });
    fold({ kind: 'age', mac: mac(7) });
    fold({ kind: 'learn', mac: mac(41), port: 'p1' });
    expect(state.nodes.get('sw')!.fdb.size).toBe(41);
  });

  it('are UTF-8 for names that are not ASCII, past the first buffer', () => {
    // An interface may be named in any bytes but '/' and spaces (dev_valid_name); 3,000 nodes outgrow the first 64 kB.
    const header: HeaderShape = { nodes: [], ports: [] };
    for (let i = 0; i < 3000; i++) {
      header.nodes.push({ name: i % 2 === 0 ? `hôte-${i}` : `h${i}`, kind: 'switch' });
      header.ports.push({ node: header.nodes[i]!.name, port: i % 3 === 0 ? 'pörta' : 'p0', mac: '02:00:00:00:00:01' });
    }
    const state = initialState(header);
    const bytes = new SnapshotBytes('fold-8');
    const stored = bytes.of(state);
    expect(stored.byteLength).toBeGreaterThan(64 * 1024);
    expect(stored.equals(Buffer.from(snapshotText(state), 'utf8'))).toBe(true);
    // Written again from what it kept: the same bytes.
    expect(bytes.of(state).equals(Buffer.from(snapshotText(state), 'utf8'))).toBe(true);
  });
});
