/**
 * IPv4 fragmentation (RFC 791 section 3.2, "Fragmentation and Reassembly",
 * and its worked procedure in section 3.2's "An Example Fragmentation
 * Procedure"), as Linux's ip_fragment cuts a datagram: every fragment but the
 * last carries the largest multiple of 8 data bytes that fits the MTU.
 */
import { readU16, writeU16 } from '../wire/bytes.js';
import { internetChecksum } from '../wire/checksum.js';
import { Ipv4Field, parseIpv4Header, type Ipv4Header } from '../wire/ipv4.js';

const MORE_FRAGMENTS = 0x2000;
const OFFSET_UNIT = 8;
/** IP options: the high bit of the type says "copy into every fragment" (RFC 791 section 3.1, Options). */
const OPTION_COPIED = 0x80;
const OPTION_END = 0;
const OPTION_NOP = 1;

export function isFragment(h: Ipv4Header): boolean {
  return h.moreFragments || h.fragmentOffset !== 0;
}

/**
 * The datagram (starting at byte 0) cut to fit `mtu`, or the datagram itself
 * when it fits or DF forbids cutting it (callers check DF first: the
 * forwarder answers too-big, a socket leaves DF clear on what cannot fit). A fragment
 * cut again keeps its place: offsets add up and only the original last
 * piece's MF is inherited.
 */
export function fragmentToFit(datagram: Uint8Array, mtu: number): Uint8Array[] {
  const h = parseIpv4Header(datagram, 0);
  if (h.totalLength <= mtu || h.dontFragment) return [datagram];
  const hl = h.headerLength;
  const chunk = Math.floor((mtu - hl) / OFFSET_UNIT) * OFFSET_UNIT;
  if (chunk <= 0) return [datagram];
  const laterHeader = withoutUncopiedOptions(datagram.subarray(0, hl));
  const pieces: Uint8Array[] = [];
  for (let start = hl; start < h.totalLength; start += chunk) {
    const end = Math.min(start + chunk, h.totalLength);
    const last = end === h.totalLength;
    const piece = new Uint8Array(hl + end - start);
    piece.set(start === hl ? datagram.subarray(0, hl) : laterHeader, 0);
    piece.set(datagram.subarray(start, end), hl);
    const offsetUnits = (h.fragmentOffset + start - hl) / OFFSET_UNIT;
    const flags = readU16(datagram, Ipv4Field.flagsFragmentOffset) & 0xe000;
    const mf = last ? flags & MORE_FRAGMENTS : MORE_FRAGMENTS;
    writeU16(piece, Ipv4Field.flagsFragmentOffset, (flags & ~MORE_FRAGMENTS) | mf | offsetUnits);
    writeU16(piece, Ipv4Field.totalLength, piece.length);
    writeU16(piece, Ipv4Field.checksum, 0);
    writeU16(piece, Ipv4Field.checksum, internetChecksum(piece, 0, hl));
    pieces.push(piece);
  }
  return pieces;
}

/** Later fragments keep only options marked "copied"; Linux overwrites the rest with NOPs (ip_options_fragment), so the header length stays. */
function withoutUncopiedOptions(header: Uint8Array): Uint8Array {
  const out = header.slice();
  let i = 20;
  while (i < out.length) {
    const type = out[i]!;
    if (type === OPTION_END) break;
    if (type === OPTION_NOP) {
      i++;
      continue;
    }
    const len = Math.max(2, out[i + 1] ?? 2);
    if (!(type & OPTION_COPIED)) out.fill(OPTION_NOP, i, Math.min(i + len, out.length));
    i += len;
  }
  return out;
}
