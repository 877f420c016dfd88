/**
 * Ethernet II / IEEE 802.3 MAC frames (IEEE 802.3 clause 3.2) with an
 * optional IEEE 802.1Q tag (802.1Q clause 9). Frames here carry no preamble
 * and no FCS, and are never padded to 60 bytes: that is what a veth or a
 * packet socket sees, and what the kernel captures in the oracle showed
 * (a 42-byte ARP stays 42 bytes).
 */
import { readU16, writeU16 } from './bytes.js';
import { type Mac, readMac, writeMac, isMac } from './mac.js';
import { WireError, requireBytes, requireField } from './wire-error.js';

/** Assigned EtherType values (IEEE Registration Authority; RFC 894, RFC 826, 802.1Q). */
export const EtherType = { IPv4: 0x0800, ARP: 0x0806, VLAN: 0x8100 } as const;

/**
 * Length/Type values below 0x0600 are a length in octets, i.e. an IEEE 802.3
 * frame with an LLC header, not an EtherType (IEEE 802.3 clause 3.2.6).
 */
export const ETHERTYPE_MIN = 0x0600;

export const ETHERNET_HEADER_LENGTH = 14;
export const VLAN_TAG_LENGTH = 4;

/**
 * Field offsets. With a tag, the TPID sits where the EtherType was and the
 * tag control information (TCI) and the inner EtherType follow
 * (802.1Q clause 9.3, figure 9-1).
 */
export const EthernetField = {
  dst: 0,
  src: 6,
  etherType: 12,
  tci: 14,
  innerEtherType: 16,
} as const;

/** The TCI: 3-bit priority code point, drop eligible indicator, 12-bit VLAN ID (802.1Q clause 9.6). */
const Tci = { pcpShift: 13, deiBit: 0x1000, vidMask: 0x0fff } as const;

export interface VlanTag {
  pcp: number;
  dei: boolean;
  vid: number;
}

export interface EthernetHeader {
  dst: Mac;
  src: Mac;
  /** The inner EtherType when tagged; a length (< 0x0600) for 802.3/LLC frames. */
  etherType: number;
  vlan?: VlanTag;
  payloadOffset: number;
}

export interface EthernetHeaderInit {
  dst: Mac;
  src: Mac;
  etherType: number;
  vlan?: VlanTag;
}

export function decodeTci(tci: number): VlanTag {
  return { pcp: tci >>> Tci.pcpShift, dei: (tci & Tci.deiBit) !== 0, vid: tci & Tci.vidMask };
}

export function encodeTci(tag: VlanTag): number {
  requireField('vlan', 'pcp', tag.pcp, 3);
  requireField('vlan', 'vid', tag.vid, 12);
  return (tag.pcp << Tci.pcpShift) | (tag.dei ? Tci.deiBit : 0) | tag.vid;
}

export function parseEthernet(frame: Uint8Array): EthernetHeader {
  requireBytes('ethernet', 'Ethernet header', frame, 0, ETHERNET_HEADER_LENGTH);
  const dst = readMac(frame, EthernetField.dst);
  const src = readMac(frame, EthernetField.src);
  const type = readU16(frame, EthernetField.etherType);
  if (type !== EtherType.VLAN) {
    return { dst, src, etherType: type, payloadOffset: ETHERNET_HEADER_LENGTH };
  }
  if (frame.length < ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH) {
    throw new WireError('ethernet', `802.1Q tag truncated: frame has ${frame.length} bytes, need 18`);
  }
  return {
    dst,
    src,
    etherType: readU16(frame, EthernetField.innerEtherType),
    vlan: decodeTci(readU16(frame, EthernetField.tci)),
    payloadOffset: ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH,
  };
}

export function ethernetHeaderLength(h: { vlan?: VlanTag | undefined }): number {
  return h.vlan === undefined ? ETHERNET_HEADER_LENGTH : ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH;
}

/**
 * Writes the 14- or 18-byte header at `offset` and returns its length. Every
 * header byte is written, so `b` need not be zeroed.
 */
export function writeEthernetHeader(b: Uint8Array, offset: number, h: EthernetHeaderInit): number {
  if (!isMac(h.dst) || !isMac(h.src)) {
    throw new WireError('ethernet', `MAC out of range: dst ${h.dst} src ${h.src}`);
  }
  requireField('ethernet', 'etherType', h.etherType, 16);
  const length = ethernetHeaderLength(h);
  requireBytes('ethernet', 'output buffer', b, offset, length);
  writeMac(b, offset + EthernetField.dst, h.dst);
  writeMac(b, offset + EthernetField.src, h.src);
  if (h.vlan === undefined) {
    writeU16(b, offset + EthernetField.etherType, h.etherType);
  } else {
    writeU16(b, offset + EthernetField.etherType, EtherType.VLAN);
    writeU16(b, offset + EthernetField.tci, encodeTci(h.vlan));
    writeU16(b, offset + EthernetField.innerEtherType, h.etherType);
  }
  return length;
}

export function emitEthernet(h: EthernetHeaderInit, payload: Uint8Array): Uint8Array {
  const headerLength = ethernetHeaderLength(h);
  const frame = new Uint8Array(headerLength + payload.length);
  writeEthernetHeader(frame, 0, h);
  frame.set(payload, headerLength);
  return frame;
}

/** Fast path for forwarding decisions; the caller guarantees frame.length >= 14. */
export function readDstMac(frame: Uint8Array): Mac {
  return readMac(frame, EthernetField.dst);
}

/** Fast path for MAC learning; the caller guarantees frame.length >= 14. */
export function readSrcMac(frame: Uint8Array): Mac {
  return readMac(frame, EthernetField.src);
}
