/**
 * Streaming classic pcap writer (draft-ietf-opsawg-pcap): a File Header, then one
 * Packet Record per frame, for tools that do not read pcapng.
 *
 * The format has one link type for the whole file and no interfaces, directions or
 * comments (Sections 4 and 5), so those arguments are accepted and dropped: callers
 * write the same calls for either format, and pcapng keeps what pcap cannot.
 */

import { AtomicFileWriter, type AtomicFileWriterOptions, type ByteSink } from './atomic-file.js';
import { encodePcapRecordInto, pcapFileHeader, pcapRecordMaxLength, PCAP_DEFAULT_SNAPLEN } from './pcap-blocks.js';
import type { CaptureWriter } from './capture-writer.js';
import type { PacketDirection } from './pcapng-blocks.js';

export interface PcapWriterOptions {
  snapLength?: number;
  linkType?: number;
  /** Bytes gathered before handing them to the sink. */
  bufferSize?: number;
  /** The instant packets count from, in whole seconds since 1970; 0 unless told. */
  startSeconds?: bigint;
}

const DEFAULT_BUFFER_SIZE = 256 * 1024;

function isCommittable(sink: ByteSink): sink is ByteSink & { commit(): void; abort(): void } {
  const s = sink as Partial<{ commit: unknown; abort: unknown }>;
  return typeof s.commit === 'function' && typeof s.abort === 'function';
}

export class PcapWriter implements CaptureWriter {
  private readonly sink: ByteSink;
  private readonly snapLength: number;
  private readonly startSeconds: number;
  private buf: Uint8Array;
  private used = 0;
  private interfaces = 0;
  private packets = 0;
  private closed = false;

  /** A writer whose file appears under `path` only when `close()` succeeds. */
  static create(path: string, opts: PcapWriterOptions & AtomicFileWriterOptions = {}): PcapWriter {
    return new PcapWriter(new AtomicFileWriter(path, opts), opts);
  }

  constructor(sink: ByteSink, opts: PcapWriterOptions = {}) {
    this.sink = sink;
    this.snapLength = opts.snapLength ?? PCAP_DEFAULT_SNAPLEN;
    this.startSeconds = Number(opts.startSeconds ?? 0n);
    const bufferSize = opts.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
    this.buf = new Uint8Array(bufferSize);
    const header = pcapFileHeader({ snapLength: this.snapLength, linkType: opts.linkType });
    this.reserve(header.length);
    this.buf.set(header, this.used);
    this.used += header.length;
  }

  get interfaceCount(): number {
    return this.interfaces;
  }

  get packetCount(): number {
    return this.packets;
  }

  /** Returns an id for symmetry with pcapng; classic pcap records carry no interface. */
  addInterface(_name: string, _description: string): number {
    this.assertOpen();
    return this.interfaces++;
  }

  writePacket(_interfaceId: number, timestampNs: number | bigint, data: Uint8Array, _direction?: PacketDirection, _comment?: string): void {
    this.assertOpen();
    this.reserve(pcapRecordMaxLength(data.length));
    this.used = encodePcapRecordInto(this.buf, this.used, timestampNs, data, data.length, this.snapLength, this.startSeconds);
    this.packets++;
  }

  flush(): void {
    if (this.used === 0) return;
    this.sink.write(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.assertOpen();
    this.closed = true;
    try {
      this.flush();
    } catch (err) {
      if (isCommittable(this.sink)) this.sink.abort();
      throw err;
    }
    if (isCommittable(this.sink)) this.sink.commit();
  }

  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.used = 0;
    if (isCommittable(this.sink)) this.sink.abort();
  }

  private reserve(length: number): void {
    if (this.used + length <= this.buf.length) return;
    this.flush();
    if (length > this.buf.length) {
      let size = this.buf.length;
      while (size < length) size *= 2;
      this.buf = new Uint8Array(size);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the pcap writer is closed');
  }
}
