/**
 * A capture file for a run: the writer for the chosen format, its Section Header naming
 * hoplab and the recording, and the sink that fills it. `hoplab export` and the live
 * `hoplab run --pcap` both open theirs here, so the two files cannot differ.
 */

import { InputError } from '../errors/input-error.js';
import type { RecordingHeader } from '../store/recording.js';
import type { CapturePoint } from './capture-points.js';
import { CaptureSink, type CaptureDirection } from './capture-sink.js';
import type { CaptureFormat } from './capture-format.js';
import { captureStartSeconds } from './capture-start.js';
import { createCaptureWriter } from './create-capture-writer.js';

export interface CaptureFileOptions {
  format: CaptureFormat;
  points: readonly CapturePoint[];
  kind?: CaptureDirection;
  /** The hoplab writing the file (shb_userappl); the recording's own version goes in the comment. */
  hoplabVersion: string;
  /** Also write the frames lost at a port (full queue, no carrier, a collision's give-up) as packets, on `node:port lost` interfaces. */
  withDrops?: boolean;
  /** The instant the run's time 0 is shown as, in seconds since 1970 (capture-start.ts). */
  startSeconds?: bigint;
}

/** The section's comment (draft-ietf-opsawg-pcapng, Section 4.1): which run this is, and how to read the packet comments. */
export function sectionComment(header: RecordingHeader): string {
  return [
    `hoplab recording '${header.name}' of ${header.topologyPath}, seed ${header.seed}, recorded by hoplab ${header.hoplabVersion}: ${header.commandLine}`,
    'One interface per capture point node:port; times are virtual, counted from the start of the run.',
    'Each packet comment starts with its event (#SEQ, as `hoplab events` lists it), then the decision that sent the frame or what became of it.',
    'A frame crossing a cable is seen twice, leaving one port (tx) and arriving at the other (rx): for traffic statistics, export with --kind tx.',
    "Frames lost at a port without crossing it are counted in each interface's statistics (isb_ifdrop); --with-drops also writes them, on 'node:port lost' interfaces.",
  ].join('\n');
}

/** Opens `path` (nothing appears under that name until the sink completes); throws OutputFileError if it cannot. */
export function openCaptureFile(path: string, header: RecordingHeader, o: CaptureFileOptions): CaptureSink {
  if (o.withDrops && o.format === 'pcap') {
    throw new InputError('--with-drops: classic pcap has no interfaces or comments to tell a lost frame from a sent one; use pcapng');
  }
  const writer = createCaptureWriter(path, o.format, {
    userApplication: `hoplab ${o.hoplabVersion}`,
    comment: sectionComment(header),
    startSeconds: o.startSeconds ?? captureStartSeconds(),
  });
  try {
    return new CaptureSink(writer, o.points, {
      ...(o.kind !== undefined && { kind: o.kind }),
      comments: o.format === 'pcapng',
      withDrops: o.withDrops ?? false,
    });
  } catch (e) {
    writer.abort();
    throw e;
  }
}
