/**
 * When a run stores a snapshot of its fold. A snapshot holds the whole state,
 * so storing one every fixed number of events (snapshot format fold-5: every
 * 20,000) made their bytes grow with events × state: 2,000 hosts on one
 * switch stored 9.8 GB of snapshots in a 10.2 GB recording. From fold-6 a
 * snapshot also waits until the events since the last one have cost `share`
 * times that one's size, at `EVENT_BYTES` an event (what a recording spends
 * per event: 20 on the storm, 29 on a LAN of hosts), so that snapshots stay
 * near 1/share of the recording whatever the state's size. A small state (the
 * storm's 21 kB) keeps the fixed interval. The rule reads only event numbers
 * and the snapshots' own lengths, so `verify` re-derives it from the events.
 * From fold-7 a length is the stored, compressed bytes (snapshot-codec.ts):
 * a 1,000-host LAN's 500 kB state stores as 50 kB, so its snapshots come
 * every 30,000 events instead of every 300,000, for the same share.
 */
export interface SnapshotCadence {
  /** The fewest events between two snapshots; the first follows this event. */
  interval: number;
  /** Events since the last snapshot cost at least `share` times its length (0: the fixed interval alone, fold-5). */
  share: number;
}

/** What a recording spends per event, in bytes, as the cadence reckons it (the least measured, so the share errs small). */
export const EVENT_BYTES = 20;

/**
 * A run's cadence: at least 50,000 events apart, and at least 12 times a
 * snapshot's length in event bytes (about 6% of the recording). The least
 * was 20,000 before; each recording's meta keeps its own, which `verify`
 * re-derives the cadence from. At 20,000 the four-switch storm's 100
 * snapshots per 2M events took a fifth of the recorder's worker's time, and
 * the simulation waited for that thread: `hoplab run` of 2M storm events
 * took 1.41 s against 1.34 s at 50,000 (medians of ten, alternating). A
 * seek folds more events from its snapshot: `state --at` of a 1M-event storm,
 * each seek opening the recording as the command does, 7.3-10.4 ms median
 * at 20,000 and 10.9-12.6 at 50,000, worst 66-88 and 61-82 (issue 21).
 */
export const RUN_CADENCE: SnapshotCadence = { interval: 50_000, share: 12 };

/** The cadence a recording's snapshots were stored at, from its meta: fold-5 kept the fixed interval only. */
export function cadenceOf(format: string, interval: number): SnapshotCadence {
  return { interval, share: format === 'fold-5' ? 0 : RUN_CADENCE.share };
}

/** The event after which the next snapshot is stored, given the one just stored after `seq`, `length` characters long. */
export function nextSnapshotAt(cadence: SnapshotCadence, seq: number, length: number): number {
  return seq + Math.max(cadence.interval, Math.ceil((cadence.share * length) / EVENT_BYTES));
}
