import { diffRecordings } from '../compare/diff.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';

/**
 * `hoplab diff` on two recordings, for `npm run bench` (the lead's harness
 * calls this, in a process of its own so that the peak RSS is the diff's).
 * The diff streams both recordings; what it keeps grows by 6 bytes per event
 * (the cause lineage), so a million-event pair should stay well under 100 MB.
 */
export interface DiffFigures {
  events: [number, number];
  seconds: number;
  /** Events of both recordings compared per second. */
  eventsPerSecond: number;
  /** The process's peak resident set size (includes Node itself, ~50 MB). */
  peakRssMb: number;
  identical: boolean;
}

export function benchDiff(aPath: string, bPath: string): DiffFigures {
  const a = new SqliteRecordingReader(aPath);
  const b = new SqliteRecordingReader(bPath);
  try {
    const started = process.hrtime.bigint();
    const report = diffRecordings(a, b);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const events: [number, number] = [report.totals.events[0] ?? 0, report.totals.events[1] ?? 0];
    return {
      events,
      seconds,
      eventsPerSecond: Math.round((events[0] + events[1]) / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      identical: report.identical,
    };
  } finally {
    a.close();
    b.close();
  }
}
