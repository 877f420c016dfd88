import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../src/api/recording.js';
import { run } from '../../src/api/run.js';
import { loadScriptTopology } from '../../src/topology/script-load.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { tempDir } from '../helpers/cli.js';
import { runFolded } from './live-fold.js';
import { randomScript } from './random-networks.js';
import { foldView, liveView, type NodeView } from './tables-view.js';

// What `hoplab state --at` reads: the recording's starting configuration
// and its events through SQLite (the config column's JSON, snapshots), folded
// by StateSeeker. At events picked at random, it must give what the live
// devices held when the run passed that event.

const RECORDINGS = join(import.meta.dirname, '../../recordings');
const dir = tempDir();
const MAX_EVENTS = 4000;

/** The live tables at every kernel action's end, by the seq of its last event. */
function liveTables(source: string, script: boolean): Map<number, Record<string, NodeView>> {
  const views = new Map<number, Record<string, NodeView>>();
  runFolded(source, (_, network, events) => views.set(events.length, liveView(network)), { script, maxEvents: MAX_EVENTS });
  return views;
}

async function expectRecordingFoldsToLive(name: string, source: string, script: boolean, picks: number): Promise<void> {
  const topology = script ? loadScriptTopology(source, `${name}`) : loadYamlTopology(source, name);
  const path = join(dir, `${name}.db`);
  await run(topology, { record: path, maxEvents: MAX_EVENTS }).result();
  const live = liveTables(source, script);
  const seqs = [...live.keys()];
  const chosen = fc.sample(fc.constantFrom(...seqs), picks);
  // Backwards and forwards: a seek starts from a snapshot or from the start, never from where it was by luck.
  chosen.push(seqs[0]!, seqs.at(-1)!);
  const recording = openRecording(path);
  try {
    for (const seq of chosen) expect(foldView(recording.stateAt(seq)), `${name} at #${seq}`).toEqual(live.get(seq));
  } finally {
    recording.close();
  }
}

describe('the state a recording gives equals the live devices', () => {
  const examples = readdirSync(RECORDINGS)
    .filter((f) => /\.(yaml|sh)$/.test(f))
    .sort();
  for (const file of examples) {
    it(`recordings/${file}, at random events`, async () => {
      await expectRecordingFoldsToLive(file, readFileSync(join(RECORDINGS, file), 'utf8'), file.endsWith('.sh'), 15);
    });
  }

  it('random scripts, at random events', async () => {
    for (const [i, script] of fc.sample(randomScript, 8).entries()) await expectRecordingFoldsToLive(`random-${i}.sh`, script, true, 10);
  });
});
