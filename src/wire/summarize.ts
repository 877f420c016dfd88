/**
 * One-line summaries in the style of `tcpdump -n` (tcpdump's print-arp.c,
 * print-ip.c, print-icmp.c, print-udp.c), so a hoplab trace reads like the
 * oracle's. Never throws: what cannot be parsed is shown as [malformed: ...].
 */
import { ArpOp, parseArp } from './arp.js';
import { hex, readU16 } from './bytes.js';
import { LlcSap, errorMessage, ipProtocolName } from './decode-format.js';
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_MIN, EtherType, EthernetField, parseEthernet } from './ethernet.js';
import { IcmpType, TimeExceededCode, UnreachableCode, nextHopMtu, parseIcmp } from './icmp.js';
import { type Ipv4Header, IpProtocol, parseIpv4Header, parseQuotedIpv4Header } from './ipv4.js';
import { formatIpv4 } from './ipv4-address.js';
import { ZERO_MAC, formatMac, readMac } from './mac.js';
import { UDP_HEADER_LENGTH, UdpField, parseUdp } from './udp.js';

/** IEEE 802.2 LLC header length for U-format frames; tcpdump's STP length excludes it. */
const LLC_HEADER_LENGTH = 3;

function malformed(e: unknown): string {
  return `[malformed: ${errorMessage(e)}]`;
}

export function summarizeFrame(frame: Uint8Array): string {
  try {
    return summarizeEthernet(frame);
  } catch (e) {
    return `${malformed(e)}, length ${frame.length}`;
  }
}

/** tcpdump's names of the EtherTypes it prints with -e (print-ether.c, ethertype_values). */
const ETHERTYPE_NAMES: Readonly<Record<number, string>> = {
  [EtherType.IPv4]: 'IPv4',
  [EtherType.ARP]: 'ARP',
  [EtherType.VLAN]: '802.1Q',
};

/**
 * The line `tcpdump -e` prints (print-ether.c, ether_common_print): the MAC
 * header first, `SRC > DST, ethertype NAME (0xNNNN), length N: `, then what
 * follows without the protocol word the short form starts with (`ARP, `, `IP `).
 */
export function summarizeFrameWithLinkHeader(frame: Uint8Array): string {
  if (frame.length < ETHERNET_HEADER_LENGTH) return summarizeFrame(frame);
  const src = formatMac(readMac(frame, EthernetField.src));
  const dst = formatMac(readMac(frame, EthernetField.dst));
  const type = readU16(frame, EthernetField.etherType);
  const rest = summarizeFrame(frame);
  if (type < ETHERTYPE_MIN) return `${src} > ${dst}, 802.3, length ${frame.length}: ${rest}`;
  const name = ETHERTYPE_NAMES[type] ?? 'Unknown';
  const body = type === EtherType.ARP ? rest.replace(/^ARP, /, '') : type === EtherType.IPv4 ? rest.replace(/^IP /, '') : rest;
  return `${src} > ${dst}, ethertype ${name} (${hex(type, 4)}), length ${frame.length}: ${body}`;
}

function summarizeEthernet(frame: Uint8Array): string {
  const type = frame.length >= ETHERNET_HEADER_LENGTH ? readU16(frame, EthernetField.etherType) : undefined;
  if (type !== undefined && type < ETHERTYPE_MIN) return summarizeLlc(frame, type);
  const h = parseEthernet(frame);
  const prefix = h.vlan === undefined ? '' : `802.1Q vlan ${h.vlan.vid}, `;
  const rest = frame.length - h.payloadOffset;
  try {
    if (h.etherType === EtherType.ARP) return prefix + summarizeArp(frame, h.payloadOffset, rest);
    if (h.etherType === EtherType.IPv4) return prefix + summarizeIpv4(frame, h.payloadOffset);
  } catch (e) {
    const name = h.etherType === EtherType.ARP ? 'ARP' : 'IP';
    return `${prefix}${name} ${malformed(e)}, length ${rest}`;
  }
  return `${prefix}ethertype ${hex(h.etherType, 4)}, length ${frame.length}`;
}

/** 802.3 frames carry a length, not a type (IEEE 802.3 clause 3.2.6), then LLC (IEEE 802.2). */
function summarizeLlc(frame: Uint8Array, length: number): string {
  const dsap = frame[ETHERNET_HEADER_LENGTH];
  const ssap = frame[ETHERNET_HEADER_LENGTH + 1];
  if (dsap === undefined || ssap === undefined) return `802.3, length ${length}`;
  if (dsap === LlcSap.SpanningTree && ssap === LlcSap.SpanningTree) {
    return `STP 802.1d, length ${Math.max(0, length - LLC_HEADER_LENGTH)}`;
  }
  return `LLC, dsap ${hex(dsap, 2)}, ssap ${hex(ssap, 2)}, length ${length}`;
}

