// The spanning tree as the fold rebuilds it from `stp` events: per bridge,
// the root it follows, its root port and path cost, the topology change flag,
// and each port's role and state (what `state --at` shows).

import type { NodeState, StpNodeState } from './node-state.js';

/** `root 8000.020000000a01 cost 2 port b1` (port `-` on the root bridge), as devices/stp-changes.ts writes it. */
const ROOT_TEXT = /^root (\S+) cost (\d+) port (\S+)$/;

/** An stp event's columns, as the fold reads them (stored rows may hold null). */
export interface StpFacts {
  seq: number;
  port?: string | null | undefined;
  state?: string | null | undefined;
  text?: string | null | undefined;
}

export function evolveStp(node: NodeState, e: StpFacts): void {
  const stp: StpNodeState = (node.stp ??= { root: '', cost: 0, rootPort: '', topologyChange: false, ports: {} });
  if (e.port) {
    stp.ports[e.port] = { role: (e.text ?? '').replace(/^role /, ''), state: e.state ?? '', seq: e.seq };
    return;
  }
  if (e.state === 'root') {
    const m = ROOT_TEXT.exec(e.text ?? '');
    if (!m) return;
    stp.root = m[1]!;
    stp.cost = Number(m[2]);
    stp.rootPort = m[3] === '-' ? '' : m[3]!;
  } else if (e.state === 'topology-change') stp.topologyChange = e.text === 'on';
}

/** `state`'s lines for a bridge's spanning tree. */
export function stpLines(n: NodeState): string[] {
  const stp = n.stp;
  if (!stp) return [];
  const where = stp.rootPort ? `through ${stp.rootPort}, path cost ${stp.cost}` : 'this bridge is the root';
  const out = [`  spanning tree: root ${stp.root}, ${where}${stp.topologyChange ? '; topology change' : ''}`];
  for (const [name, p] of Object.entries(stp.ports))
    out.push(`    ${name.padEnd(8)}  ${p.role.padEnd(10)}  ${p.state.padEnd(10)}  (since #${p.seq})`);
  return out;
}
