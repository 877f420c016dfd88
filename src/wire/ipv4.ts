/**
 * The IPv4 header (RFC 791 section 3.1). Options are skipped, not parsed:
 * hoplab's hosts never send them, and a router forwards them untouched.
 */
import { readU16, writeU16 } from './bytes.js';
import { checksumVerifies, internetChecksum, updateChecksum16 } from './checksum.js';
import { type Ipv4, readIpv4, writeIpv4 } from './ipv4-address.js';
import { WireError, requireBytes, requireField } from './wire-error.js';

/** Assigned Internet Protocol Numbers (IANA; RFC 790). */
export const IpProtocol = { ICMP: 1, UDP: 17 } as const;

export const IPV4_VERSION = 4;
export const IPV4_MIN_HEADER_LENGTH = 20;
/** Total Length is 16 bits (RFC 791 section 3.1). */
export const IPV4_MAX_TOTAL_LENGTH = 0xffff;

/** RFC 791 section 3.1, "Internet Header Format". */
export const Ipv4Field = {
  versionIhl: 0,
  tos: 1,
  totalLength: 2,
  identification: 4,
  flagsFragmentOffset: 6,
  ttl: 8,
  protocol: 9,
  checksum: 10,
  src: 12,
  dst: 16,
} as const;

/** The flags and 13-bit fragment offset, in units of 8 octets, share one 16-bit word. */
const FlagBits = { dontFragment: 0x4000, moreFragments: 0x2000, offsetMask: 0x1fff, offsetUnit: 8 } as const;

export interface Ipv4Header {
  tos: number;
  totalLength: number;
  identification: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In bytes, a multiple of 8. */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  src: Ipv4;
  dst: Ipv4;
  headerLength: number;
}

export interface Ipv4HeaderInit {
  tos?: number;
  identification: number;
  dontFragment: boolean;
  moreFragments?: boolean;
  fragmentOffset?: number;
  ttl: number;
  protocol: number;
  src: Ipv4;
  dst: Ipv4;
}

function readHeader(b: Uint8Array, offset: number, headerLength: number): Ipv4Header {
  const flags = readU16(b, offset + Ipv4Field.flagsFragmentOffset);
  return {
    tos: b[offset + Ipv4Field.tos]!,
    totalLength: readU16(b, offset + Ipv4Field.totalLength),
    identification: readU16(b, offset + Ipv4Field.identification),
    dontFragment: (flags & FlagBits.dontFragment) !== 0,
    moreFragments: (flags & FlagBits.moreFragments) !== 0,
    fragmentOffset: (flags & FlagBits.offsetMask) * FlagBits.offsetUnit,
    ttl: b[offset + Ipv4Field.ttl]!,
    protocol: b[offset + Ipv4Field.protocol]!,
    checksum: readU16(b, offset + Ipv4Field.checksum),
    src: readIpv4(b, offset + Ipv4Field.src),
    dst: readIpv4(b, offset + Ipv4Field.dst),
    headerLength,
  };
}

/** Checks version and IHL (RFC 791: IHL is in 32-bit words, at least 5) and returns the header length. */
function checkedHeaderLength(b: Uint8Array, offset: number): number {
  requireBytes('ipv4', 'IPv4 header', b, offset, IPV4_MIN_HEADER_LENGTH);
  const versionIhl = b[offset + Ipv4Field.versionIhl]!;
  const version = versionIhl >>> 4;
  const headerLength = (versionIhl & 0x0f) * 4;
  if (version !== IPV4_VERSION) throw new WireError('ipv4', `version ${version}, not 4`);
  if (headerLength < IPV4_MIN_HEADER_LENGTH) throw new WireError('ipv4', `IHL ${headerLength / 4} is below 5`);
  requireBytes('ipv4', 'IPv4 header with options', b, offset, headerLength);
  return headerLength;
}

/**
 * Parses the header at `offset`, checking that the header and the whole
 * datagram (Total Length) lie within `b`. Bytes past Total Length, such as
 * Ethernet padding, are allowed. The checksum is not verified here; see
 * `ipv4ChecksumOk` (a receiver drops, a capture shows).
 */
export function parseIpv4Header(b: Uint8Array, offset: number): Ipv4Header {
  const headerLength = checkedHeaderLength(b, offset);
  const totalLength = readU16(b, offset + Ipv4Field.totalLength);
  if (totalLength < headerLength) {
    throw new WireError('ipv4', `total length ${totalLength} is shorter than the ${headerLength}-byte header`);
  }
  requireBytes('ipv4', 'IPv4 datagram', b, offset, totalLength);
  return readHeader(b, offset, headerLength);
}

