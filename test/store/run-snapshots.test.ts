import { describe, expect, it } from 'vitest';
import { evolve, type FoldEvent } from '../../src/state/evolve.js';
import { initialState, type HeaderShape } from '../../src/state/node-state.js';
import { SNAPSHOT_VERSION, snapshotText } from '../../src/state/state-snapshot.js';
import { DESCRIPTION_COLUMNS, type DescriptionValues } from '../../src/store/descriptions.js';
import { LOG_WIDTH } from '../../src/store/log-blocks.js';
import { RunSnapshots } from '../../src/store/run-snapshots.js';
import { decodeSnapshot } from '../../src/store/snapshot-codec.js';

// The recorder's worker folds the rows it writes into the run's snapshots,
// keeping each description's facts by id for the rows that name it. A learn's
// description is named by one row only (the interner stores one for every
// learn): a 5,000-host tree makes one per switch and MAC, and keeping their
// facts grew the worker's heap run-long.

const HEADER: HeaderShape = {
  nodes: [{ name: 'sw', kind: 'switch' }],
  ports: [
    { node: 'sw', port: 'p0' },
    { node: 'sw', port: 'p1' },
  ],
};
const MACS = ['02:00:00:00:00:01', '02:00:00:00:00:02', '02:00:00:00:00:03'];

/** A description as the interner makes it: `columns` by name, the rest null. */
function description(id: number, columns: Partial<Record<(typeof DESCRIPTION_COLUMNS)[number], string>>): DescriptionValues {
  const d = new Array<string | number | null>(DESCRIPTION_COLUMNS.length).fill(null);
  d[0] = id;
  for (const [name, value] of Object.entries(columns)) d[DESCRIPTION_COLUMNS.indexOf(name as (typeof DESCRIPTION_COLUMNS)[number])] = value;
  return d as DescriptionValues;
}

/** Description 1 a program's line, which recurs; 2, 3 and 4 the switch learning each of MACS, on p0, p1 and p0. */
const DESCRIPTIONS: DescriptionValues[] = [
  description(1, { kind: 'app', node: 'sw', why: 'a line', text: 'x' }),
  ...MACS.map((mac, i) =>
    description(i + 2, { kind: 'learn', node: 'sw', port: `p${i % 2}`, mac, why: `sw learns ${mac} behind p${i % 2}` }),
  ),
];
/** The rows' descriptions, in seq order from 1. */
const ROWS = [1, 2, 1, 3, 1, 4];

/** The facts RunSnapshots keeps for `id` (private: what this test is about is what it holds on to). */
function factsKept(fold: RunSnapshots, id: number): unknown {
  return (fold as unknown as { facts: unknown[] }).facts[id];
}

describe("the run's snapshot fold in the recorder's worker", () => {
  it("keeps a learn's facts only until its row is folded, a recurring description's for every row, and folds both", () => {
    // A snapshot after every event, so that the last one shows what was folded.
    const fold = new RunSnapshots({ header: HEADER, cadence: { interval: 1, share: 0 }, format: SNAPSHOT_VERSION });
    for (const d of DESCRIPTIONS) fold.description(d);
    let last: [number, string | Uint8Array] | undefined;
    ROWS.forEach((id, i) => {
      const log = new Float64Array(LOG_WIDTH);
      log.set([i + 1, (i + 1) * 1000, 0, 0, id]);
      last = fold.row(log, 0) ?? last;
    });
    expect([1, 2, 3, 4].map((id) => factsKept(fold, id) !== undefined)).toEqual([true, false, false, false]);

    const expected = initialState(HEADER);
    ROWS.forEach((id, i) => {
      const seq = i + 1;
      const e: FoldEvent =
        id === 1
          ? { seq, t: seq * 1000, kind: 'app', node: 'sw' }
          : { seq, t: seq * 1000, kind: 'learn', node: 'sw', port: `p${(id - 2) % 2}`, mac: MACS[id - 2]! };
      evolve(expected, e);
    });
    expect(expected.nodes.get('sw')!.fdb.size).toBe(3);
    expect(last?.[0]).toBe(ROWS.length);
    expect(decodeSnapshot(last![1], SNAPSHOT_VERSION)).toBe(snapshotText(expected));
  });
});
