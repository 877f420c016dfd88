/**
 * The one shape both capture formats share, so the export pipeline and `--pcap` write
 * either without caring which: interfaces are capture points (`node:port`), packets
 * carry virtual time in nanoseconds.
 */

import type { InterfaceStatisticsOptions, PacketDirection } from './pcapng-blocks.js';
import type { EncodedComment } from './pcapng-packet-block.js';

export interface CaptureWriter {
  readonly interfaceCount: number;
  readonly packetCount: number;
  /** Returns the id to pass to `writePacket`. */
  addInterface(name: string, description: string): number;
  writePacket(interfaceId: number, timestampNs: number | bigint, data: Uint8Array, direction?: PacketDirection, comment?: string): void;
  /**
   * Optional: a packet whose comment writes its own UTF-8 into the file's buffer. The
   * capture sink uses it when the writer has it; otherwise it builds the comment's string.
   */
  writeEncodedPacket?(
    interfaceId: number,
    timestampNs: number,
    data: Uint8Array,
    direction: PacketDirection,
    comment: EncodedComment,
  ): void;
  /** Optional (pcapng): an interface's statistics, written once at the end (isb_ifdrop and friends). */
  writeInterfaceStatistics?(stats: InterfaceStatisticsOptions): void;
  flush(): void;
  /** Finishes the file; for a path, this is when it appears under its name. */
  close(): void;
  /** Gives up; for a path, nothing is left under its name and an old file stays as it was. */
  abort(): void;
}
