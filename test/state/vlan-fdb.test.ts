import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { evolve } from '../../src/state/evolve.js';
import { initialState, type NetState } from '../../src/state/node-state.js';
import { fdbLines } from '../../src/state/state-format.js';
import { cloneState, fromSnapshot, toSnapshot } from '../../src/state/state-snapshot.js';

/** What iproute2 printed (test/fixtures/oracle/V1-vlan-fdb): the kernel's own lines, and the same entries with NDA_VLAN. */
const ORACLE = join(import.meta.dirname, '../fixtures/oracle/V1-vlan-fdb');
const kernelLines = (file: string): string[] => readFileSync(join(ORACLE, file), 'utf8').split('\n').filter(Boolean);

/** A bridge named br0, as the oracle's, with ports p1 and p4. */
function bridge(): NetState {
  return initialState({
    nodes: [{ name: 'br0', kind: 'switch' }],
    ports: [
      { node: 'br0', port: 'p1' },
      { node: 'br0', port: 'p4' },
    ],
  });
}

let seq = 0;
function fold(state: NetState, kind: 'learn' | 'move' | 'age', port: string, mac: string, vlan?: number): void {
  seq++;
  const e: SimEvent = { seq, t: seq * 1000, kind, node: 'br0', port, mac, why: `${kind} (the fold never reads this)` };
  if (vlan !== undefined) e.vlan = vlan;
  evolve(state, e);
}

/** `bridge fdb show` as hoplab prints it, without the learning note (the kernel has none). */
const shown = (state: NetState): string[] => fdbLines(state.nodes.get('br0')!, state.t).map((l) => l.replace(/ {2}\(learned at .*\)$/, ''));

describe('a VLAN-aware switch keys its fdb by MAC and VLAN, and prints the VLAN as bridge fdb show does', () => {
  it('prints entries with a VLAN as iproute2 prints the kernel message with NDA_VLAN (trailing space aside)', () => {
    const state = bridge();
    fold(state, 'learn', 'p1', '02:00:00:00:00:01', 10);
    fold(state, 'learn', 'p4', '02:00:00:00:00:03', 10);
    fold(state, 'learn', 'p4', '02:00:00:00:00:03', 20);
    const crafted = kernelLines('crafted.txt');
    // crafted.txt: the two entries without NDA_VLAN (as the kernel printed them, real.txt), the three with it, then a deletion.
    expect(shown(state)).toEqual(crafted.slice(2, 5).map((l) => l.trimEnd()));
    fold(state, 'age', 'p4', '02:00:00:00:00:03', 20);
    expect(shown(state)).toEqual(crafted.slice(2, 4).map((l) => l.trimEnd()));
    expect(crafted[5]).toBe(`Deleted ${crafted[4]}`);
  });

  it('a switch without VLANs (and a schema 1-4 recording, whose events state none) keeps MAC-only entries, printed as the kernel did', () => {
    const state = bridge();
    fold(state, 'learn', 'p1', '02:00:00:00:00:01');
    fold(state, 'learn', 'p4', '02:00:00:00:00:03');
    expect(shown(state)).toEqual(kernelLines('real.txt').map((l) => l.trimEnd()));
    fold(state, 'move', 'p1', '02:00:00:00:00:03');
    expect(shown(state)).toEqual(['02:00:00:00:00:01 dev p1 master br0', '02:00:00:00:00:03 dev p1 master br0']);
    fold(state, 'age', 'p1', '02:00:00:00:00:01');
    expect([...state.nodes.get('br0')!.fdb.keys()]).toEqual(['02:00:00:00:00:03']);
  });

  it('one MAC in two VLANs is two entries: a move or an age in one leaves the other', () => {
    const state = bridge();
    fold(state, 'learn', 'p1', '02:00:00:00:00:01', 10);
    fold(state, 'learn', 'p4', '02:00:00:00:00:01', 20);
    fold(state, 'move', 'p4', '02:00:00:00:00:01', 10);
    expect(shown(state)).toEqual(['02:00:00:00:00:01 dev p4 vlan 10 master br0', '02:00:00:00:00:01 dev p4 vlan 20 master br0']);
    fold(state, 'age', 'p4', '02:00:00:00:00:01', 20);
    expect(shown(state)).toEqual(['02:00:00:00:00:01 dev p4 vlan 10 master br0']);
    // A relearning goes to the end, as the kernel's table re-inserts it.
    fold(state, 'learn', 'p1', '02:00:00:00:00:02', 10);
    fold(state, 'learn', 'p1', '02:00:00:00:00:01', 10);
    expect(shown(state)).toEqual(['02:00:00:00:00:02 dev p1 vlan 10 master br0', '02:00:00:00:00:01 dev p1 vlan 10 master br0']);
  });

  it('snapshots keep each entry under its VLAN: a state restored from one folds on as the original does', () => {
    const state = bridge();
    fold(state, 'learn', 'p1', '02:00:00:00:00:01', 10);
    fold(state, 'learn', 'p4', '02:00:00:00:00:01', 20);
    fold(state, 'learn', 'p4', '02:00:00:00:00:03');
    const json = JSON.parse(JSON.stringify(toSnapshot(state)));
    const restored = fromSnapshot(json, state.peers);
    expect([...restored.nodes.get('br0')!.fdb.keys()]).toEqual([...state.nodes.get('br0')!.fdb.keys()]);
    const copy = cloneState(state);
    fold(state, 'age', 'p4', '02:00:00:00:00:01', 20);
    fold(restored, 'age', 'p4', '02:00:00:00:00:01', 20);
    expect(shown(restored)).toEqual(shown(state));
    expect(shown(restored)).toEqual(['02:00:00:00:00:01 dev p1 vlan 10 master br0', '02:00:00:00:00:03 dev p4 master br0']);
    expect(copy.nodes.get('br0')!.fdb.size).toBe(3);
  });
});
