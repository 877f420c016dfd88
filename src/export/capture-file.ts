/**
 * A capture file for a run: the writer for the chosen format, its Section Header naming
 * hoplab and the recording, and the sink that fills it. `hoplab export` and the live
 * `hoplab run --pcap` both open theirs here, so the two files cannot differ.
 */

import type { RecordingHeader } from '../store/recording.js';
import type { CapturePoint } from './capture-points.js';
import { CaptureSink, type CaptureDirection } from './capture-sink.js';
import type { CaptureFormat } from './capture-format.js';
import { createCaptureWriter } from './create-capture-writer.js';

export interface CaptureFileOptions {
  format: CaptureFormat;
  points: readonly CapturePoint[];
  kind?: CaptureDirection;
  /** The hoplab writing the file (shb_userappl); the recording's own version goes in the comment. */
  hoplabVersion: string;
}

/** The section's comment (draft-ietf-opsawg-pcapng, Section 4.1): which run this is, and how to read the packet comments. */
export function sectionComment(header: RecordingHeader): string {
  return [
    `hoplab recording '${header.name}' of ${header.topologyPath}, seed ${header.seed}, recorded by hoplab ${header.hoplabVersion}: ${header.commandLine}`,
    'One interface per capture point node:port; times are virtual, from the start of the run.',
    'Each packet comment starts with its event (#SEQ, as `hoplab events` lists it), then the decision that sent the frame or what became of it.',
  ].join('\n');
}

/** Opens `path` (nothing appears under that name until the sink completes); throws OutputFileError if it cannot. */
export function openCaptureFile(path: string, header: RecordingHeader, o: CaptureFileOptions): CaptureSink {
  const writer = createCaptureWriter(path, o.format, { userApplication: `hoplab ${o.hoplabVersion}`, comment: sectionComment(header) });
  try {
    return new CaptureSink(writer, o.points, { ...(o.kind !== undefined && { kind: o.kind }), comments: o.format === 'pcapng' });
  } catch (e) {
    writer.abort();
    throw e;
  }
}
