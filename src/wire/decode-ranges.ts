/**
 * Each decoded field's bytes: `decodeFrame`'s layers, with where each field
 * lies in the frame, so that a viewer can highlight a field's bytes in the
 * hex dump. Offsets follow the headers' field tables (IEEE 802.3 clause
 * 3.2, IEEE 802.1Q clause 9.6, RFC 826, RFC 791 3.1, RFC 792, RFC 768).
 */
import { decodeFrame } from './decode.js';
import { ETHERNET_HEADER_LENGTH } from './ethernet.js';

export interface RangedField {
  name: string;
  value: string;
  /** The field's bytes: [start, end) in the frame. */
  start: number;
  end: number;
}

export interface RangedLayer {
  name: string;
  start: number;
  end: number;
  fields: RangedField[];
}

/** [offset from the layer's start, length] of each field, by its name in `decodeFrame`; -1 length: to the end of the frame. */
const FIELDS: Record<string, Record<string, [number, number]>> = {
  ethernet: { Destination: [0, 6], Source: [6, 6], Type: [12, 2], Length: [12, 2] },
  vlan: { Priority: [0, 2], DEI: [0, 2], ID: [0, 2], Type: [2, 2] },
  llc: { DSAP: [0, 1], SSAP: [1, 1], Control: [2, 1] },
  arp: {
    'Hardware type': [0, 2],
    'Protocol type': [2, 2],
    'Hardware size': [4, 1],
    'Protocol size': [5, 1],
    Opcode: [6, 2],
    'Sender MAC address': [8, 6],
    'Sender IP address': [14, 4],
    'Target MAC address': [18, 6],
    'Target IP address': [24, 4],
  },
  ipv4: {
    Version: [0, 1],
    'Header Length': [0, 1],
    'Differentiated Services Field': [1, 1],
    'Total Length': [2, 2],
    Identification: [4, 2],
    Flags: [6, 1],
    'Fragment Offset': [6, 2],
    'Time to Live': [8, 1],
    Protocol: [9, 1],
    'Header Checksum': [10, 2],
    'Source Address': [12, 4],
    'Destination Address': [16, 4],
  },
  icmp: {
    Type: [0, 1],
    Code: [1, 1],
    Checksum: [2, 2],
    Identifier: [4, 2],
    'Sequence Number': [6, 2],
    Data: [8, -1],
    Unused: [4, 4],
    'MTU of next hop': [4, 4],
    'Gateway address': [4, 4],
    Pointer: [4, 4],
  },
  udp: { 'Source Port': [0, 2], 'Destination Port': [2, 2], Length: [4, 2], Checksum: [6, 2], Payload: [8, -1] },
  data: { Length: [0, -1], Fragment: [0, -1], error: [0, -1] },
};

const ICMP_HEADER = 8;

function family(layer: string): string {
  if (layer === 'Ethernet II' || layer === 'IEEE 802.3 Ethernet') return 'ethernet';
  if (layer === '802.1Q Virtual LAN') return 'vlan';
  if (layer === 'Logical-Link Control') return 'llc';
  if (layer === 'ARP') return 'arp';
  if (layer.startsWith('IPv4')) return 'ipv4';
  if (layer.startsWith('ICMP')) return 'icmp';
  if (layer.startsWith('UDP')) return 'udp';
  return 'data';
}

/** How long a layer's header is, so that the next layer starts after it. */
function headerLength(kind: string, frame: Uint8Array, at: number, layer: { fields: Array<[string, string]> }): number {
  switch (kind) {
    case 'ethernet':
      return ETHERNET_HEADER_LENGTH;
    case 'vlan':
      return 4;
    case 'llc':
      return 3;
    case 'arp':
      return 28;
    case 'ipv4':
      return ((frame[at] ?? 0) & 0x0f) * 4;
    case 'icmp':
      // An error message's quoted datagram follows its 8-byte header; an echo's data is part of it.
      return layer.fields.some(([n]) => n === 'Identifier') ? frame.length - at : ICMP_HEADER;
    case 'udp':
      return 8;
    default:
      return frame.length - at;
  }
}

export function decodeWithRanges(frame: Uint8Array): RangedLayer[] {
  const out: RangedLayer[] = [];
  let at = 0;
  for (const layer of decodeFrame(frame)) {
    const kind = family(layer.name);
    const table = FIELDS[kind]!;
    const start = Math.min(at, frame.length);
    const fields = layer.fields.map(([name, value]): RangedField => {
      const spec = table[name];
      if (!spec || layer.name === 'Malformed') return { name, value, start, end: start };
      const s = Math.min(start + spec[0], frame.length);
      const e = spec[1] < 0 ? frame.length : Math.min(s + spec[1], frame.length);
      return { name, value, start: s, end: e };
    });
    const length = layer.name === 'Malformed' ? 0 : headerLength(kind, frame, start, layer);
    at = Math.min(frame.length, start + length);
    out.push({ name: layer.name, start, end: at, fields });
  }
  return out;
}
