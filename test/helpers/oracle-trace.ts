// Comparing hoplab's frames with the real kernel's (test/fixtures/oracle/).
// The oracle's trace.txt holds, per phase and capture point, one line per
// frame tcpdump saw: `cap_point eth.src eth.dst eth.type arp.opcode
// arp.src.ip arp.dst.ip ip.src ip.dst ip.ttl icmp.type icmp.code`, with MACs
// named by role (`<netns>.<ifname>`, `broadcast`, `zero`) and `-` for empty.
// This helper loads those blocks, and turns hoplab's tx/rx events at a
// capture point into lines of the same form, so a test compares them with
// toEqual. Capture points are hoplab's `node:port`; the oracle's `h1.eth0`
// becomes `h1:eth0`.

import { readFileSync } from 'node:fs';
import { ORACLE_RESULTS } from './fixtures.js';
import type { SimEvent } from '../../src/events/event.js';
import { EtherType } from '../../src/wire/ethernet.js';
import { formatIpv4 } from '../../src/wire/ipv4-address.js';
import { BROADCAST_MAC, ZERO_MAC, formatMac, readMac, type Mac } from '../../src/wire/mac.js';

export interface OracleBlock {
  phase: string;
  /** hoplab's name for the capture point: `h1:eth0`. */
  capturePoint: string;
  /** The frames, each line without its capture-point column. */
  lines: string[];
}

/** Node names that differ between the oracle's namespaces and a hoplab topology, e.g. { sw: 'sw1' }. */
export type Rename = Readonly<Record<string, string>>;

/** Every block of results/<scenario>/trace.txt, in file order. */
export function loadOracleTrace(scenario: string, rename: Rename = {}): OracleBlock[] {
  const text = readFileSync(`${ORACLE_RESULTS}/${scenario}/trace.txt`, 'utf8');
  const blocks: OracleBlock[] = [];
  let current: OracleBlock | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^# phase=(\S+) capture_point=(\S+)/.exec(line);
    if (header) {
      current = { phase: header[1]!, capturePoint: roleToPoint(header[2]!, rename), lines: [] };
      blocks.push(current);
      continue;
    }
    if (line === '' || line.startsWith('#') || current === undefined) continue;
    const columns = line.split(/\s+/).slice(1);
    current.lines.push(columns.map((c, i) => (i < 2 ? renameRole(c, rename) : c)).join(' '));
  }
  return blocks;
}

/** The oracle's lines at one capture point (`h1:eth0`), in the given phase or the first that has it. */
export function oracleLines(scenario: string, capturePoint: string, options: { phase?: string; rename?: Rename } = {}): string[] {
  const block = loadOracleTrace(scenario, options.rename).find(
    (b) => b.capturePoint === capturePoint && (options.phase === undefined || b.phase === options.phase),
  );
  if (!block)
    throw new Error(`oracle ${scenario} has no capture point ${capturePoint}${options.phase ? ` in phase ${options.phase}` : ''}`);
  return block.lines;
}

function roleToPoint(role: string, rename: Rename): string {
  const dot = role.indexOf('.');
  const node = role.slice(0, dot);
  return `${rename[node] ?? node}:${role.slice(dot + 1)}`;
}

function renameRole(role: string, rename: Rename): string {
  const dot = role.indexOf('.');
  if (dot < 0) return role;
  const node = role.slice(0, dot);
  return rename[node] === undefined ? role : `${rename[node]}.${role.slice(dot + 1)}`;
}

/** MAC -> `<node>.<port>`, from the network's assignment (LiveRun.network.macs). */
export function macRoles(macs: ReadonlyMap<string, ReadonlyMap<string, Mac>>): Map<Mac, string> {
  const roles = new Map<Mac, string>();
  for (const [node, ports] of macs) for (const [port, mac] of ports) roles.set(mac, `${node}.${port}`);
  return roles;
}

function role(mac: Mac, roles: ReadonlyMap<Mac, string>): string {
  if (mac === BROADCAST_MAC) return 'broadcast';
  if (mac === ZERO_MAC) return 'zero';
  return roles.get(mac) ?? formatMac(mac);
}

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

/**
 * One frame as an oracle line (without the capture point). eth.type is the
 * outer type (0x8100 for a tagged frame); the ARP, IP and ICMP columns read
 * the payload under any tag, and only its outer IP/ICMP header.
 */
export function normaliseFrame(bytes: Uint8Array, roles: ReadonlyMap<Mac, string>): string {
  const outerType = u16(bytes, 12);
  let off = 14;
  let type = outerType;
  if (type === EtherType.VLAN) {
    type = u16(bytes, 16);
    off = 18;
  }
  const cols = [role(readMac(bytes, 6), roles), role(readMac(bytes, 0), roles), `0x${outerType.toString(16).padStart(4, '0')}`];
  if (type === EtherType.ARP) {
    cols.push(String(u16(bytes, off + 6)), formatIpv4(u32(bytes, off + 14)), formatIpv4(u32(bytes, off + 24)));
  } else cols.push('-', '-', '-');
  if (type === EtherType.IPv4) {
    const ihl = (bytes[off]! & 0x0f) * 4;
    cols.push(formatIpv4(u32(bytes, off + 12)), formatIpv4(u32(bytes, off + 16)), String(bytes[off + 8]!));
    if (bytes[off + 9] === 1) cols.push(String(bytes[off + ihl]!), String(bytes[off + ihl + 1]!));
    else cols.push('-', '-');
  } else cols.push('-', '-', '-', '-', '-');
  return cols.join(' ');
}

/**
 * What tcpdump on `node:port` would have captured: the frames the port sent
 * (tx) and received (rx), as oracle lines. Subscribe its `onEvent` to a run;
 * only the capture points asked for are kept, so memory stays small.
 */
export class Captures {
  private readonly lines = new Map<string, string[]>();

  constructor(
    points: readonly string[],
    private readonly roles: ReadonlyMap<Mac, string>,
  ) {
    for (const p of points) this.lines.set(p, []);
  }

  readonly onEvent = (e: SimEvent): void => {
    if ((e.kind !== 'tx' && e.kind !== 'rx') || e.bytes === undefined || e.port === undefined) return;
    this.lines.get(`${e.node}:${e.port}`)?.push(normaliseFrame(e.bytes, this.roles));
  };

  at(point: string): string[] {
    const lines = this.lines.get(point);
    if (!lines) throw new Error(`${point} was not a capture point`);
    return lines;
  }
}

/** The same lines from events already collected. */
export function captureLines(events: Iterable<SimEvent>, point: string, roles: ReadonlyMap<Mac, string>): string[] {
  const captures = new Captures([point], roles);
  for (const e of events) captures.onEvent(e);
  return captures.at(point);
}
