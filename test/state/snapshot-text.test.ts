import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { recordingHeader } from '../../src/pipeline/recording-header.js';
import { evolve } from '../../src/state/evolve.js';
import { initialState } from '../../src/state/node-state.js';
import { snapshotText, toSnapshot } from '../../src/state/state-snapshot.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO } from '../helpers/cli.js';

// The recorder writes each snapshot as snapshotText, which shares the
// state's entries instead of copying them (issue 21): its text must be the
// copy's, in every format, for every kind of state the examples hold (queues,
// MAC tables with and without VLANs, ARP caches, routes, the spanning tree,
// frames on the wires, a hub's relay), and taking it must not change the state.

const EXAMPLES = ['hub-3-hosts.yaml', 'triangle-storm.yaml', 'triangle-rstp.yaml', 'router-2-networks.yaml', 'vlan-2-groups.yaml'];

describe('a snapshot written without copies', () => {
  for (const file of EXAMPLES) {
    it(`is the copy's text, in fold-8 and fold-7, through ${file}`, () => {
      const topology = loadYamlTopology(readFileSync(join(REPO, 'recordings', file), 'utf8'), `recordings/${file}`);
      const run = new LiveRun(topology, { maxEvents: 2000 });
      const state = initialState(recordingHeader(topology, run.network, topology.seed, 'test', 'test'));
      let compared = 0;
      run.runSync((e) => {
        evolve(state, e);
        if (e.seq % 3 !== 0) return;
        for (const format of ['fold-8', 'fold-7']) {
          const copy = JSON.stringify(toSnapshot(state, format));
          expect(snapshotText(state, format)).toBe(copy);
          expect(JSON.stringify(toSnapshot(state, format))).toBe(copy);
        }
        compared++;
      });
      expect(compared).toBeGreaterThan(10);
    });
  }
});
