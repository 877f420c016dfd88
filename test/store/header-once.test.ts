import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { openRecording } from '../../src/api/recording.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// A recording's header (its nodes, ports, scenario and starting tables) is
// written before the first event and never changes: a reader reads it once
// however often it is asked. `hoplab state` asks twice, for the node names
// and for the fold; on 5,000 hosts each read took 110 ms.

/** Statements prepared on every connection a reader opens that read the starting tables. */
const startReads = vi.hoisted(() => ({ count: 0 }));

vi.mock('../../src/store/open-readonly.js', async (original) => {
  const real = await original<typeof import('../../src/store/open-readonly.js')>();
  return {
    ...real,
    openReadOnly: (path: string): Database.Database => {
      const db = real.openReadOnly(path);
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => {
        if (/\bFROM start_nodes\b/.test(sql)) startReads.count++;
        return prepare(sql);
      }) as typeof db.prepare;
      return db;
    },
  };
});

const dir = tempDir();
const rec = join(dir, 'routers.db');
hoplab(['run', 'recordings/routers-chain.yaml', '-o', rec, '--quiet']);

describe("a recording's header", () => {
  it('is read once by a recording opened for reading, however often the header and the state are asked for', () => {
    const recording = openRecording(rec);
    try {
      const first = recording.header();
      expect(first.start?.nodes.length).toBeGreaterThan(3);
      const again = recording.header();
      expect(again).toEqual(first);
      const state = recording.stateText(5);
      expect(state[0]).toMatch(/^state just after #5 /);
      recording.stateText(recording.status().events);
      expect(startReads.count).toBe(1);
    } finally {
      recording.close();
    }
  });
});
