/**
 * Wireshark-like layer details for the stepper. Never throws: a layer that
 * cannot be parsed becomes a 'Malformed' layer after the ones that could.
 */
import { parseArp } from './arp.js';
import { BPDU_TIME_UNITS_PER_SECOND, BpduFlag, formatBridgeId, parseBpdu } from './bpdu.js';
import { readU16, hex } from './bytes.js';
import {
  arpHardwareText,
  arpOpText,
  checksumText,
  errorMessage,
  etherTypeText,
  hexAndDecimal,
  icmpCodeText,
  icmpTypeText,
  ipProtocolText,
  LlcSap,
} from './decode-format.js';
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_MIN, EtherType, EthernetField, parseEthernet } from './ethernet.js';
import { ICMP_HEADER_LENGTH, IcmpField, IcmpType, UnreachableCode, nextHopMtu, parseIcmp } from './icmp.js';
import { type Ipv4Header, IPV4_VERSION, IpProtocol, Ipv4Field, parseIpv4Header, parseQuotedIpv4Header } from './ipv4.js';
import { IPV4_LENGTH, formatIpv4 } from './ipv4-address.js';
import { MAC_LENGTH, formatMac, readMac } from './mac.js';
import { UDP_HEADER_LENGTH, UdpField, parseUdp, pseudoHeaderSum } from './udp.js';
import { requireBytes } from './wire-error.js';

export { summarizeFrame, summarizeFrameWithLinkHeader } from './summarize.js';

export interface DecodedLayer {
  name: string;
  fields: Array<[string, string]>;
}

/** IEEE 802.2 LLC header: DSAP, SSAP, control (one octet each for U-format frames). */
const LLC_HEADER_LENGTH = 3;

export function decodeFrame(frame: Uint8Array): DecodedLayer[] {
  const layers: DecodedLayer[] = [];
  try {
    decodeEthernet(frame, layers);
  } catch (e) {
    layers.push({ name: 'Malformed', fields: [['error', errorMessage(e)]] });
  }
  return layers;
}

function decodeEthernet(frame: Uint8Array, layers: DecodedLayer[]): void {
  requireBytes('ethernet', 'Ethernet header', frame, 0, ETHERNET_HEADER_LENGTH);
  const type = readU16(frame, EthernetField.etherType);
  const addresses: Array<[string, string]> = [
    ['Destination', formatMac(readMac(frame, EthernetField.dst))],
    ['Source', formatMac(readMac(frame, EthernetField.src))],
  ];
  if (type < ETHERTYPE_MIN) {
    // IEEE 802.3 clause 3.2.6: a length, so an LLC header follows.
    layers.push({ name: 'IEEE 802.3 Ethernet', fields: [...addresses, ['Length', String(type)]] });
    decodeLlc(frame, ETHERNET_HEADER_LENGTH, layers);
    return;
  }
  layers.push({ name: 'Ethernet II', fields: [...addresses, ['Type', etherTypeText(type)]] });
  const h = parseEthernet(frame);
  if (h.vlan !== undefined) {
    layers.push({
      name: '802.1Q Virtual LAN',
      fields: [
        ['Priority', String(h.vlan.pcp)],
        ['DEI', h.vlan.dei ? '1' : '0'],
        ['ID', String(h.vlan.vid)],
        ['Type', etherTypeText(h.etherType)],
      ],
    });
  }
  if (h.etherType === EtherType.ARP) decodeArp(frame, h.payloadOffset, layers);
  else if (h.etherType === EtherType.IPv4) decodeIpv4(frame, h.payloadOffset, layers, false);
  else layers.push(dataLayer(frame.length - h.payloadOffset));
}

function decodeLlc(frame: Uint8Array, offset: number, layers: DecodedLayer[]): void {
  requireBytes('llc', 'LLC header', frame, offset, LLC_HEADER_LENGTH);
  const sapText = (sap: number): string => (sap === LlcSap.SpanningTree ? `${hex(sap, 2)} (Spanning Tree BPDU)` : hex(sap, 2));
  layers.push({
    name: 'Logical-Link Control',
    fields: [
      ['DSAP', sapText(frame[offset]!)],
      ['SSAP', sapText(frame[offset + 1]!)],
      ['Control', hex(frame[offset + 2]!, 2)],
    ],
  });
  if (frame[offset] === LlcSap.SpanningTree && frame[offset + 1] === LlcSap.SpanningTree) decodeBpdu(frame, layers);
  else layers.push(dataLayer(frame.length - offset - LLC_HEADER_LENGTH));
}

