/**
 * Capture points: the places a `tcpdump -i PORT` could run, one per port of every node.
 * Each becomes a pcapng interface named `node:port`, described by what it is and what
 * its cable leads to, so Wireshark's interface list reads like the topology.
 */

import type { RecordingHeader } from '../store/recording.js';

export interface CapturePoint {
  node: string;
  port: string;
  /** `node:port`: the pcapng if_name (draft-ietf-opsawg-pcapng, Section 4.2). */
  name: string;
  /** The if_description: "switch sw1 port p1, cable to h1:eth0". */
  description: string;
  /** The far end of its cable, `node:port`, if cabled. */
  peer: string | undefined;
  /** Its cable leads to a hub or repeater: a shared segment, where its frames may collide (CSMA/CD). */
  shared?: boolean;
}

/** Layer-3 nodes have interfaces (with MACs), the others have ports, as SPEC §1 names them. */
const HAS_INTERFACES = new Set(['host', 'router']);
/** Nodes that make a collision domain of their cables (src/net/hub-domain.ts). */
const SHARED = new Set(['hub', 'repeater']);

export function capturePointName(node: string, port: string): string {
  return `${node}:${port}`;
}

/** Every port of every node, in the recording's order (nodes as declared, then their ports). */
export function capturePoints(header: Pick<RecordingHeader, 'nodes' | 'ports'>): CapturePoint[] {
  const kinds = new Map(header.nodes.map((n) => [n.name, n.kind]));
  return header.ports.map((p) => {
    const kind = kinds.get(p.node) ?? 'node';
    const what = HAS_INTERFACES.has(kind) ? 'interface' : 'port';
    const mac = p.mac ? ` (${p.mac})` : '';
    const peer = p.peerNode !== undefined && p.peerPort !== undefined ? capturePointName(p.peerNode, p.peerPort) : undefined;
    const link = peer !== undefined ? `cable to ${peer}` : 'no cable';
    return {
      node: p.node,
      port: p.port,
      name: capturePointName(p.node, p.port),
      description: `${kind} ${p.node} ${what} ${p.port}${mac}, ${link}`,
      peer,
      shared: !SHARED.has(kind) && p.peerNode !== undefined && SHARED.has(kinds.get(p.peerNode) ?? ''),
    };
  });
}

/**
 * The points named by `--at` (in the order given, duplicates once), or all of them.
 * Returns the names it does not know instead of throwing: the CLI words the error.
 */
export function selectCapturePoints(all: CapturePoint[], at: readonly string[] | undefined): { points: CapturePoint[]; unknown: string[] } {
  if (!at || at.length === 0) return { points: all, unknown: [] };
  const byName = new Map(all.map((p) => [p.name, p]));
  const chosen = new Map<string, CapturePoint>();
  const unknown: string[] = [];
  for (const name of at) {
    const p = byName.get(name);
    if (p) chosen.set(name, p);
    else unknown.push(name);
  }
  return { points: [...chosen.values()], unknown };
}
