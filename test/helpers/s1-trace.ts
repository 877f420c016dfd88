import { readFileSync } from 'node:fs';
import type { SimEvent } from '../../src/events/event.js';
import { parseEthernet, EtherType } from '../../src/wire/ethernet.js';
import { parseArp } from '../../src/wire/arp.js';
import { parseIpv4Header } from '../../src/wire/ipv4.js';
import { formatIpv4 } from '../../src/wire/ipv4-address.js';
import { BROADCAST_MAC, ZERO_MAC, formatMac, type Mac } from '../../src/wire/mac.js';

/**
 * One frame as the oracle's trace.txt writes it: eth.src eth.dst eth.type
 * arp.opcode arp.src.ip arp.dst.ip ip.src ip.dst ip.ttl icmp.type icmp.code,
 * with MACs named by role (`<node>.<iface>`, broadcast, zero).
 */
export function oracleLine(bytes: Uint8Array, roles: Map<Mac, string>): string {
  const name = (m: Mac): string => (m === BROADCAST_MAC ? 'broadcast' : m === ZERO_MAC ? 'zero' : (roles.get(m) ?? formatMac(m)));
  const eth = parseEthernet(bytes);
  const type = `0x${eth.etherType.toString(16).padStart(4, '0')}`;
  if (eth.etherType === EtherType.ARP) {
    const a = parseArp(bytes, eth.payloadOffset);
    return [name(eth.src), name(eth.dst), type, a.op, formatIpv4(a.senderIp), formatIpv4(a.targetIp), '-', '-', '-', '-', '-'].join(' ');
  }
  const ip = parseIpv4Header(bytes, eth.payloadOffset);
  const icmp = eth.payloadOffset + ip.headerLength;
  return [name(eth.src), name(eth.dst), type, '-', '-', '-', formatIpv4(ip.src), formatIpv4(ip.dst), ip.ttl, bytes[icmp], bytes[icmp + 1]].join(' ');
}

/** What tcpdump on NODE:PORT sees: the port's tx and rx events, in order. */
export function captureAt(events: SimEvent[], node: string, port: string): SimEvent[] {
  return events.filter((e) => (e.kind === 'tx' || e.kind === 'rx') && e.node === node && e.port === port);
}

/** The oracle's lines for one capture point of a scenario (without the cap_point column). */
export function oracleTrace(scenario: string, capturePoint: string): string[] {
  const text = readFileSync(new URL(`../../../shared/oracle/results/${scenario}/trace.txt`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${capturePoint} `))
    .map((l) => l.slice(capturePoint.length + 1));
}