/**
 * Parses the header quoted inside an ICMP error, which carries the header and
 * only the first 64 bits of data (RFC 792), so Total Length may exceed `b`.
 */
export function parseQuotedIpv4Header(b: Uint8Array, offset: number): Ipv4Header {
  return readHeader(b, offset, checkedHeaderLength(b, offset));
}

/** True when the header checksum verifies; false also when the header is not all there. */
export function ipv4ChecksumOk(b: Uint8Array, offset: number): boolean {
  let headerLength: number;
  try {
    headerLength = checkedHeaderLength(b, offset);
  } catch (e) {
    if (e instanceof WireError) return false;
    throw e;
  }
  return checksumVerifies(b, offset, offset + headerLength);
}

/**
 * Writes a 20-byte header, checksum included, for a payload of
 * `payloadLength` bytes, and returns 20. Every byte is written.
 */
export function writeIpv4Header(b: Uint8Array, offset: number, h: Ipv4HeaderInit, payloadLength: number): number {
  const fragmentOffset = h.fragmentOffset ?? 0;
  const totalLength = IPV4_MIN_HEADER_LENGTH + payloadLength;
  requireField('ipv4', 'tos', h.tos ?? 0, 8);
  requireField('ipv4', 'identification', h.identification, 16);
  requireField('ipv4', 'ttl', h.ttl, 8);
  requireField('ipv4', 'protocol', h.protocol, 8);
  requireField('ipv4', 'src', h.src, 32);
  requireField('ipv4', 'dst', h.dst, 32);
  requireField('ipv4', 'fragment offset / 8', fragmentOffset / FlagBits.offsetUnit, 13);
  if (totalLength > IPV4_MAX_TOTAL_LENGTH) {
    throw new WireError('ipv4', `datagram of ${totalLength} bytes exceeds total length 65535`);
  }
  requireBytes('ipv4', 'output buffer', b, offset, IPV4_MIN_HEADER_LENGTH);
  b[offset + Ipv4Field.versionIhl] = (IPV4_VERSION << 4) | (IPV4_MIN_HEADER_LENGTH / 4);
  b[offset + Ipv4Field.tos] = h.tos ?? 0;
  writeU16(b, offset + Ipv4Field.totalLength, totalLength);
  writeU16(b, offset + Ipv4Field.identification, h.identification);
  writeU16(
    b,
    offset + Ipv4Field.flagsFragmentOffset,
    (h.dontFragment ? FlagBits.dontFragment : 0) |
      (h.moreFragments === true ? FlagBits.moreFragments : 0) |
      (fragmentOffset / FlagBits.offsetUnit),
  );
  b[offset + Ipv4Field.ttl] = h.ttl;
  b[offset + Ipv4Field.protocol] = h.protocol;
  writeU16(b, offset + Ipv4Field.checksum, 0);
  writeIpv4(b, offset + Ipv4Field.src, h.src);
  writeIpv4(b, offset + Ipv4Field.dst, h.dst);
  writeU16(b, offset + Ipv4Field.checksum, internetChecksum(b, offset, offset + IPV4_MIN_HEADER_LENGTH));
  return IPV4_MIN_HEADER_LENGTH;
}

export function emitIpv4(h: Ipv4HeaderInit, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(IPV4_MIN_HEADER_LENGTH + payload.length);
  writeIpv4Header(b, 0, h, payload.length);
  b.set(payload, IPV4_MIN_HEADER_LENGTH);
  return b;
}

/**
 * A copy of `frame` with the TTL of the IPv4 header at `ipOffset` lowered by
 * one and the checksum updated incrementally (RFC 1624 eqn. 3), as a router
 * does when forwarding (RFC 1812 section 5.3.1). TTL and Protocol share a
 * 16-bit word, so that word is the one that changes. A router must not
 * forward TTL 0 or 1; asking for a TTL below 0 is an error.
 */
export function withDecrementedTtl(frame: Uint8Array, ipOffset: number): Uint8Array {
  requireBytes('ipv4', 'IPv4 header', frame, ipOffset, IPV4_MIN_HEADER_LENGTH);
  const ttl = frame[ipOffset + Ipv4Field.ttl]!;
  if (ttl === 0) throw new WireError('ipv4', 'TTL is already 0');
  const protocol = frame[ipOffset + Ipv4Field.protocol]!;
  const out = frame.slice();
  out[ipOffset + Ipv4Field.ttl] = ttl - 1;
  const checksum = readU16(frame, ipOffset + Ipv4Field.checksum);
  writeU16(out, ipOffset + Ipv4Field.checksum, updateChecksum16(checksum, (ttl << 8) | protocol, ((ttl - 1) << 8) | protocol));
  return out;
}
