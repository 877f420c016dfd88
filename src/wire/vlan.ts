/**
 * Inserting and stripping IEEE 802.1Q tags, as a VLAN-aware bridge does at
 * trunk and access ports (802.1Q clause 9: the 4-byte tag goes between the
 * source address and the original EtherType).
 */
import { readU16, writeU16 } from './bytes.js';
import { ETHERNET_HEADER_LENGTH, EtherType, EthernetField, VLAN_TAG_LENGTH, decodeTci, encodeTci } from './ethernet.js';
import { WireError, requireBytes } from './wire-error.js';

/** VIDs 0 (priority tag only) and 4095 are reserved (802.1Q clause 9.6, table 9-2). */
export const VlanId = { PriorityTagged: 0, Default: 1, Max: 4094, Reserved: 4095 } as const;

/**
 * Returns a new frame with a tag inserted after the source MAC. A frame that
 * already carries a tag gets a second, outer one (tag stacking).
 */
export function addVlanTag(frame: Uint8Array, vid: number, pcp = 0): Uint8Array {
  requireBytes('vlan', 'Ethernet header', frame, 0, ETHERNET_HEADER_LENGTH);
  const tci = encodeTci({ pcp, dei: false, vid });
  const out = new Uint8Array(frame.length + VLAN_TAG_LENGTH);
  out.set(frame.subarray(0, EthernetField.etherType), 0);
  writeU16(out, EthernetField.etherType, EtherType.VLAN);
  writeU16(out, EthernetField.tci, tci);
  out.set(frame.subarray(EthernetField.etherType), EthernetField.innerEtherType);
  return out;
}

/**
 * Returns a new frame without its outer tag. An untagged frame is returned
 * as is (the same array): there is nothing to strip.
 */
export function removeVlanTag(frame: Uint8Array): Uint8Array {
  if (readVlanId(frame) === undefined) return frame;
  const out = new Uint8Array(frame.length - VLAN_TAG_LENGTH);
  out.set(frame.subarray(0, EthernetField.etherType), 0);
  out.set(frame.subarray(EthernetField.innerEtherType), EthernetField.etherType);
  return out;
}

/** The VID of the outer tag, or undefined when the frame is untagged. */
export function readVlanId(frame: Uint8Array): number | undefined {
  requireBytes('vlan', 'Ethernet header', frame, 0, ETHERNET_HEADER_LENGTH);
  if (readU16(frame, EthernetField.etherType) !== EtherType.VLAN) return undefined;
  if (frame.length < ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH) {
    throw new WireError('vlan', `802.1Q tag truncated: frame has ${frame.length} bytes, need 18`);
  }
  return decodeTci(readU16(frame, EthernetField.tci)).vid;
}