function summarizeArp(frame: Uint8Array, offset: number, length: number): string {
  const p = parseArp(frame, offset);
  if (p.op === ArpOp.Request) {
    // tcpdump names the target MAC only when the request already carries one.
    const target = p.targetMac === ZERO_MAC ? '' : ` (${formatMac(p.targetMac)})`;
    return `ARP, Request who-has ${formatIpv4(p.targetIp)}${target} tell ${formatIpv4(p.senderIp)}, length ${length}`;
  }
  if (p.op === ArpOp.Reply) {
    return `ARP, Reply ${formatIpv4(p.senderIp)} is-at ${formatMac(p.senderMac)}, length ${length}`;
  }
  return `ARP, Unknown (${p.op}), length ${length}`;
}

function summarizeIpv4(frame: Uint8Array, offset: number): string {
  const h = parseIpv4Header(frame, offset);
  const payloadOffset = offset + h.headerLength;
  const payloadLength = h.totalLength - h.headerLength;
  const src = formatIpv4(h.src);
  const dst = formatIpv4(h.dst);
  const name = ipProtocolName(h.protocol) ?? `ip-proto-${h.protocol}`;
  if (h.fragmentOffset > 0) {
    const fragment = `fragment, id ${h.identification}, offset ${h.fragmentOffset}`;
    return `IP ${src} > ${dst}: ${name} ${fragment}, length ${payloadLength}`;
  }
  try {
    if (h.protocol === IpProtocol.ICMP) {
      return `IP ${src} > ${dst}: ICMP ${icmpText(frame, payloadOffset, payloadLength)}, length ${payloadLength}`;
    }
    if (h.protocol === IpProtocol.UDP) {
      const u = parseUdp(frame, payloadOffset, payloadLength);
      return `IP ${src}.${u.srcPort} > ${dst}.${u.dstPort}: UDP, length ${u.length - UDP_HEADER_LENGTH}`;
    }
  } catch (e) {
    return `IP ${src} > ${dst}: ${name} ${malformed(e)}, length ${payloadLength}`;
  }
  return `IP ${src} > ${dst}: ${name}, length ${payloadLength}`;
}

function icmpText(b: Uint8Array, offset: number, length: number): string {
  const m = parseIcmp(b, offset, length);
  if (m.kind === 'echo') {
    const what = m.type === IcmpType.EchoRequest ? 'echo request' : 'echo reply';
    return `${what}, id ${m.identifier}, seq ${m.sequence}`;
  }
  if (m.type === IcmpType.TimeExceeded) {
    if (m.code === TimeExceededCode.InTransit) return 'time exceeded in-transit';
    if (m.code === TimeExceededCode.Reassembly) return 'ip reassembly time exceeded';
    return `time exceeded-#${m.code}`;
  }
  if (m.kind === 'error' && m.type === IcmpType.DestinationUnreachable) {
    return unreachableText(m.code, m.rest, m.quoted);
  }
  if (m.kind === 'error' && m.type === IcmpType.Redirect) {
    return `redirect ${quotedDestination(m.quoted)} to host ${formatIpv4(m.rest)}`;
  }
  if (m.type === IcmpType.SourceQuench) return 'source quench';
  if (m.type === IcmpType.ParameterProblem) return 'parameter problem';
  return `type-#${m.type}`;
}

function quotedDestination(quoted: Uint8Array): string {
  return formatIpv4(parseQuotedIpv4Header(quoted, 0).dst);
}

/** tcpdump's wording per code, naming the quoted destination (RFC 792, RFC 1191 for the MTU). */
function unreachableText(code: number, rest: number, quoted: Uint8Array): string {
  const q: Ipv4Header = parseQuotedIpv4Header(quoted, 0);
  const dst = formatIpv4(q.dst);
  switch (code) {
    case UnreachableCode.Net:
      return `net ${dst} unreachable`;
    case UnreachableCode.Host:
      return `host ${dst} unreachable`;
    case UnreachableCode.Protocol:
      return `${dst} protocol ${q.protocol} unreachable`;
    case UnreachableCode.Port: {
      const portOffset = q.headerLength + UdpField.dstPort;
      const port = quoted.length >= portOffset + 2 ? String(readU16(quoted, portOffset)) : '?';
      const proto = q.protocol === IpProtocol.UDP ? 'udp' : `ip-proto-${q.protocol}`;
      return `${dst} ${proto} port ${port} unreachable`;
    }
    case UnreachableCode.FragmentationNeeded:
      return `${dst} unreachable - need to frag (mtu ${nextHopMtu(rest)})`;
    default:
      return `${dst} unreachable - code ${code}`;
  }
}
