import { bar, formatBucketStart, formatDuration, plural, table } from '../compare/text-format.js';
import { EVENT_KINDS, type EventKind } from '../events/event.js';
import { MAX_BUCKETS, type RecordingStats } from '../stats/stats.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { formatSeconds } from '../events/time.js';
import type { RecordingHeader, RecordingStatus } from '../store/recording.js';
import { openRecording } from '../api/recording.js';
import { stormPlotSvg } from '../draw/storm-plot.js';
import { writeTextFile } from './draw.js';

export interface StatsFlags {
  json?: boolean;
  bucket?: number;
  svg?: string;
}

/**
 * `hoplab stats REC.db`: one pass over the recording's events through the
 * stats fold, then a report: counts per kind and node, drops by reason, MAC
 * moves, and tx / frames alive per bucket of virtual time as bars, so a
 * storm's growth shows at a glance. `--json` prints the same as one object;
 * `--svg OUT.svg` also draws it (draw/storm-plot.ts, the viewer's Charts tab).
 */
export async function statsCommand(path: string, flags: StatsFlags): Promise<number> {
  const recording = openRecording(path);
  const out = new LineWriter(1);
  try {
    const header = recording.header();
    const status = recording.status();
    const stats = recording.stats(flags.bucket !== undefined ? { bucketNs: flags.bucket } : {});
    if (flags.svg !== undefined) writeTextFile(flags.svg, stormPlotSvg(header.name, stats));
    if (flags.json) out.line(JSON.stringify(statsJson(header, status, stats)));
    else for (const line of statsText(header, status, stats, flags.bucket)) out.line(line);
  } finally {
    out.flush();
    recording.close();
  }
  return 0;
}

/**
 * The `--json` shape (stable; README "hoplab stats --json"):
 * { recording: { name, events, endTime, complete, stopReason },
 *   kinds: { <every kind>: n }, nodes: { <node>: { <kind>: n } }, drops: { <reason>: n },
 *   moves: { <switch>: { count, macs: { <mac>: n } } }, peakInFlight,
 *   buckets: { width, rows: [ { start, tx, rx, drops, inFlight, peakInFlight } ] } }
 * Times are integer nanoseconds; `inFlight` counts frames queued or on a wire.
 */
export function statsJson(header: RecordingHeader, status: RecordingStatus, s: RecordingStats): object {
  return {
    recording: { name: header.name, events: s.events, endTime: status.endTime, complete: status.complete, stopReason: status.stopReason },
    kinds: s.kinds,
    nodes: s.nodes,
    drops: s.drops,
    moves: s.moves,
    peakInFlight: s.peakInFlight,
    buckets: s.buckets,
  };
}

const BAR_WIDTH = 32;

function statsText(header: RecordingHeader, status: RecordingStatus, s: RecordingStats, askedBucket: number | undefined): string[] {
  const lines: string[] = [];
  const state = status.complete ? `complete (${status.stopReason})` : `incomplete (${status.stopReason})`;
  // The run's own length, as `hoplab run` said it (the clock at its end: `until`, say), not the last event's time.
  // A recording older than end_time in its metadata has only the last event's.
  const length = Math.max(status.endTime, s.lastT);
  lines.push(`${header.name}: ${plural(s.events, 'event')} in ${formatSeconds(length)} s of virtual time, ${state}`);

  const kinds = EVENT_KINDS.filter((k) => s.kinds[k] > 0);
  lines.push('', 'events by kind');
  lines.push(
    ...indent(
      table(
        [kinds, kinds.map((k) => String(s.kinds[k]))],
        kinds.map(() => 'right'),
      ),
    ),
  );

  lines.push('', 'events by node');
  const nodeRows = Object.entries(s.nodes).map(([node, counts]) => [node, ...kinds.map((k: EventKind) => String(counts[k] ?? ''))]);
  lines.push(...indent(table([['', ...kinds], ...nodeRows])));

  const drops = Object.entries(s.drops);
  lines.push('', drops.length ? 'drops by reason' : 'drops: none');
  lines.push(...indent(table(drops.map(([reason, n]) => [reason, String(n)]))));

  const switches = header.nodes.filter((n) => n.kind === 'switch' || n.kind === 'bridge').map((n) => n.name);
  if (switches.length || Object.keys(s.moves).length) {
    lines.push('', 'MAC moves (a MAC seen on another port than before: flapping means a loop)');
    const names = [...new Set([...switches, ...Object.keys(s.moves)])];
    lines.push(
      ...indent(
        table(
          names.map((n) => {
            const m = s.moves[n];
            const macs = m
              ? Object.entries(m.macs)
                  .sort((a, b) => b[1] - a[1])
                  .map(([mac, k]) => `${mac} ${k}`)
                  .join(', ')
              : '';
            return [n, String(m?.count ?? 0), macs];
          }),
          ['left', 'right', 'left'],
        ),
      ),
    );
  }

  lines.push('', ...bucketChart(s, askedBucket));
  return lines;
}

function bucketChart(s: RecordingStats, askedBucket: number | undefined): string[] {
  const { width, rows } = s.buckets;
  const lines: string[] = [];
  if (askedBucket !== undefined && askedBucket !== width) {
    lines.push(`(--bucket ${formatDuration(askedBucket)} would need more than ${MAX_BUCKETS} rows: using ${formatDuration(width)})`);
  }
  lines.push(
    `per ${formatDuration(width)} of virtual time: frames sent (tx), and frames alive (queued or on a wire) at the bucket's end; peak ${s.peakInFlight}`,
  );
  const maxTx = Math.max(0, ...rows.map((r) => r.tx));
  const maxAlive = Math.max(0, ...rows.map((r) => r.inFlight));
  const body = rows.map((r) => [
    formatBucketStart(r.start, width),
    bar(r.tx, maxTx, BAR_WIDTH),
    String(r.tx),
    bar(r.inFlight, maxAlive, BAR_WIDTH / 2),
    String(r.inFlight),
  ]);
  lines.push(...indent(table([['time (s)', 'tx', '', 'alive', ''], ...body], ['left', 'left', 'right', 'left', 'right'])));
  return lines;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
