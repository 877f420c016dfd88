/**
 * Spanning tree BPDUs (IEEE 802.1D-1998 clause 9; the RST BPDU of
 * 802.1D-2004 clause 9.3.3) in the frame Linux sends them in: IEEE 802.3
 * with a length, not an EtherType, an LLC header with DSAP = SSAP = 0x42 and
 * control 0x03 (UI), to the bridge group address 01:80:c2:00:00:00
 * (br_send_bpdu via llc_pdu_header_init). A veth does not pad, so a
 * configuration BPDU is 14 + 3 + 35 = 52 bytes, as the oracle captured it,
 * and a TCN 14 + 3 + 4 = 21.
 */
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_MIN, EthernetField, writeEthernetHeader } from './ethernet.js';
import { type Mac, readMac, writeMac } from './mac.js';
import { WireError, requireBytes, requireField } from './wire-error.js';

/** 01:80:c2:00:00:00, the Bridge Group Address (802.1D-1998 clause 7.12.3, Table 7-9). */
export const BRIDGE_GROUP_MAC: Mac = 0x0180c2000000;

/** IEEE 802.2 LLC: the SAP assigned to the spanning tree, and the Unnumbered Information control. */
export const Llc = { stpSap: 0x42, ui: 0x03, headerLength: 3 } as const;

/** BPDU Type octet (802.1D-1998 clause 9.3.1-9.3.2; 802.1D-2004 clause 9.3.3). */
export const BpduType = { Config: 0x00, Tcn: 0x80, Rst: 0x02 } as const;

/** Protocol Version Identifier: 0 for STP, 2 for RSTP (802.1D-2004 clause 9.3.3). */
export const BpduVersion = { Stp: 0, Rstp: 2 } as const;

/** Flags octet (802.1D-1998 clause 9.3.1; bits 2-7 for RSTP from 802.1D-2004 clause 9.3.3). */
export const BpduFlag = {
  topologyChange: 0x01,
  proposal: 0x02,
  roleShift: 2,
  roleMask: 0x0c,
  learning: 0x10,
  forwarding: 0x20,
  agreement: 0x40,
  topologyChangeAck: 0x80,
} as const;

/** Offsets inside the BPDU, after the LLC header (802.1D-1998 Figure 9-1). */
export const BpduField = {
  protocol: 0,
  version: 2,
  type: 3,
  flags: 4,
  rootId: 5,
  rootPathCost: 13,
  bridgeId: 17,
  portId: 25,
  messageAge: 27,
  maxAge: 29,
  helloTime: 31,
  forwardDelay: 33,
  version1Length: 35,
} as const;

export const CONFIG_BPDU_LENGTH = 35;
export const RST_BPDU_LENGTH = 36;
export const TCN_BPDU_LENGTH = 4;
/** Times travel in units of 1/256 s (802.1D-1998 clause 9.2.8). */
export const BPDU_TIME_UNITS_PER_SECOND = 256;

/** A bridge identifier: 16-bit priority, then a MAC (802.1D-1998 clause 9.2.5). */
export interface BridgeId {
  priority: number;
  mac: Mac;
}

/** A configuration or RST BPDU; times in 1/256 s as they travel. */
export interface ConfigBpdu {
  type: 'config' | 'rst';
  flags: number;
  rootId: BridgeId;
  rootPathCost: number;
  bridgeId: BridgeId;
  portId: number;
  messageAge: number;
  maxAge: number;
  helloTime: number;
  forwardDelay: number;
}

export interface TcnBpdu {
  type: 'tcn';
}

export type Bpdu = ConfigBpdu | TcnBpdu;

/** Where the BPDU starts in an 802.3/LLC frame. */
const BPDU_OFFSET = ETHERNET_HEADER_LENGTH + Llc.headerLength;

/** Whether the frame is 802.3 with the spanning tree's LLC SAPs: the test br_handle_frame's LLC hook makes. */
export function isBpduFrame(frame: Uint8Array): boolean {
  return (
    frame.length >= BPDU_OFFSET &&
    readU16(frame, EthernetField.etherType) < ETHERTYPE_MIN &&
    frame[ETHERNET_HEADER_LENGTH] === Llc.stpSap &&
    frame[ETHERNET_HEADER_LENGTH + 1] === Llc.stpSap
  );
}

/**
 * Parses the BPDU of an 802.3/LLC frame. Lengths are checked first (the
 * 802.3 length field included: it must cover what it announces), then the
 * header as br_stp_rcv checks it: LLC 42 42 03, protocol 0, a known type.
 */
