/**
 * Display names and checksum verdicts shared by `decodeFrame` and
 * `summarizeFrame`. Names follow Wireshark's dissectors so a user can hold
 * the stepper and Wireshark side by side.
 */
import { ArpHardware, ArpOp } from './arp.js';
import { internetChecksum } from './checksum.js';
import { hex } from './bytes.js';
import { EtherType } from './ethernet.js';
import { IcmpType, TimeExceededCode, UnreachableCode } from './icmp.js';
import { IpProtocol } from './ipv4.js';
import { WireError } from './wire-error.js';

/** EtherTypes named for display only; hoplab does not speak them. */
const DisplayEtherType = { IPv6: 0x86dd, LLDP: 0x88cc } as const;

/** IEEE 802.2 LLC service access point of the Spanning Tree Protocol (IEEE 802.1D clause 7.12.3). */
export const LlcSap = { SpanningTree: 0x42 } as const;

const ETHER_TYPE_NAMES = new Map<number, string>([
  [EtherType.IPv4, 'IPv4'],
  [EtherType.ARP, 'ARP'],
  [EtherType.VLAN, '802.1Q Virtual LAN'],
  [DisplayEtherType.IPv6, 'IPv6'],
  [DisplayEtherType.LLDP, 'LLDP'],
]);

const IP_PROTOCOL_NAMES = new Map<number, string>([
  [IpProtocol.ICMP, 'ICMP'],
  [IpProtocol.UDP, 'UDP'],
]);

const ARP_OP_NAMES = new Map<number, string>([
  [ArpOp.Request, 'request'],
  [ArpOp.Reply, 'reply'],
]);

const ICMP_TYPE_NAMES = new Map<number, string>([
  [IcmpType.EchoReply, 'Echo (ping) reply'],
  [IcmpType.DestinationUnreachable, 'Destination unreachable'],
  [IcmpType.SourceQuench, 'Source quench'],
  [IcmpType.Redirect, 'Redirect'],
  [IcmpType.EchoRequest, 'Echo (ping) request'],
  [IcmpType.TimeExceeded, 'Time-to-live exceeded'],
  [IcmpType.ParameterProblem, 'Parameter problem'],
]);

const UNREACHABLE_CODE_NAMES = new Map<number, string>([
  [UnreachableCode.Net, 'Network unreachable'],
  [UnreachableCode.Host, 'Host unreachable'],
  [UnreachableCode.Protocol, 'Protocol unreachable'],
  [UnreachableCode.Port, 'Port unreachable'],
  [UnreachableCode.FragmentationNeeded, 'Fragmentation needed'],
]);

const TIME_EXCEEDED_CODE_NAMES = new Map<number, string>([
  [TimeExceededCode.InTransit, 'Time to live exceeded in transit'],
  [TimeExceededCode.Reassembly, 'Fragment reassembly time exceeded'],
]);

function named(value: string, name: string | undefined): string {
  return name === undefined ? value : `${value} (${name})`;
}

/** '0x0806 (ARP)'; an unknown type is the bare hex. */
export function etherTypeText(type: number): string {
  return named(hex(type, 4), ETHER_TYPE_NAMES.get(type));
}

export function ipProtocolName(protocol: number): string | undefined {
  return IP_PROTOCOL_NAMES.get(protocol);
}

export function ipProtocolText(protocol: number): string {
  return named(String(protocol), IP_PROTOCOL_NAMES.get(protocol));
}

export function arpOpText(op: number): string {
  return named(String(op), ARP_OP_NAMES.get(op));
}

export function arpHardwareText(htype: number): string {
  return named(String(htype), htype === ArpHardware.Ethernet ? 'Ethernet' : undefined);
}

export function icmpTypeText(type: number): string {
  return named(String(type), ICMP_TYPE_NAMES.get(type));
}

export function icmpCodeText(type: number, code: number): string {
  const names =
    type === IcmpType.DestinationUnreachable
      ? UNREACHABLE_CODE_NAMES
      : type === IcmpType.TimeExceeded
        ? TIME_EXCEEDED_CODE_NAMES
        : undefined;
  return named(String(code), names?.get(code));
}

/** '0x2c75 (11381)', Wireshark's form for identifiers. */
export function hexAndDecimal(v: number): string {
  return `${hex(v, 4)} (${v})`;
}

/**
 * '0xa13d [correct]' or '0xa13e [incorrect, should be 0xa13d]': the
 * checksum the field should hold is recomputed over a copy with the field
 * zeroed (RFC 1071). `zeroMeansNone` is UDP's "no checksum" (RFC 768).
 */
export function checksumText(span: Uint8Array, fieldOffset: number, initial = 0, zeroMeansNone = false): string {
  const actual = ((span[fieldOffset] ?? 0) << 8) | (span[fieldOffset + 1] ?? 0);
  if (zeroMeansNone && actual === 0) return `${hex(0, 4)} [none]`;
  const copy = span.slice();
  copy[fieldOffset] = 0;
  copy[fieldOffset + 1] = 0;
  let expected = internetChecksum(copy, 0, copy.length, initial);
  if (zeroMeansNone && expected === 0) expected = 0xffff;
  return expected === actual ? `${hex(actual, 4)} [correct]` : `${hex(actual, 4)} [incorrect, should be ${hex(expected, 4)}]`;
}

/**
 * The message shown for a layer that failed. A WireError is the bytes' fault;
 * anything else is a bug in hoplab, and says so rather than pass as malformed.
 */
export function errorMessage(e: unknown): string {
  if (e instanceof WireError) return e.message;
  return `internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}
