import { takeUntil } from 'rxjs';
import { withFrameCache } from '../store/frame-caching-reader.js';
import { recordedEvents } from '../pipeline/recorded-events.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { printerSink } from '../pipeline/sinks.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { eventFilter, type EventsFlags } from './event-flags.js';
import { captureFormatFor, type CaptureFormat } from '../export/capture-format.js';
import { LiveCapture } from '../export/live-capture.js';
import { useColor } from './flags.js';
import { UsageError } from './usage-error.js';
import { HOPLAB_VERSION } from './version.js';

export interface ReplayFlags extends EventsFlags {
  speed?: number;
  pcap?: string;
  format?: CaptureFormat;
}

/**
 * `hoplab replay REC.db`: the recorded stream re-emitted in virtual time
 * (`--speed` virtual seconds per wall second, 1 by default) through the
 * sinks a live run uses: the same lines, the same NDJSON, the same pcapng.
 */
export async function replayCommand(path: string, flags: ReplayFlags): Promise<number> {
  if (flags.format !== undefined && flags.pcap === undefined) throw new UsageError('--format: says how to write --pcap, which is not given');
  const reader = new SqliteRecordingReader(path);
  const out = new LineWriter(1);
  const sink = printerSink(out, { json: !!flags.json, bytes: !!flags.bytes, color: useColor(1) });
  const capture = flags.pcap !== undefined ? new LiveCapture(flags.pcap, reader.header(), captureFormatFor(flags.pcap, flags.format), HOPLAB_VERSION) : undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let stop = (): void => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const replayed = recordedEvents(withFrameCache(reader, path), { ...eventFilter(flags), withBytes: true, speed: flags.speed ?? 1 });
      // `| head` closing stdout ends the replay there.
      const sub = replayed.pipe(takeUntil(out.closed$)).subscribe({
        next: (e) => {
          sink.next!(e);
          capture?.next(e);
        },
        error: reject,
        complete: () => resolve(),
      });
      // Paced output must show as it happens, not when a 64 KiB buffer fills.
      flushTimer = setInterval(() => out.flush(), 50);
      stop = (): void => {
        sub.unsubscribe();
        resolve();
      };
      process.once('SIGINT', stop);
    });
    capture?.complete();
  } catch (e) {
    capture?.error();
    throw e;
  } finally {
    process.off('SIGINT', stop);
    if (flushTimer) clearInterval(flushTimer);
    out.flush();
    reader.close();
  }
  return 0;
}
