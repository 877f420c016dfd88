import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/state/evolve.js';
import type { NetState } from '../../src/state/node-state.js';
import { cloneState } from '../../src/state/state-snapshot.js';
import type { RecordingReader } from '../../src/store/recording.js';
import { type FrameTrip, frameTrips, type TripSource } from '../../src/view/frames-alive.js';
import { ViewSession } from '../../src/view/session.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// The frames on the wires at an event, read through the trip window (only the
// events that can end a trip, up to the latest time one can end), against the
// fold run over every later event to the recording's end. The storm has 20 us
// links and stops with about two thousand frames still on the wires.

const rec = join(tempDir(), 'long-delay-storm.db');
let session: ViewSession;

beforeAll(() => {
  expect(hoplab(['run', 'test/fixtures/view/long-delay-storm.yaml', '-o', rec, '--quiet']).status).toBe(0);
  session = new ViewSession(rec);
});

afterAll(() => session?.close());

/** Each trip's end as the fold says it, folding every event after `state` to the recording's end. */
function fullScan(state: NetState, reader: RecordingReader, to: number): FrameTrip[] {
  const s = cloneState(state);
  const trips = new Map<number, FrameTrip>();
  const add = (txSeq: number, t0: number, node: string, port: string, frame?: number): void => {
    trips.set(txSeq, { txSeq, t0, node, port, ...(frame !== undefined && { frame }) });
  };
  for (const f of s.inFlight.values()) add(f.txSeq, f.t, f.node, f.port, f.frame);
  for (const e of reader.events({ from: state.seq + 1 })) {
    const before = s.inFlight.size;
    evolve(s, e);
    if (e.kind === 'tx' && e.seq <= to) add(e.seq, e.t, e.node, e.port ?? '', e.frame);
    if (s.inFlight.size >= before + (e.kind === 'tx' ? 1 : 0)) continue;
    for (const t of trips.values()) {
      if (t.endSeq !== undefined || s.inFlight.has(t.txSeq)) continue;
      t.endSeq = e.seq;
      t.t1 = e.t;
      t.fate = e.kind === 'rx' ? 'rx' : e.kind === 'drop' ? 'drop' : e.kind === 'collision' ? 'collision' : 'relay';
    }
  }
  return [...trips.values()].sort((a, b) => a.txSeq - b.txSeq);
}

/** The session's own source, with the last seq each read for ends asked up to. */
function watched(): { source: TripSource; scannedTo: number[] } {
  const scannedTo: number[] = [];
  const inner = session.trips;
  const source: TripSource = {
    last: inner.last,
    sent: (from, to) => inner.sent(from, to),
    endsOf: (causes, from, to) => {
      scannedTo.push(to);
      return inner.endsOf(causes, from, to);
    },
    latestEnd: (t) => inner.latestEnd(t),
    seqAtTime: (t) => inner.seqAtTime(t),
  };
  return { source, scannedTo };
}

const bySeq = (trips: FrameTrip[]): FrameTrip[] => [...trips].sort((a, b) => a.txSeq - b.txSeq);

describe('frames on the wires through the trip window', () => {
  it('finds exactly the trips and ends a fold to the end finds, at an event and over a playback chunk', () => {
    const state = (seq: number): NetState => cloneState(session.seeker.stateAt(seq));
    for (const seq of [1, 500, 4_000, 12_345, 19_000, 19_990]) {
      const s = state(seq);
      const trips = frameTrips(s, session.trips, seq);
      expect(trips.length, `#${seq}`).toBe(s.inFlight.size);
      expect(bySeq(trips)).toEqual(fullScan(s, session.reader, seq));
    }
    for (const [from, to] of [
      [3_000, 5_000],
      [17_000, 20_000],
    ] as const) {
      const s = state(from);
      expect(bySeq(frameTrips(s, session.trips, to))).toEqual(fullScan(s, session.reader, to));
    }
  });

  it('ends every trip on a switch link at its bound: serialisation plus the link delay after its tx', () => {
    const s = cloneState(session.seeker.stateAt(12_345));
    const trips = frameTrips(s, session.trips, 12_345);
    expect(trips.length).toBeGreaterThan(500);
    for (const t of trips) {
      expect(t.fate).toBe('rx');
      expect(t.t1).toBe(session.trips.latestEnd(t));
    }
  });

  it('reads for ends up to the latest time a trip can end, and never past the recording end', () => {
    const at = (seq: number): { trips: FrameTrip[]; scannedTo: number[] } => {
      const { source, scannedTo } = watched();
      return { trips: frameTrips(cloneState(session.seeker.stateAt(seq)), source, seq), scannedTo };
    };
    const mid = at(12_345);
    const bound = Math.max(...mid.trips.map((t) => session.trips.latestEnd(t)!));
    expect(mid.scannedTo).toEqual([session.seqAtTime(bound)]);
    expect(mid.scannedTo[0]).toBeLessThan(session.last);
    // Near the end some frames are still on the wires when the recording stops: the read ends with it.
    const late = at(19_900);
    expect(late.trips.some((t) => t.endSeq === undefined)).toBe(true);
    expect(late.scannedTo).toEqual([session.last]);
  });
});
