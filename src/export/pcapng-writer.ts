/**
 * Streaming pcapng writer: one Section Header Block, Interface Description Blocks added
 * as capture points appear, then one Enhanced Packet Block per frame
 * (draft-ietf-opsawg-pcapng, Section 3.4, Figure 6 layout).
 *
 * Packets are encoded straight into a reused staging buffer that goes to the sink in
 * large pieces, so writing a packet allocates nothing beyond what its comment needs
 * (nothing at all for an EncodedComment).
 */

import { AtomicFileWriter, type AtomicFileWriterOptions, type ByteSink } from './atomic-file.js';
import type { CaptureWriter } from './capture-writer.js';
import {
  type InterfaceStatisticsOptions,
  interfaceDescriptionBlock,
  interfaceStatisticsBlock,
  LinkType,
  sectionHeaderBlock,
  type PacketDirection,
  type SectionHeaderOptions,
} from './pcapng-blocks.js';
import {
  encodeEnhancedPacketBlockInto,
  enhancedPacketBlockMaxLength,
  enhancedPacketBlockRoom,
  type EncodedComment,
} from './pcapng-packet-block.js';

export interface PcapngWriterOptions extends SectionHeaderOptions {
  /** Link type of every interface added (Section 4.2); Ethernet unless told. */
  linkType?: number;
  /** Bytes gathered before handing them to the sink. */
  bufferSize?: number;
  /** The instant packets count from, in whole seconds since 1970 (if_tsoffset); 0 unless told. */
  startSeconds?: bigint;
}

const DEFAULT_BUFFER_SIZE = 256 * 1024;

function isCommittable(sink: ByteSink): sink is ByteSink & { commit(): void; abort(): void } {
  const s = sink as Partial<{ commit: unknown; abort: unknown }>;
  return typeof s.commit === 'function' && typeof s.abort === 'function';
}

export class PcapngWriter implements CaptureWriter {
  private readonly sink: ByteSink;
  private readonly linkType: number;
  private readonly startSeconds: bigint | undefined;
  private buf: Uint8Array;
  private used = 0;
  private interfaces = 0;
  private packets = 0;
  private closed = false;

  /** A writer whose file appears under `path` only when `close()` succeeds. */
  static create(path: string, opts: PcapngWriterOptions & AtomicFileWriterOptions = {}): PcapngWriter {
    return new PcapngWriter(new AtomicFileWriter(path, opts), opts);
  }

  constructor(sink: ByteSink, opts: PcapngWriterOptions = {}) {
    this.sink = sink;
    this.linkType = opts.linkType ?? LinkType.Ethernet;
    this.startSeconds = opts.startSeconds;
    const bufferSize = opts.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
    this.buf = new Uint8Array(bufferSize);
    // The file MUST begin with a Section Header Block (Section 3.4).
    this.append(
      sectionHeaderBlock({
        hardware: opts.hardware,
        os: opts.os,
        userApplication: opts.userApplication,
        comment: opts.comment,
      }),
    );
  }

  get interfaceCount(): number {
    return this.interfaces;
  }

  get packetCount(): number {
    return this.packets;
  }

  /**
   * Adds an interface and returns its Interface ID: IDs count up from 0 in the order IDBs
   * appear (Section 4.2), and an IDB may come anywhere before the first block using it.
   * Timestamps on every interface are nanoseconds (if_tsresol = 9), hoplab's virtual clock.
   */
  addInterface(name: string, description: string): number {
    this.assertOpen();
    this.append(
      interfaceDescriptionBlock({
        linkType: this.linkType,
        name,
        description,
        tsresolNanoseconds: true,
        ...(this.startSeconds !== undefined && { tsoffsetSeconds: this.startSeconds }),
      }),
    );
    return this.interfaces++;
  }

  /** An Interface Statistics Block for an interface already added (Section 4.6): its drop count, mostly. */
  writeInterfaceStatistics(stats: InterfaceStatisticsOptions): void {
    this.assertOpen();
    if (stats.interfaceId >= this.interfaces)
      throw new RangeError(`interface ${stats.interfaceId} has not been added (${this.interfaces} so far)`);
    this.append(interfaceStatisticsBlock(stats));
  }

  writePacket(interfaceId: number, timestampNs: number | bigint, data: Uint8Array, direction?: PacketDirection, comment?: string): void {
    this.writeBlock(
      interfaceId,
      timestampNs,
      data,
      direction,
      comment,
      enhancedPacketBlockMaxLength(data.length, comment === undefined ? 0 : comment.length),
    );
  }

  /** A packet whose comment encodes itself into the buffer (the export's pre-encoded clauses). */
  writeEncodedPacket(
    interfaceId: number,
    timestampNs: number,
    data: Uint8Array,
    direction: PacketDirection,
    comment: EncodedComment,
  ): void {
    this.writeBlock(interfaceId, timestampNs, data, direction, comment, enhancedPacketBlockRoom(data.length, comment.maxBytes));
  }

  private writeBlock(
    interfaceId: number,
    timestampNs: number | bigint,
    data: Uint8Array,
    direction: PacketDirection | undefined,
    comment: string | EncodedComment | undefined,
    room: number,
  ): void {
    this.assertOpen();
    // "The interface ID MUST be valid, which means that a matching interface description
    // block MUST exist" (Section 4.3).
    if (!Number.isInteger(interfaceId) || interfaceId < 0 || interfaceId >= this.interfaces) {
      throw new RangeError(`interface ${interfaceId} has not been added (${this.interfaces} so far)`);
    }
    this.reserve(room);
    this.used = encodeEnhancedPacketBlockInto(this.buf, this.used, interfaceId, timestampNs, data, data.length, direction, comment);
    this.packets++;
  }

  /** Hands buffered bytes to the sink. */
  flush(): void {
    if (this.used === 0) return;
    this.sink.write(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  /** Flushes and, for a file, puts it in place. */
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

  /** Drops buffered bytes and, for a file, removes what was written. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.used = 0;
    if (isCommittable(this.sink)) this.sink.abort();
  }

  private append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
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
    if (this.closed) throw new Error('the pcapng writer is closed');
  }
}
