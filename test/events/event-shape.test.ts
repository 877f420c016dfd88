import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

// V8 gives each object a hidden class, whose fields each have a representation:
// a small integer (Smi, up to 2^31 - 1 here), a double, or any value. A field that
// starts as a Smi and is later given a double (a time past 2^31 ns, or one read as a
// double from the event queue's array) is generalised, and the old class is deprecated. Code optimised against a deprecated class that keeps
// making objects of it is thrown away and optimised again, over and over: on one
// switch of 2,000 hosts a run fell into that loop one time in two and took 5.5 s
// instead of 3.0 s (`--trace-deopt`: Direction.start deoptimised 285 times, "wrong
// map"). The builders' events start with a double time, so growing times never
// change their class. %HaveSameMap is V8's own answer, asked in a child process
// started with --allow-natives-syntax.
const SCRIPT = `
  import { frameEventInit } from './src/events/event-init.ts';
  import { Simulator } from './src/sim/simulator.ts';
  const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
  const sim = new Simulator(1, { until: Infinity, maxEvents: 100 });
  const events = [];
  sim.onEvent((e) => events.push(e));
  const emitAt = (t) => {
    sim.now = t;
    sim.emit(frameEventInit('tx', 'h1', 'eth0', sim.newFrameId(), new Uint8Array(60), 0, 'h1 sends 60 bytes'));
  };
  emitAt(1_000);
  emitAt(3_000_000_000);
  emitAt(2_000);
  // Asked before anything reads the events: a read migrates an object off a deprecated class.
  const same = [sameMap(events[0], events[1]), sameMap(events[1], events[2])];
  console.log(JSON.stringify({ times: events.map((e) => e.t), same }));
`;

describe("the hot events' hidden class", () => {
  it('stays the same when virtual time outgrows a small integer (2^31 ns, about 2.1 s)', () => {
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ times: [1_000, 3_000_000_000, 2_000], same: [true, true] });
  });
});
