import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { runYaml } from '../helpers/run-topology.js';
import { twoHostsYaml } from '../helpers/topologies.js';

/**
 * A cable's direction sends one frame at a time and queues the next (cable.ts
 * Direction). The line is free once the action ending its frame would have
 * run, in the order of actions at that instant; that action is scheduled only
 * when a frame waits for it.
 */
const twoHosts = (queue: number, scenario: string): string =>
  twoHostsYaml('line', `{ ends: [h1:eth0, h2:eth0], rate: 1Mbps, delay: 1ms, queue: ${queue} }`, scenario);

const send = (at: string, payload: string): string =>
  `  - { at: ${at}, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload ${payload} }\n`;

/** h1's transmissions and drops, as "time kind [reason]" (µs). */
function fates(events: SimEvent[]): string[] {
  return events
    .filter((e) => e.node === 'h1' && (e.kind === 'tx' || e.kind === 'drop'))
    .map((e) => `${e.t / 1e3}us ${e.kind}${e.reason ? ` ${e.reason}` : ''}`);
}

describe('frames sent together on one line', () => {
  // Each frame is 17 bytes (a veth pads nothing): 136 µs at 1 Mbps.
  const { events } = runYaml(twoHosts(1, send('0ms', 'one') + send('0ms', 'two') + send('0ms', 'six')));

  it('go one after the other, the queue holding one and dropping the next', () => {
    expect(fates(events)).toEqual(['0us tx', '0us drop queue-full', '136us tx']);
  });

  it('arrive a serialisation and a delay after each starts', () => {
    expect(events.filter((e) => e.kind === 'rx' && e.node === 'h2').map((e) => e.t / 1e3)).toEqual([1136, 1272]);
  });
});

describe('a frame sent at the very instant the line frees', () => {
  // The scenario's actions are scheduled when the run starts, before the
  // first frame ends: at 136 µs they come before the line's end, and find it
  // busy (one queued, the next dropped). A frame sent after the second
  // frame's end finds the line free.
  const { events } = runYaml(twoHosts(1, send('0ms', 'one') + send('136us', 'two') + send('136us', 'six') + send('273us', 'ten')));

  it('finds the line still busy, in the order the actions were scheduled', () => {
    expect(fates(events)).toEqual(['0us tx', '136us drop queue-full', '136us tx', '273us tx']);
  });
});

describe('an idle line', () => {
  it('leaves one action in the queue per frame on it: its arrival, not also the end of its transmission', () => {
    const run = new LiveRun(loadYamlTopology(twoHosts(1, send('0ms', 'one')), 'line.yaml'));
    const kinds: string[] = [];
    run.sim.onEvent((e) => kinds.push(e.kind));
    run.network.start();
    expect(run.sim.pending).toBe(1);
    run.sim.runSlice(1);
    expect(kinds).toContain('tx');
    expect(run.sim.pending).toBe(1);
  });
});