/** The BPDU's fields as Wireshark's STP dissector names them (802.1D-1998 clause 9.3); times in seconds. */
function decodeBpdu(frame: Uint8Array, layers: DecodedLayer[]): void {
  const b = parseBpdu(frame);
  if (b.type === 'tcn') {
    layers.push({ name: 'Spanning Tree Protocol', fields: [['BPDU Type', 'Topology Change Notification (0x80)']] });
    return;
  }
  const seconds = (units: number): string => String(units / BPDU_TIME_UNITS_PER_SECOND);
  const id = (x: { priority: number; mac: number }): string => `${x.priority} / ${formatMac(x.mac)} (${formatBridgeId(x)})`;
  const flags = [
    b.flags & BpduFlag.topologyChangeAck ? 'Topology Change Acknowledgment' : '',
    b.flags & BpduFlag.topologyChange ? 'Topology Change' : '',
  ].filter(Boolean);
  layers.push({
    name: 'Spanning Tree Protocol',
    fields: [
      ['Protocol Version Identifier', b.type === 'rst' ? 'Rapid Spanning Tree (2)' : 'Spanning Tree (0)'],
      ['BPDU Type', b.type === 'rst' ? 'Rapid/Multiple Spanning Tree (0x02)' : 'Configuration (0x00)'],
      ['BPDU flags', `${hex(b.flags, 2)}${flags.length ? ` (${flags.join(', ')})` : ''}`],
      ['Root Identifier', id(b.rootId)],
      ['Root Path Cost', String(b.rootPathCost)],
      ['Bridge Identifier', id(b.bridgeId)],
      ['Port identifier', hex(b.portId, 4)],
      ['Message Age', seconds(b.messageAge)],
      ['Max Age', seconds(b.maxAge)],
      ['Hello Time', seconds(b.helloTime)],
      ['Forward Delay', seconds(b.forwardDelay)],
    ],
  });
}

function decodeArp(frame: Uint8Array, offset: number, layers: DecodedLayer[]): void {
  const p = parseArp(frame, offset);
  layers.push({
    name: 'ARP',
    fields: [
      ['Hardware type', arpHardwareText(readU16(frame, offset))],
      ['Protocol type', etherTypeText(EtherType.IPv4)],
      ['Hardware size', String(MAC_LENGTH)],
      ['Protocol size', String(IPV4_LENGTH)],
      ['Opcode', arpOpText(p.op)],
      ['Sender MAC address', formatMac(p.senderMac)],
      ['Sender IP address', formatIpv4(p.senderIp)],
      ['Target MAC address', formatMac(p.targetMac)],
      ['Target IP address', formatIpv4(p.targetIp)],
    ],
  });
}

/** The 3-bit Flags field: bit 1 DF, bit 2 MF, counted from the most significant (RFC 791 section 3.1). */
const Ipv4FlagsField = { dontFragment: 0x2, moreFragments: 0x1 } as const;

function flagsText(h: Ipv4Header): string {
  const names = [h.dontFragment ? 'DF' : '', h.moreFragments ? 'MF' : ''].filter((s) => s !== '');
  const bits = (h.dontFragment ? Ipv4FlagsField.dontFragment : 0) | (h.moreFragments ? Ipv4FlagsField.moreFragments : 0);
  return names.length === 0 ? hex(bits, 1) : `${hex(bits, 1)} (${names.join(', ')})`;
}

/**
 * `quoted` is the datagram inside an ICMP error: RFC 792 quotes only its
 * header and first 64 bits, so its payload may be cut short, and no further
 * ICMP error is decoded inside it (RFC 1122 section 3.2.2).
 */
function decodeIpv4(b: Uint8Array, offset: number, layers: DecodedLayer[], quoted: boolean): void {
  const h = quoted ? parseQuotedIpv4Header(b, offset) : parseIpv4Header(b, offset);
  const header = b.subarray(offset, offset + h.headerLength);
  layers.push({
    name: quoted ? 'IPv4 (quoted)' : 'IPv4',
    fields: [
      ['Version', String(IPV4_VERSION)],
      ['Header Length', `${h.headerLength} bytes (${h.headerLength / 4})`],
      ['Differentiated Services Field', hex(h.tos, 2)],
      ['Total Length', String(h.totalLength)],
      ['Identification', hexAndDecimal(h.identification)],
      ['Flags', flagsText(h)],
      ['Fragment Offset', String(h.fragmentOffset)],
      ['Time to Live', String(h.ttl)],
      ['Protocol', ipProtocolText(h.protocol)],
      ['Header Checksum', checksumText(header, Ipv4Field.checksum)],
      ['Source Address', formatIpv4(h.src)],
      ['Destination Address', formatIpv4(h.dst)],
    ],
  });
  const payload = b.subarray(offset + h.headerLength, Math.min(b.length, offset + h.totalLength));
  if (h.fragmentOffset > 0) {
    // Only the first fragment carries the transport header (RFC 791 section 2.3).
    layers.push({ name: 'Data', fields: [['Fragment', `${payload.length} bytes at offset ${h.fragmentOffset}`]] });
  } else if (h.protocol === IpProtocol.ICMP) {
    decodeIcmp(payload, h, layers, quoted);
  } else if (h.protocol === IpProtocol.UDP) {
    decodeUdp(payload, h, layers, quoted);
  } else {
    layers.push(dataLayer(payload.length));
  }
}

