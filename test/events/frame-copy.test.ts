import Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { CopyTracker, copyOf } from '../../src/events/frame-copy.js';
import { hoplab, REPO, tempDir } from '../helpers/cli.js';

// Which copy of a frame an event concerns: the live run says it (the
// simulator's tracker and what the media state), the recording's events
// view says it in SQL, and `events --json` says it from the cause links.
// Three ways, one answer, on every example: and the answer makes sense on
// the wires (one tx per copy, received at that cable's far end).

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ev = (seq: number, kind: SimEvent['kind'], frame?: number, cause?: number): SimEvent => ({
  seq,
  t: 0,
  kind,
  node: 'n',
  why: '',
  ...(frame !== undefined && { frame }),
  ...(cause !== undefined && { cause }),
});

describe('copyOf', () => {
  // h1 sends (#3); sw1 receives (#4), floods (#5) out of p2 (#6) and finds p3's queue full (#7).
  const log = [ev(1, 'command'), ev(2, 'app', undefined, 1), ev(3, 'tx', 1, 1), ev(4, 'rx', 1, 3), ev(5, 'flood', 1, 4)];
  log.push(ev(6, 'tx', 1, 5), { ...ev(7, 'drop', 1, 5), reason: 'queue-full' }, ev(8, 'rx', 1, 6), ev(9, 'learn', undefined, 4));
  log.push(ev(10, 'deliver', 1, 8), ev(11, 'tx', 2, 10), { ...ev(12, 'drop', 3, 10), reason: 'arp-failed' });
  const lookup = (seq: number): SimEvent | undefined => log[seq - 1];
  const copies = log.map((e) => copyOf(e, lookup));

  it('names each copy by the tx that sent it, and gives it to what the receiver decided', () => {
    expect(copies).toEqual([undefined, undefined, 3, 3, 3, 6, 3, 6, undefined, 6, 11, undefined]);
  });

  it('gives a stream the same, remembering recent causes and asking for older ones', () => {
    const tracker = new CopyTracker(lookup);
    const streamed = log.map((e) => ({ ...e }));
    for (const e of streamed) tracker.assign(e);
    expect(streamed.map((e) => e.copy)).toEqual(copies);
  });

  it('asks for a cause the ring has forgotten, and without a lookup keeps what the producer said', () => {
    const asked: number[] = [];
    const tracker = new CopyTracker((seq) => {
      asked.push(seq);
      return lookup(seq);
    });
    for (const e of log.slice(0, 5).map((x) => ({ ...x }))) tracker.assign(e);
    // An rx 65,536 events on takes #4's place in the ring: #4 must then be asked for, not taken from the slot.
    const later = ev(4 + (1 << 16), 'rx', 9, 3 + (1 << 16));
    tracker.assign(later);
    expect(later.copy).toBe(3 + (1 << 16));
    const deliver = ev(1 << 17, 'deliver', 1, 4);
    tracker.assign(deliver);
    expect(deliver.copy).toBe(3);
    expect(asked).toEqual([4]);
    const live = new CopyTracker();
    const stated = { ...ev(1 << 17, 'drop', 1, 3), copy: 3 };
    live.assign(stated);
    expect(stated.copy).toBe(3);
    const unknown = ev((1 << 17) + 1, 'drop', 1, 5);
    live.assign(unknown);
    expect(unknown.copy).toBeUndefined();
  });
});

const EXAMPLES = readdirSync(join(REPO, 'recordings'))
  .filter((f) => /\.(yaml|sh)$/.test(f))
  .sort();

interface Row {
  seq: number;
  kind: string;
  node: string;
  port: string | null;
  frame: number | null;
  copy: number | null;
}

describe('every example: the live run, the SQL view and events --json agree on each copy', () => {
  for (const file of EXAMPLES) {
    it(file, () => {
      const db = join(dir, `${file}.db`);
      // The mesh storm's full queues show in its first 20,000 events; the others end sooner.
      const live = hoplab(['run', `recordings/${file}`, '--json', '--max-events', '20000', '-o', db]);
      // The tutorial shows three commands failing as they fail on Linux: the run says so with status 1.
      expect(live.status).toBe(file.endsWith('.sh') ? 1 : 0);
      const fromLive = live.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as SimEvent);
      const fromEvents = hoplab(['events', db, '--json'])
        .stdout.trim()
        .split('\n')
        .map((l) => JSON.parse(l) as SimEvent);
      const sql = new Database(db, { readonly: true });
      const rows = sql.prepare('SELECT seq, kind, node, port, frame, copy FROM events ORDER BY seq').all() as Row[];
      const peers = new Map(
        (sql.prepare('SELECT node, port, peer_node, peer_port FROM ports').all() as Array<Record<string, string>>).map((p) => [
          `${p.node}:${p.port}`,
          `${p.peer_node}:${p.peer_port}`,
        ]),
      );
      sql.close();
      const copies = rows.map((r) => r.copy ?? undefined);
      expect(fromEvents.map((e) => e.copy)).toEqual(copies);
      expect(fromLive.map((e) => e.copy)).toEqual(copies);
      expect(copies.some((c) => c !== undefined)).toBe(true);

      const bySeq = new Map(rows.map((r) => [r.seq, r]));
      for (const r of rows) {
        if (r.copy === null) {
          expect(r.frame === null || r.kind !== 'tx').toBe(true);
          continue;
        }
        const tx = bySeq.get(r.copy)!;
        // A copy is one tx, of the same bytes; its rx is at the far end of the sender's cable.
        expect(tx.kind).toBe('tx');
        expect(tx.frame).toBe(r.frame);
        // (A script moves cable ends between namespaces: its ports table is how they ended.)
        if (r.kind === 'rx' && !file.endsWith('.sh')) expect(peers.get(`${tx.node}:${tx.port}`)).toBe(`${r.node}:${r.port}`);
      }
    });
  }
});