export function parseBpdu(frame: Uint8Array): Bpdu {
  requireBytes('stp', 'BPDU header', frame, 0, BPDU_OFFSET + BpduField.type + 1);
  const length = readU16(frame, EthernetField.etherType);
  if (length >= ETHERTYPE_MIN) throw new WireError('stp', `not an 802.3 frame: type 0x${length.toString(16)}`);
  if (ETHERNET_HEADER_LENGTH + length > frame.length)
    throw new WireError('stp', `802.3 length ${length} runs past the frame's ${frame.length - ETHERNET_HEADER_LENGTH} bytes`);
  const llc = ETHERNET_HEADER_LENGTH;
  if (frame[llc] !== Llc.stpSap || frame[llc + 1] !== Llc.stpSap || frame[llc + 2] !== Llc.ui)
    throw new WireError('stp', 'not a spanning tree LLC header (42 42 03)');
  const o = BPDU_OFFSET;
  if (readU16(frame, o + BpduField.protocol) !== 0) throw new WireError('stp', `protocol identifier ${readU16(frame, o)} is not 0`);
  const type = frame[o + BpduField.type]!;
  if (type === BpduType.Tcn) return { type: 'tcn' };
  if (type !== BpduType.Config && type !== BpduType.Rst) throw new WireError('stp', `unknown BPDU type 0x${type.toString(16)}`);
  requireBytes('stp', 'configuration BPDU', frame, o, type === BpduType.Rst ? RST_BPDU_LENGTH : CONFIG_BPDU_LENGTH);
  return {
    type: type === BpduType.Rst ? 'rst' : 'config',
    flags: frame[o + BpduField.flags]!,
    rootId: readBridgeId(frame, o + BpduField.rootId),
    rootPathCost: readU32(frame, o + BpduField.rootPathCost),
    bridgeId: readBridgeId(frame, o + BpduField.bridgeId),
    portId: readU16(frame, o + BpduField.portId),
    messageAge: readU16(frame, o + BpduField.messageAge),
    maxAge: readU16(frame, o + BpduField.maxAge),
    helloTime: readU16(frame, o + BpduField.helloTime),
    forwardDelay: readU16(frame, o + BpduField.forwardDelay),
  };
}

/** The frame's length for a BPDU: no padding, as a veth sends it. */
export function bpduFrameLength(b: Bpdu): number {
  return BPDU_OFFSET + (b.type === 'tcn' ? TCN_BPDU_LENGTH : b.type === 'rst' ? RST_BPDU_LENGTH : CONFIG_BPDU_LENGTH);
}

/** Writes the whole frame (header, LLC, BPDU) into `b` at 0; every byte of the frame is written. */
export function writeBpduFrame(b: Uint8Array, src: Mac, bpdu: Bpdu): number {
  const length = bpduFrameLength(bpdu);
  requireBytes('stp', 'output buffer', b, 0, length);
  writeEthernetHeader(b, 0, { dst: BRIDGE_GROUP_MAC, src, etherType: length - ETHERNET_HEADER_LENGTH });
  b[ETHERNET_HEADER_LENGTH] = Llc.stpSap;
  b[ETHERNET_HEADER_LENGTH + 1] = Llc.stpSap;
  b[ETHERNET_HEADER_LENGTH + 2] = Llc.ui;
  const o = BPDU_OFFSET;
  writeU16(b, o + BpduField.protocol, 0);
  if (bpdu.type === 'tcn') {
    b[o + BpduField.version] = BpduVersion.Stp;
    b[o + BpduField.type] = BpduType.Tcn;
    return length;
  }
  requireField('stp', 'flags', bpdu.flags, 8);
  requireField('stp', 'rootPathCost', bpdu.rootPathCost, 32);
  requireField('stp', 'portId', bpdu.portId, 16);
  for (const k of ['messageAge', 'maxAge', 'helloTime', 'forwardDelay'] as const) requireField('stp', k, bpdu[k], 16);
  const rst = bpdu.type === 'rst';
  b[o + BpduField.version] = rst ? BpduVersion.Rstp : BpduVersion.Stp;
  b[o + BpduField.type] = rst ? BpduType.Rst : BpduType.Config;
  b[o + BpduField.flags] = bpdu.flags;
  writeBridgeId(b, o + BpduField.rootId, bpdu.rootId);
  writeU32(b, o + BpduField.rootPathCost, bpdu.rootPathCost);
  writeBridgeId(b, o + BpduField.bridgeId, bpdu.bridgeId);
  writeU16(b, o + BpduField.portId, bpdu.portId);
  writeU16(b, o + BpduField.messageAge, bpdu.messageAge);
  writeU16(b, o + BpduField.maxAge, bpdu.maxAge);
  writeU16(b, o + BpduField.helloTime, bpdu.helloTime);
  writeU16(b, o + BpduField.forwardDelay, bpdu.forwardDelay);
  // 802.1D-2004 clause 9.3.3: the RST BPDU's Version 1 Length is 0.
  if (rst) b[o + BpduField.version1Length] = 0;
  return length;
}

export function emitBpduFrame(src: Mac, bpdu: Bpdu): Uint8Array {
  const frame = new Uint8Array(bpduFrameLength(bpdu));
  writeBpduFrame(frame, src, bpdu);
  return frame;
}

function readBridgeId(b: Uint8Array, o: number): BridgeId {
  return { priority: readU16(b, o), mac: readMac(b, o + 2) };
}

function writeBridgeId(b: Uint8Array, o: number, id: BridgeId): void {
  requireField('stp', 'bridge priority', id.priority, 16);
  writeU16(b, o, id.priority);
  writeMac(b, o + 2, id.mac);
}

/**
 * Orders bridge ids as 802.1D-1998 clause 9.2.5 does and the kernel's memcmp of the 8 octets:
 * priority first, then the MAC. Negative when `a` is better (lower).
 */
export function compareBridgeIds(a: BridgeId, b: BridgeId): number {
  return a.priority !== b.priority ? a.priority - b.priority : a.mac - b.mac;
}

/** `8000.020000000a01`, as sysfs's bridge_id and root_id print it (br_show_bridge_id). */
export function formatBridgeId(id: BridgeId): string {
  const mac = id.mac.toString(16).padStart(12, '0');
  return `${id.priority.toString(16).padStart(4, '0')}.${mac}`;
}
