// What the frame_fields view (src/store/schema.sql) must say of a frame, read
// from hoplab's own decoder (src/wire/): the layers `decodeFrame` shows in the
// stepper, the classes `protocolsOf` gives the stepper's proto= filter, and
// the line `summarizeFrame` prints. An oracle independent of the view's SQL.

import type Database from 'better-sqlite3';
import { protocolsOf } from '../../src/stepper/stepper-filter.js';
import { decodeFrame, summarizeFrame } from '../../src/wire/decode.js';

export interface FrameFields {
  frame_len: number;
  eth_dst: string | null;
  eth_src: string | null;
  vlan_id: number | null;
  ethertype: string | null;
  protocol: string;
  ip_src: string | null;
  ip_dst: string | null;
  ip_proto: number | null;
  icmp_type: number | null;
  icmp_code: number | null;
  udp_srcport: number | null;
  udp_dstport: number | null;
  arp_src_proto_ipv4: string | null;
  arp_dst_proto_ipv4: string | null;
  summary: string | null;
}

/** The view's rows with their frames' bytes, by frame id. */
export function viewRows(db: Database.Database): Array<{ frame: number; bytes: Uint8Array; fields: FrameFields }> {
  const rows = db.prepare('SELECT f.*, b.bytes FROM frame_fields AS f JOIN frames AS b ON b.id = f.frame ORDER BY f.frame').all() as Array<
    FrameFields & { frame: number; bytes: Buffer }
  >;
  return rows.map(({ frame, bytes, ...fields }) => ({ frame, bytes: new Uint8Array(bytes), fields }));
}

/** A value below 0x0600 after a tag is a length, as on an untagged 802.3 frame (Wireshark's vlan.len): no type. */
function etherType(text: string | null): string | null {
  return text !== null && Number.parseInt(text, 16) >= 0x0600 ? text : null;
}

export function expectedFields(bytes: Uint8Array): FrameFields {
  const layers = decodeFrame(bytes);
  const field = (layer: string, name: string): string | null =>
    layers.find((l) => l.name === layer)?.fields.find(([k]) => k === name)?.[1] ?? null;
  // '0x0800 (IPv4)', '17 (UDP)': the value before Wireshark's name.
  const first = (text: string | null): string | null => (text === null ? null : text.split(' ')[0]!);
  const int = (text: string | null): number | null => (text === null ? null : Number.parseInt(text, 10));
  const ethernet = layers[0]?.name === 'Ethernet II' || layers[0]?.name === 'IEEE 802.3 Ethernet' ? layers[0].name : undefined;
  const classes = protocolsOf(bytes);
  const protocol = (['arp', 'icmp', 'udp', 'stp'] as const).find((p) => classes.includes(p)) ?? (classes.includes('ip') ? 'ipv4' : 'other');
  const summary = summarizeFrame(bytes);
  return {
    frame_len: bytes.length,
    eth_dst: ethernet ? field(ethernet, 'Destination') : null,
    eth_src: ethernet ? field(ethernet, 'Source') : null,
    vlan_id: int(field('802.1Q Virtual LAN', 'ID')),
    ethertype: etherType(first(field('802.1Q Virtual LAN', 'Type') ?? field('Ethernet II', 'Type'))),
    protocol,
    ip_src: field('IPv4', 'Source Address'),
    ip_dst: field('IPv4', 'Destination Address'),
    ip_proto: int(field('IPv4', 'Protocol')),
    icmp_type: int(field('ICMP', 'Type')),
    icmp_code: int(field('ICMP', 'Code')),
    udp_srcport: int(field('UDP', 'Source Port')),
    udp_dstport: int(field('UDP', 'Destination Port')),
    arp_src_proto_ipv4: field('ARP', 'Sender IP address'),
    arp_dst_proto_ipv4: field('ARP', 'Target IP address'),
    summary: summary.includes('[malformed') ? null : summary,
  };
}
