import { diffRecordingFiles } from '../compare/diff-parallel.js';

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

export async function benchDiff(aPath: string, bPath: string): Promise<DiffFigures> {
  const started = process.hrtime.bigint();
  const report = await diffRecordingFiles(aPath, bPath);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events: [number, number] = [report.totals.events[0] ?? 0, report.totals.events[1] ?? 0];
  return {
    events,
    seconds,
    eventsPerSecond: Math.round((events[0] + events[1]) / seconds),
    // Worker threads share the process: this covers both sides' readers.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    identical: report.identical,
  };
}
