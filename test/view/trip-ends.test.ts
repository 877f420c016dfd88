import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ViewSession } from '../../src/view/session.js';
import { hoplab, tempDir } from '../helpers/cli.js';
import { HUB_COLLISION_YAML } from '../helpers/topologies.js';

// Issue 16's seeks: once the viewer's idle walk has folded a recording, the
// frames on the wires at any event take their trips' ends from what the walk
// learnt (trip-ends.ts) instead of reading the events after it, and draw the
// very envelopes the read gave: on a storm with 20 us links and on a hub where
// two frames collide.

const dir = tempDir();

function record(name: string, topology: string, args: string[] = []): string {
  const path = join(dir, `${name}.db`);
  expect(hoplab(['run', topology, '-o', path, '--quiet', ...args]).status).toBe(0);
  return path;
}

const sessions: ViewSession[] = [];
afterAll(() => {
  for (const s of sessions) s.close();
});

/** Each sampled event's envelopes before the walk (read from the recording) and after it (from the walk), and how often the second read the recording for ends. */
async function beforeAndAfterWalk(path: string, seqs: (last: number) => number[]) {
  const session = new ViewSession(path);
  sessions.push(session);
  const sample = seqs(session.last);
  // No await before this line: the idle walk has not run a slice yet.
  expect(session.seeker.walkedTo).toBe(0);
  const read = sample.map((seq) => (session.at(seq) as { envelopes: unknown[] }).envelopes);
  await vi.waitFor(() => expect(session.seeker.walkedTo).toBe(session.last), { timeout: 30_000, interval: 20 });
  const endsOf = vi.spyOn(session.trips, 'endsOf');
  const walked = sample.map((seq) => (session.at(seq) as { envelopes: unknown[] }).envelopes);
  return { read, walked, reads: endsOf.mock.calls.length };
}

describe("trips' ends learnt by the idle walk", () => {
  it('a storm: every sampled event draws the same envelopes, and nothing is read for their ends', async () => {
    const path = record('storm', 'test/fixtures/view/long-delay-storm.yaml');
    const { read, walked, reads } = await beforeAndAfterWalk(path, (last) => [1, 500, 4_000, 12_345, 19_000, last - 10, last]);
    expect(read.some((envelopes) => envelopes.length > 500)).toBe(true);
    expect(walked).toEqual(read);
    expect(reads).toBe(0);
  });

  it('a hub where two frames collide: every event draws the same envelopes, collided ones included', async () => {
    writeFileSync(join(dir, 'hub.yaml'), HUB_COLLISION_YAML);
    const path = record('hub', join(dir, 'hub.yaml'));
    const { read, walked, reads } = await beforeAndAfterWalk(path, (last) => Array.from({ length: last }, (_, i) => i + 1));
    // Envelope [txSeq, t0, t1, cable, dir, class, fate]: fate 3 is a collision.
    expect(read.flat().some((e) => (e as number[])[6] === 3)).toBe(true);
    expect(walked).toEqual(read);
    expect(reads).toBe(0);
  });
});
