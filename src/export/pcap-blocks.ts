/**
 * Classic libpcap file encoders (draft-ietf-opsawg-pcap, "PCAP Capture File Format").
 *
 * Written little-endian: a reader learns the byte order from how the Magic Number
 * reads (Section 3). No options, no interfaces, no comments: that is what pcapng is for.
 */

import { LinkType } from './pcapng-blocks.js';

/** Magic Number for timestamps in seconds + nanoseconds (Section 4); 0xa1b2c3d4 would mean microseconds. */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
/** Current format version 2.4 (Section 4). */
export const PCAP_VERSION = { major: 2, minor: 4 } as const;
/** What tcpdump and Wireshark use; the snaplen MUST NOT be zero (Section 4). */
export const PCAP_DEFAULT_SNAPLEN = 262144;
export const PCAP_FILE_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

const NS_PER_SECOND = 1_000_000_000;

function writeU16(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value & 0xff;
  buf[offset + 1] = (value >>> 8) & 0xff;
}

function writeU32(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value & 0xff;
  buf[offset + 1] = (value >>> 8) & 0xff;
  buf[offset + 2] = (value >>> 16) & 0xff;
  buf[offset + 3] = (value >>> 24) & 0xff;
}

export interface PcapFileHeaderOptions {
  snapLength?: number;
  linkType?: number;
}

/** File Header (Section 4, Figure 1): nanosecond magic, 2.4, reserved zero, snaplen, link type. */
export function pcapFileHeader(opts: PcapFileHeaderOptions = {}): Uint8Array {
  const snapLength = opts.snapLength ?? PCAP_DEFAULT_SNAPLEN;
  const linkType = opts.linkType ?? LinkType.Ethernet;
  if (!Number.isInteger(snapLength) || snapLength < 1 || snapLength > 0xffffffff) {
    throw new RangeError(`snapLength must be 1 .. 2^32-1, got ${snapLength}`);
  }
  if (!Number.isInteger(linkType) || linkType < 0 || linkType > 0xffff) {
    throw new RangeError(`linkType must be an unsigned 16-bit integer, got ${linkType}`);
  }
  const buf = new Uint8Array(PCAP_FILE_HEADER_LENGTH);
  writeU32(buf, 0, PCAP_MAGIC_NANOSECONDS);
  writeU16(buf, 4, PCAP_VERSION.major);
  writeU16(buf, 6, PCAP_VERSION.minor);
  // Reserved1 and Reserved2 SHOULD be 0: left as allocated.
  writeU32(buf, 16, snapLength);
  // Link-layer type in the low 16 bits; FCS len, P and Reserved3 above it stay 0 (Figure 2).
  writeU32(buf, 20, linkType);
  return buf;
}

/** Room `encodePcapRecordInto` needs for a packet of this many bytes. */
export function pcapRecordMaxLength(dataLength: number): number {
  return PCAP_RECORD_HEADER_LENGTH + dataLength;
}

/**
 * Writes a Packet Record (Section 5, Figure 3) at `offset` and returns the offset past it.
 * Data beyond `snapLength` is cut, with the Original Packet Length keeping the full size.
 * Records are not padded (Section 5).
 */
export function encodePcapRecordInto(
  buf: Uint8Array,
  offset: number,
  timestampNs: bigint | number,
  data: Uint8Array,
  originalLength: number = data.length,
  snapLength: number = PCAP_DEFAULT_SNAPLEN,
  startSeconds = 0,
): number {
  if (!Number.isInteger(originalLength) || originalLength < data.length || originalLength > 0xffffffff) {
    throw new RangeError(`originalLength must be at least the ${data.length} captured bytes and fit 32 bits, got ${originalLength}`);
  }
  let seconds: number;
  let fraction: number;
  if (typeof timestampNs === 'bigint') {
    if (timestampNs < 0n) throw new RangeError(`timestamp must not be negative, got ${timestampNs}`);
    seconds = Number(timestampNs / 1_000_000_000n);
    fraction = Number(timestampNs % 1_000_000_000n);
  } else {
    if (!Number.isSafeInteger(timestampNs) || timestampNs < 0) {
      throw new RangeError(`timestamp must be a non-negative safe integer (use a bigint beyond 2^53), got ${timestampNs}`);
    }
    seconds = Math.floor(timestampNs / NS_PER_SECOND);
    fraction = timestampNs - seconds * NS_PER_SECOND;
  }
  // Packets count from the capture's start; classic pcap has no offset field, so it is added here.
  seconds += startSeconds;
  // Seconds are a 32-bit unsigned count since 1970 (Section 5): enough until 2106.
  if (seconds > 0xffffffff) throw new RangeError(`timestamp ${timestampNs} ns is past what 32-bit seconds can hold`);

  const captured = Math.min(data.length, snapLength);
  writeU32(buf, offset, seconds);
  writeU32(buf, offset + 4, fraction);
  writeU32(buf, offset + 8, captured);
  writeU32(buf, offset + 12, originalLength);
  buf.set(captured === data.length ? data : data.subarray(0, captured), offset + PCAP_RECORD_HEADER_LENGTH);
  return offset + PCAP_RECORD_HEADER_LENGTH + captured;
}

/** A Packet Record as a new array of exactly its length. */
export function pcapRecord(
  timestampNs: bigint | number,
  data: Uint8Array,
  originalLength: number = data.length,
  snapLength: number = PCAP_DEFAULT_SNAPLEN,
): Uint8Array {
  const scratch = new Uint8Array(pcapRecordMaxLength(data.length));
  const end = encodePcapRecordInto(scratch, 0, timestampNs, data, originalLength, snapLength);
  return end === scratch.length ? scratch : scratch.slice(0, end);
}
