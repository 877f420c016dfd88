import type { SimEvent } from '../events/event.js';
import type { RecordingHeader } from '../store/recording.js';
import type { CaptureFormat } from './capture-format.js';
import { openCaptureFile } from './capture-file.js';
import { capturePoints } from './capture-points.js';
import type { CaptureSink, CaptureStats } from './capture-sink.js';

/**
 * `hoplab run --pcap OUT`: the same capture as `hoplab export` of the run's recording,
 * written as the run goes. A write that fails (a full disk) must not stop the
 * simulation or lose the recording: the capture is dropped and the failure reported
 * once the recording is safe.
 */
export class LiveCapture {
  private readonly sink: CaptureSink;
  private failure: unknown;

  constructor(
    readonly path: string,
    header: RecordingHeader,
    readonly format: CaptureFormat,
    hoplabVersion: string,
  ) {
    this.sink = openCaptureFile(path, header, { format, points: capturePoints(header), hoplabVersion });
  }

  next(e: SimEvent): void {
    if (this.failure !== undefined) return;
    try {
      this.sink.next(e);
    } catch (err) {
      this.failure = err;
      this.sink.error();
    }
  }

  error(): void {
    this.sink.error();
  }

  /** Puts the file in place and says what it holds, or throws what went wrong while writing it. */
  complete(): CaptureStats {
    if (this.failure !== undefined) throw this.failure;
    this.sink.complete();
    return this.sink.stats;
  }
}
