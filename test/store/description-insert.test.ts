import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_COLUMNS, type DescriptionValues } from '../../src/store/descriptions.js';
import { DescriptionInserter } from '../../src/store/event-insert.js';

// DescriptionInserter batches rows by their shape: kind, node, port and why
// alone; those with an app line's text and channel too; any other one at a time.
// Whatever the mix and however the batches fall, the table holds every row as given.

const SCHEMA = readFileSync(new URL('../../src/store/schema.sql', import.meta.url), 'utf8');

const shortRow = fc.record({
  kind: fc.constantFrom('tx', 'rx', 'deliver'),
  node: fc.constantFrom('h1', 'sw1'),
  port: fc.option(fc.constantFrom('eth0', 'p1')),
});
const lineRow = fc.record({ text: fc.string({ maxLength: 12 }), channel: fc.option(fc.constantFrom('stdout', 'stderr')) });
const fullRow = fc.record({ mac: fc.constantFrom('02:00:00:00:00:01'), text: fc.option(fc.constantFrom('x')) });
const rowShape = fc.oneof(
  shortRow.map((r) => ({ ...r, extra: {} as Record<string, unknown> })),
  fc.tuple(shortRow, lineRow).map(([r, l]) => ({ ...r, extra: l as Record<string, unknown> })),
  fc.tuple(shortRow, fullRow).map(([r, f]) => ({ ...r, extra: f as Record<string, unknown> })),
);

function row(id: number, shape: { kind: string; node: string; port: string | null; extra: Record<string, unknown> }): DescriptionValues {
  const d = new Array<unknown>(DESCRIPTION_COLUMNS.length).fill(null);
  d[0] = id;
  d[1] = shape.kind;
  d[2] = shape.node;
  d[3] = shape.port;
  d[4] = `why ${id}`;
  for (const [column, value] of Object.entries(shape.extra))
    d[DESCRIPTION_COLUMNS.indexOf(column as (typeof DESCRIPTION_COLUMNS)[number])] = value;
  return d as DescriptionValues;
}

describe('DescriptionInserter', () => {
  it('stores every row as given, in any mix of shapes, across batches and the drain', () => {
    fc.assert(
      fc.property(fc.array(rowShape, { maxLength: 80 }), (shapes) => {
        const db = new Database(':memory:');
        db.exec(SCHEMA);
        const rows = shapes.map((s, i) => row(i + 1, s));
        const inserter = new DescriptionInserter(db);
        db.transaction(() => {
          for (const d of rows) inserter.add(d);
          inserter.drain();
        })();
        const stored = db
          .prepare(`SELECT ${DESCRIPTION_COLUMNS.join(', ')} FROM descriptions ORDER BY id`)
          .raw()
          .all();
        db.close();
        expect(stored).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });
});
