import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// The hub examples run through the real CLI, their recorded tx and rx times checked
// against the 802.3 arithmetic worked by hand here, not against hoplab's own code: at
// 10 Mb/s a bit is 100 ns; a frame holds the wire for preamble 7 + SFD 1 octets, the
// frame padded to 60 octets, and a 4-octet FCS (clause 3.2, 4.2.3.3); a station waits
// the 96-bit interframe gap after the wire goes quiet (4.2.3.2.2, 4.4.2).
const BIT_NS = 100;
const wireNs = (len: number): number => (8 + Math.max(len, 60) + 4) * 8 * BIT_NS;
const GAP_NS = 96 * BIT_NS;

interface Hop {
  station: SimEvent;
  len: number;
  /** Station to hub: the hub repeats from the first bit that reaches it. */
  delayNs: number;
  /** Each copy out of a hub port, and its arrival (rx) at the station behind it. */
  copies: Array<{ hubTx: SimEvent; rx: SimEvent }>;
}

function hopsOf(db: string): Hop[] {
  const reader = new SqliteRecordingReader(db);
  try {
    const hubs = new Set(
      reader
        .header()
        .nodes.filter((n) => n.kind === 'hub')
        .map((n) => n.name),
    );
    const events = [...reader.events()];
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    const hops: Hop[] = [];
    for (const flood of events.filter((e) => e.kind === 'flood' && hubs.has(e.node))) {
      const station = bySeq.get(flood.cause!)!;
      const copies = events
        .filter((e) => e.kind === 'tx' && e.cause === flood.seq)
        .map((hubTx) => ({ hubTx, rx: events.find((e) => e.kind === 'rx' && e.cause === hubTx.seq)! }));
      hops.push({ station, len: reader.frame(station.frame!)!.length, delayNs: flood.t - station.t, copies });
    }
    return hops;
  } finally {
    reader.close();
  }
}

describe.each(['hub-3-hosts', 'hub-2-segments'])('hoplab run recordings/%s.yaml: the 802.3 wire time', (name) => {
  const dir = tempDir();
  const db = join(dir, `${name}.db`);
  const run = hoplab(['run', `recordings/${name}.yaml`, '-o', db, '--quiet']);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every frame on the segment arrives (8 + max(len, 60) + 4) x 8 bit times after its tx, plus the cables', () => {
    expect(run.status, run.stderr).toBe(0);
    const hops = hopsOf(db);
    expect(hops.length).toBeGreaterThanOrEqual(8);
    for (const { station, len, delayNs, copies } of hops) {
      expect(station.kind).toBe('tx');
      for (const { hubTx, rx } of copies) {
        expect(hubTx.t).toBe(station.t + delayNs);
        // Every cable in these examples has the same delay, so the far one is delayNs too.
        expect(rx.t - station.t, `#${station.seq} ${len} bytes`).toBe(wireNs(len) + 2 * delayNs);
      }
    }
    // The ARP request, as the host recorded it: 42 bytes, 57.6 us on the wire.
    const arp = hops.find((h) => h.len === 42)!;
    expect(arp.copies[0]!.rx.t - arp.station.t - 2 * arp.delayNs).toBe(57_600);
  });

  it('a station sends no sooner than 9.6 us after the last frame on the segment has passed it, and an answer exactly then', () => {
    const hops = hopsOf(db).sort((a, b) => a.station.t - b.station.t);
    let exact = 0;
    for (let i = 1; i < hops.length; i++) {
      const prev = hops[i - 1]!;
      const next = hops[i]!;
      const sameStation = prev.station.node === next.station.node && prev.station.port === next.station.port;
      const passed = prev.station.t + wireNs(prev.len) + (sameStation ? 0 : 2 * prev.delayNs);
      expect(next.station.t, `#${next.station.seq}`).toBeGreaterThanOrEqual(passed + GAP_NS);
      if (next.station.t === passed + GAP_NS) exact++;
    }
    expect(exact).toBeGreaterThan(0);
  });
});
