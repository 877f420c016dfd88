/** A capture writer for the chosen format: pcapng or classic pcap, behind one shape (capture-writer.ts). */

import type { AtomicFileWriterOptions } from './atomic-file.js';
import type { CaptureFormat } from './capture-format.js';
import { PcapWriter } from './pcap-writer.js';
import type { CaptureWriter } from './capture-writer.js';
import { PcapngWriter, type PcapngWriterOptions } from './pcapng-writer.js';

/** Opens `path` for `format`; throws OutputFileError if it cannot be created. */
export function createCaptureWriter(
  path: string,
  format: CaptureFormat,
  opts: PcapngWriterOptions & AtomicFileWriterOptions = {},
): CaptureWriter {
  return format === 'pcapng' ? PcapngWriter.create(path, opts) : PcapWriter.create(path, opts);
}
