import { CSMA_CD } from './backoff.js';

/**
 * What a frame costs on an 802.3 wire beyond the bytes Linux hands the NIC.
 * hoplab's frames are what a capture on a host shows (src/wire/ethernet.ts: no
 * preamble, no FCS, no padding, a 42-byte ARP); on a hub's shared segment the
 * MAC puts them on the wire as 802.3 clause 4 says, and the wire time is that
 * of the whole packet. The padding and the FCS never appear in a recorded
 * frame's bytes: a NIC adds them on the way out and strips them on the way in.
 */

/** Preamble, 7 octets (IEEE 802.3 clause 3.2.1 and 4.2.5), sent before every frame. */
export const PREAMBLE_OCTETS = 7;
/** Start Frame Delimiter, 1 octet (802.3 clause 3.2.2), between the preamble and the destination address. */
export const SFD_OCTETS = 1;
/** Frame Check Sequence, a 4-octet CRC-32 (802.3 clause 3.2.9), after the data and its padding. */
export const FCS_OCTETS = 4;
/** minFrameSize in octets (802.3 clause 4.4.2: 512 bits), destination address to FCS. */
export const MIN_FRAME_OCTETS = CSMA_CD.minFrameBits / 8;
/** Preamble and SFD as bits: the header before the frame (802.3 clause 4.2.7.1's headerSize, 64 bits). */
export const HEADER_BITS = (PREAMBLE_OCTETS + SFD_OCTETS) * 8;

/**
 * The frame's length on the wire, destination address to FCS: the transmitter
 * pads the data so that the frame reaches minFrameSize (802.3 clause 3.2.8,
 * the Pad field, and 4.2.3.3, minimum frame size) and appends the FCS. A 42-byte ARP becomes
 * 60 + 4 = 64 octets; a 60-byte frame is already long enough and gets only its FCS.
 */
export function macFrameOctets(frameBytes: number): number {
  return Math.max(frameBytes + FCS_OCTETS, MIN_FRAME_OCTETS);
}

/** Bits a frame occupies the wire for, first preamble bit to last FCS bit: (8 + padded frame + 4) x 8. */
export function wireBits(frameBytes: number): number {
  return HEADER_BITS + macFrameOctets(frameBytes) * 8;
}
