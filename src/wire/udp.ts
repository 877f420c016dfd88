/** UDP (RFC 768) with its IPv4 pseudo-header checksum. */
import { readU16, writeU16 } from './bytes.js';
import { checksumVerifies, internetChecksum } from './checksum.js';
import type { Ipv4 } from './ipv4-address.js';
import { IpProtocol, IPV4_MAX_TOTAL_LENGTH, IPV4_MIN_HEADER_LENGTH } from './ipv4.js';
import { WireError, requireBytes, requireField } from './wire-error.js';

export const UDP_HEADER_LENGTH = 8;

/** RFC 768 "Format". */
export const UdpField = { srcPort: 0, dstPort: 2, length: 4, checksum: 6 } as const;

/** A transmitted checksum of zero means "none computed" (RFC 768), so a computed 0 is sent as all ones. */
const NO_CHECKSUM = 0;
const ZERO_AS_ONES = 0xffff;

export interface UdpHeader {
  srcPort: number;
  dstPort: number;
  /** Header plus data, in bytes. */
  length: number;
  checksum: number;
}

/**
 * Parses the header of the `len`-byte datagram at `off` (len comes from the
 * IP header). The UDP length must fit in it; bytes past it are ignored.
 * The payload is b[off + 8 .. off + length).
 */
export function parseUdp(b: Uint8Array, off: number, len: number): UdpHeader {
  requireBytes('udp', 'UDP datagram', b, off, len);
  if (len < UDP_HEADER_LENGTH) {
    throw new WireError('udp', `UDP datagram of ${len} bytes is shorter than the 8-byte header`);
  }
  const length = readU16(b, off + UdpField.length);
  if (length < UDP_HEADER_LENGTH || length > len) {
    throw new WireError('udp', `UDP length ${length} is not within 8..${len}`);
  }
  return {
    srcPort: readU16(b, off + UdpField.srcPort),
    dstPort: readU16(b, off + UdpField.dstPort),
    length,
    checksum: readU16(b, off + UdpField.checksum),
  };
}

/** Sum of the pseudo-header: source, destination, zero, protocol, UDP length (RFC 768). */
export function pseudoHeaderSum(src: Ipv4, dst: Ipv4, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}

/**
 * True when the checksum verifies or was not computed (0, RFC 768); false
 * also when the datagram is malformed.
 */
export function udpChecksumOk(b: Uint8Array, off: number, len: number, src: Ipv4, dst: Ipv4): boolean {
  let h: UdpHeader;
  try {
    h = parseUdp(b, off, len);
  } catch (e) {
    if (e instanceof WireError) return false;
    throw e;
  }
  if (h.checksum === NO_CHECKSUM) return true;
  return checksumVerifies(b, off, off + h.length, pseudoHeaderSum(src, dst, IpProtocol.UDP, h.length));
}

/** A UDP datagram with its checksum computed over the pseudo-header, header and data. */
export function emitUdp(src: Ipv4, dst: Ipv4, srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  requireField('udp', 'srcPort', srcPort, 16);
  requireField('udp', 'dstPort', dstPort, 16);
  requireField('udp', 'src', src, 32);
  requireField('udp', 'dst', dst, 32);
  const length = UDP_HEADER_LENGTH + payload.length;
  if (length > IPV4_MAX_TOTAL_LENGTH - IPV4_MIN_HEADER_LENGTH) {
    throw new WireError('udp', `UDP datagram of ${length} bytes does not fit in an IPv4 datagram`);
  }
  const b = new Uint8Array(length);
  writeU16(b, UdpField.srcPort, srcPort);
  writeU16(b, UdpField.dstPort, dstPort);
  writeU16(b, UdpField.length, length);
  writeU16(b, UdpField.checksum, 0);
  b.set(payload, UDP_HEADER_LENGTH);
  const checksum = internetChecksum(b, 0, length, pseudoHeaderSum(src, dst, IpProtocol.UDP, length));
  writeU16(b, UdpField.checksum, checksum === NO_CHECKSUM ? ZERO_AS_ONES : checksum);
  return b;
}