function decodeIcmp(b: Uint8Array, ip: Ipv4Header, layers: DecodedLayer[], quoted: boolean): void {
  requireBytes('icmp', 'ICMP header', b, 0, ICMP_HEADER_LENGTH);
  const type = b[IcmpField.type]!;
  // The checksum covers the whole message; a quote or a first fragment has only part of it.
  const partial = quoted || ip.moreFragments;
  const checksum = partial ? hex(readU16(b, IcmpField.checksum), 4) : checksumText(b, IcmpField.checksum);
  const fields: Array<[string, string]> = [
    ['Type', icmpTypeText(type)],
    ['Code', icmpCodeText(type, b[IcmpField.code]!)],
    ['Checksum', checksum],
  ];
  const m = partial ? undefined : parseIcmp(b, 0, b.length);
  if (type === IcmpType.EchoRequest || type === IcmpType.EchoReply) {
    const sequence = readU16(b, IcmpField.sequence);
    fields.push(['Identifier', hexAndDecimal(readU16(b, IcmpField.identifier))]);
    fields.push(['Sequence Number', `${sequence} (${hex(sequence, 4)})`]);
    fields.push(['Data', `${b.length - ICMP_HEADER_LENGTH} bytes`]);
    layers.push({ name: quoted ? 'ICMP (quoted)' : 'ICMP', fields });
    return;
  }
  if (m?.kind !== 'error') {
    fields.push(['Data', `${b.length - IcmpField.rest} bytes`]);
    layers.push({ name: quoted ? 'ICMP (quoted)' : 'ICMP', fields });
    return;
  }
  fields.push(restField(m.type, m.code, m.rest));
  layers.push({ name: 'ICMP', fields });
  decodeIpv4(m.quoted, 0, layers, true);
}

/** The meaning of the second word of an error message (RFC 792, RFC 1191 section 4). */
function restField(type: number, code: number, rest: number): [string, string] {
  if (type === IcmpType.DestinationUnreachable && code === UnreachableCode.FragmentationNeeded) {
    return ['MTU of next hop', String(nextHopMtu(rest))];
  }
  if (type === IcmpType.Redirect) return ['Gateway address', formatIpv4(rest)];
  if (type === IcmpType.ParameterProblem) return ['Pointer', String(rest >>> 24)];
  return ['Unused', hex(rest, 8)];
}

function decodeUdp(b: Uint8Array, ip: Ipv4Header, layers: DecodedLayer[], quoted: boolean): void {
  const partial = quoted || ip.moreFragments;
  requireBytes('udp', 'UDP header', b, 0, UDP_HEADER_LENGTH);
  // A whole datagram is checked against the IP length; a partial one is shown as is.
  const length = partial ? readU16(b, UdpField.length) : parseUdp(b, 0, b.length).length;
  const pseudo = pseudoHeaderSum(ip.src, ip.dst, IpProtocol.UDP, length);
  const checksum = partial ? hex(readU16(b, UdpField.checksum), 4) : checksumText(b.subarray(0, length), UdpField.checksum, pseudo, true);
  layers.push({
    name: quoted ? 'UDP (quoted)' : 'UDP',
    fields: [
      ['Source Port', String(readU16(b, UdpField.srcPort))],
      ['Destination Port', String(readU16(b, UdpField.dstPort))],
      ['Length', String(length)],
      ['Checksum', checksum],
      ['Payload', `${Math.max(0, Math.min(b.length, length) - UDP_HEADER_LENGTH)} bytes`],
    ],
  });
}

function dataLayer(length: number): DecodedLayer {
  return { name: 'Data', fields: [['Length', `${length} bytes`]] };
}
