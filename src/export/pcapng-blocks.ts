/**
 * pcapng block encoders (draft-ietf-opsawg-pcapng, "PCAP Now Generic").
 *
 * Every block is written little-endian: the byte order of a section is whatever
 * its Section Header Block's Byte-Order Magic says (Section 3.6.1), so a reader
 * on any host decodes it. The encoders are pure: values in, bytes out.
 */

/** Block Type codes (Section 10.1). */
export const BlockType = {
  SectionHeader: 0x0a0d0d0a,
  InterfaceDescription: 0x00000001,
  InterfaceStatistics: 0x00000005,
  EnhancedPacket: 0x00000006,
} as const;

/** LinkType values from the PCAP LinkType registry (draft-ietf-opsawg-pcaplinktype). */
export const LinkType = { Ethernet: 1 } as const;

/** Options that may appear in any block (Section 3.5, Table 1). */
export const CommonOption = { EndOfOpt: 0, Comment: 1 } as const;

/** Section Header Block options (Section 4.1, Table 2). */
export const ShbOption = { Hardware: 2, Os: 3, UserAppl: 4 } as const;

/** Interface Description Block options (Section 4.2, Table 3). */
export const IdbOption = { Name: 2, Description: 3, TsResol: 9, TsOffset: 14 } as const;

/** Interface Statistics Block options (Section 4.6, Table 7). */
export const IsbOption = { StartTime: 2, EndTime: 3, IfRecv: 4, IfDrop: 5 } as const;

/** Enhanced Packet Block options (Section 4.3, Table 4). */
export const EpbOption = { Flags: 2 } as const;

/** Byte-Order Magic of the SHB (Section 4.1): reads as 4d 3c 2b 1a in a little-endian section. */
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/**
 * if_tsresol value for nanoseconds: MSB clear, so the rest is a negative power of 10
 * (Section 4.2). Without the option a reader assumes 10^-6.
 */
export const TSRESOL_NANOSECONDS = 9;

/** Direction bits 0-1 of the epb_flags word (Section 4.3.1, Table 5). */
export const EpbDirection = { Unknown: 0b00, Inbound: 0b01, Outbound: 0b10 } as const;

export type PacketDirection = 'inbound' | 'outbound';

/** Block Type + Block Total Length + trailing Block Total Length (Section 3.1). */
const BLOCK_FRAMING_LENGTH = 12;
/** opt_comment's Option Length is 16 bits (Section 3.5). */
export const MAX_OPTION_LENGTH = 0xffff;

export const utf8 = new TextEncoder();

/** Bodies and option values are padded to 32 bits (Sections 3.1 and 3.5). */
export function pad4(length: number): number {
  return (length + 3) & ~3;
}

export function writeU16(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value & 0xff;
  buf[offset + 1] = (value >>> 8) & 0xff;
}

export function writeU32(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value & 0xff;
  buf[offset + 1] = (value >>> 8) & 0xff;
  buf[offset + 2] = (value >>> 16) & 0xff;
  buf[offset + 3] = (value >>> 24) & 0xff;
}

