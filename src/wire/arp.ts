/**
 * ARP for IPv4 over Ethernet (RFC 826), the only pairing hoplab speaks:
 * hardware type 1, protocol type 0x0800, 6-byte and 4-byte addresses.
 */
import { readU16, writeU16 } from './bytes.js';
import { EtherType } from './ethernet.js';
import { type Ipv4, IPV4_LENGTH, readIpv4, writeIpv4 } from './ipv4-address.js';
import { type Mac, MAC_LENGTH, isMac, readMac, writeMac } from './mac.js';
import { WireError, requireBytes, requireField } from './wire-error.js';

/** ar$op values (RFC 826; RFC 903 adds 3 and 4 for RARP). */
export const ArpOp = { Request: 1, Reply: 2 } as const;

/** ar$hrd: hardware address space (IANA "Hardware Types"; 1 = Ethernet, RFC 826). */
export const ArpHardware = { Ethernet: 1 } as const;

export const ARP_PACKET_LENGTH = 28;

/** RFC 826 "Packet format", for 6-byte hardware and 4-byte protocol addresses. */
export const ArpField = {
  htype: 0,
  ptype: 2,
  hlen: 4,
  plen: 5,
  op: 6,
  senderMac: 8,
  senderIp: 14,
  targetMac: 18,
  targetIp: 24,
} as const;

export interface ArpPacket {
  op: number;
  senderMac: Mac;
  senderIp: Ipv4;
  targetMac: Mac;
  targetIp: Ipv4;
}

/**
 * Parses the 28-byte packet at `offset`. Any op is accepted (RFC 826 leaves
 * unknown opcodes to the receiver); any other address space is refused.
 * Trailing bytes, e.g. Ethernet padding, are ignored.
 */
export function parseArp(b: Uint8Array, offset = 0): ArpPacket {
  requireBytes('arp', 'ARP packet', b, offset, ARP_PACKET_LENGTH);
  const htype = readU16(b, offset + ArpField.htype);
  const ptype = readU16(b, offset + ArpField.ptype);
  const hlen = b[offset + ArpField.hlen]!;
  const plen = b[offset + ArpField.plen]!;
  if (htype !== ArpHardware.Ethernet || ptype !== EtherType.IPv4 || hlen !== MAC_LENGTH || plen !== IPV4_LENGTH) {
    throw new WireError('arp', `not Ethernet/IPv4 ARP: htype ${htype} ptype 0x${ptype.toString(16)} hlen ${hlen} plen ${plen}`);
  }
  return {
    op: readU16(b, offset + ArpField.op),
    senderMac: readMac(b, offset + ArpField.senderMac),
    senderIp: readIpv4(b, offset + ArpField.senderIp),
    targetMac: readMac(b, offset + ArpField.targetMac),
    targetIp: readIpv4(b, offset + ArpField.targetIp),
  };
}

/** Writes all 28 bytes at `offset` (the buffer need not be zeroed) and returns 28. */
export function writeArp(b: Uint8Array, offset: number, p: ArpPacket): number {
  requireField('arp', 'op', p.op, 16);
  requireField('arp', 'senderIp', p.senderIp, 32);
  requireField('arp', 'targetIp', p.targetIp, 32);
  if (!isMac(p.senderMac) || !isMac(p.targetMac)) {
    throw new WireError('arp', `MAC out of range: sender ${p.senderMac} target ${p.targetMac}`);
  }
  requireBytes('arp', 'output buffer', b, offset, ARP_PACKET_LENGTH);
  writeU16(b, offset + ArpField.htype, ArpHardware.Ethernet);
  writeU16(b, offset + ArpField.ptype, EtherType.IPv4);
  b[offset + ArpField.hlen] = MAC_LENGTH;
  b[offset + ArpField.plen] = IPV4_LENGTH;
  writeU16(b, offset + ArpField.op, p.op);
  writeMac(b, offset + ArpField.senderMac, p.senderMac);
  writeIpv4(b, offset + ArpField.senderIp, p.senderIp);
  writeMac(b, offset + ArpField.targetMac, p.targetMac);
  writeIpv4(b, offset + ArpField.targetIp, p.targetIp);
  return ARP_PACKET_LENGTH;
}

export function emitArp(p: ArpPacket): Uint8Array {
  const b = new Uint8Array(ARP_PACKET_LENGTH);
  writeArp(b, 0, p);
  return b;
}