export function checkU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${name} must be an unsigned 32-bit integer, got ${value}`);
  }
}

/** One TLV option, value padded with zeroes to 32 bits (Section 3.5, Figure 7). */
interface EncodedOption {
  code: number;
  value: Uint8Array;
}

function stringOption(code: number, text: string): EncodedOption {
  // Writers MUST write only valid UTF-8 (Section 3.6.3); TextEncoder replaces lone
  // surrogates with U+FFFD, so its output always is.
  const value = utf8.encode(text);
  if (value.length > MAX_OPTION_LENGTH) {
    throw new RangeError(`option ${code} is ${value.length} bytes of UTF-8; the limit is ${MAX_OPTION_LENGTH}`);
  }
  return { code, value };
}

function optionsLength(options: readonly EncodedOption[]): number {
  if (options.length === 0) return 0;
  let length = 4; // opt_endofopt
  for (const option of options) length += 4 + pad4(option.value.length);
  return length;
}

function writeOptions(buf: Uint8Array, offset: number, options: readonly EncodedOption[]): number {
  if (options.length === 0) return offset;
  let at = offset;
  for (const option of options) {
    writeU16(buf, at, option.code);
    writeU16(buf, at + 2, option.value.length);
    buf.set(option.value, at + 4);
    // A fresh Uint8Array is zeroed, so the padding octets are already 0 (Section 3.6.2).
    at += 4 + pad4(option.value.length);
  }
  // "Code that writes pcapng files MUST put an opt_endofopt option at the end of an
  // option list" (Section 3.5); a block with no options has no list and no end marker.
  writeU16(buf, at, CommonOption.EndOfOpt);
  writeU16(buf, at + 2, 0);
  return at + 4;
}

/** Frames `body` and `options` as a block: type, total length, body, options, total length (Section 3.1). */
function assembleBlock(type: number, body: Uint8Array, options: readonly EncodedOption[]): Uint8Array {
  const total = BLOCK_FRAMING_LENGTH + body.length + optionsLength(options);
  const buf = new Uint8Array(total);
  writeU32(buf, 0, type);
  writeU32(buf, 4, total);
  buf.set(body, 8);
  writeOptions(buf, 8 + body.length, options);
  writeU32(buf, total - 4, total);
  return buf;
}

export interface SectionHeaderOptions {
  hardware?: string;
  os?: string;
  userApplication?: string;
  comment?: string;
}

/** Section Header Block (Section 4.1, Figure 9): version 1.0, Section Length -1 (not specified). */
export function sectionHeaderBlock(opts: SectionHeaderOptions = {}): Uint8Array {
  const body = new Uint8Array(16);
  writeU32(body, 0, BYTE_ORDER_MAGIC);
  // Writers MUST NOT write a Major Version other than 1 or a Minor Version other than 0.
  writeU16(body, 4, 1);
  writeU16(body, 6, 0);
  // Section Length -1: the size is not known while streaming, readers walk the blocks.
  body.fill(0xff, 8, 16);
  const options: EncodedOption[] = [];
  if (opts.comment !== undefined) options.push(stringOption(CommonOption.Comment, opts.comment));
  if (opts.hardware !== undefined) options.push(stringOption(ShbOption.Hardware, opts.hardware));
  if (opts.os !== undefined) options.push(stringOption(ShbOption.Os, opts.os));
  if (opts.userApplication !== undefined) options.push(stringOption(ShbOption.UserAppl, opts.userApplication));
  return assembleBlock(BlockType.SectionHeader, body, options);
}

export interface InterfaceDescriptionOptions {
  linkType: number;
  /** 0 (the default) means no limit (Section 4.2). */
  snapLength?: number;
  name?: string;
  description?: string;
  /** Write if_tsresol = 9, so EPB timestamps count nanoseconds instead of microseconds. */
  tsresolNanoseconds?: boolean;
  /**
   * if_tsoffset: whole seconds a reader adds to every timestamp of the interface (Section
   * 4.2), so packets can count from 0 and still read as a chosen date.
   */
  tsoffsetSeconds?: bigint;
}

/** Interface Description Block (Section 4.2, Figure 10). */
export function interfaceDescriptionBlock(opts: InterfaceDescriptionOptions): Uint8Array {
  if (!Number.isInteger(opts.linkType) || opts.linkType < 0 || opts.linkType > 0xffff) {
    throw new RangeError(`linkType must be an unsigned 16-bit integer, got ${opts.linkType}`);
  }
  const snapLength = opts.snapLength ?? 0;
  checkU32('snapLength', snapLength);
  const body = new Uint8Array(8);
  writeU16(body, 0, opts.linkType);
  // Reserved: MUST be filled with 0 (left as allocated).
  writeU32(body, 4, snapLength);
  const options: EncodedOption[] = [];
  if (opts.name !== undefined) options.push(stringOption(IdbOption.Name, opts.name));
  if (opts.description !== undefined) options.push(stringOption(IdbOption.Description, opts.description));
  if (opts.tsresolNanoseconds === true) {
    options.push({ code: IdbOption.TsResol, value: Uint8Array.of(TSRESOL_NANOSECONDS) });
  }
  if (opts.tsoffsetSeconds !== undefined) options.push({ code: IdbOption.TsOffset, value: int64(opts.tsoffsetSeconds) });
  return assembleBlock(BlockType.InterfaceDescription, body, options);
}

export interface InterfaceStatisticsOptions {
  interfaceId: number;
  /** When the statistics were taken, in the interface's units (like an EPB's timestamp). */
  timestamp: number;
  /** When the capture started and ended, in the same units. */
  startTime?: number;
  endTime?: number;
  /** isb_ifrecv: packets the interface received; isb_ifdrop: packets it dropped for lack of resources. */
  received?: number;
  dropped?: number;
}

/** Interface Statistics Block (Section 4.6, Figure 14): usually one per interface at the end of the file. */
export function interfaceStatisticsBlock(opts: InterfaceStatisticsOptions): Uint8Array {
  checkU32('interfaceId', opts.interfaceId);
  const body = new Uint8Array(12);
  writeU32(body, 0, opts.interfaceId);
  writeTimestamp(body, 4, opts.timestamp);
  const options: EncodedOption[] = [];
  if (opts.startTime !== undefined) options.push({ code: IsbOption.StartTime, value: timestamp64(opts.startTime) });
  if (opts.endTime !== undefined) options.push({ code: IsbOption.EndTime, value: timestamp64(opts.endTime) });
  if (opts.received !== undefined) options.push({ code: IsbOption.IfRecv, value: int64(BigInt(opts.received)) });
  if (opts.dropped !== undefined) options.push({ code: IsbOption.IfDrop, value: int64(BigInt(opts.dropped)) });
  return assembleBlock(BlockType.InterfaceStatistics, body, options);
}

/** A timestamp as pcapng writes it: the upper 32 bits, then the lower (Section 4.3), not one 64-bit word. */
function writeTimestamp(buf: Uint8Array, offset: number, units: number): void {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`timestamp must be a non-negative safe integer, got ${units}`);
  writeU32(buf, offset, Math.floor(units / 2 ** 32));
  writeU32(buf, offset + 4, units >>> 0);
}

function timestamp64(units: number): Uint8Array {
  const value = new Uint8Array(8);
  writeTimestamp(value, 0, units);
  return value;
}

/** A 64-bit integer option value, in the section's byte order (little-endian here). */
function int64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, value, true);
  return bytes;
}
