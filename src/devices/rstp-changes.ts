// What one pass of RSTP's state machines changed, as `stp` events: the root
// (and root port and path cost), each port's role and state, the topology
// change (any port's tcWhile running). The same event shapes as STP's
// (stp-changes.ts), so that the fold and `state --at` read both alike.

import type { EventInit } from '../events/event.js';
import { formatBridgeId } from '../wire/bpdu.js';
import type { RstpBridge } from './rstp-bridge.js';
import type { RstpRole, RstpState } from './rstp-port.js';
import * as say from './rstp-why.js';
import { rootWhy } from './stp-why.js';

export interface Reported {
  root: string;
  rootPort: string;
  cost: number;
  tc: boolean;
  ports: Map<string, { role: RstpRole; state: RstpState }>;
}

export function reportedNow(br: RstpBridge): Reported {
  return {
    root: formatBridgeId(br.rootPriority.root),
    rootPort: br.ports.find((p) => p.portId === br.rootPortId && br.rootPortId !== 0)?.name ?? '',
    cost: br.rootPriority.cost,
    tc: br.ports.some((p) => p.tcWhile !== 0),
    ports: new Map(br.ports.map((p) => [p.name, { role: p.role, state: p.state }])),
  };
}

/**
 * Emits an event for each difference between `before` and now, each caused
 * by `cause` and explained by `trigger`; returns the new picture and the seq
 * of the last event (0 if none).
 */
export function reportChanges(
  br: RstpBridge,
  node: string,
  emit: (e: EventInit) => number,
  before: Reported,
  cause: number,
  trigger: string,
  announceRoot: boolean,
): { now: Reported; seq: number } {
  const now = reportedNow(br);
  let seq = 0;
  if (announceRoot || before.root !== now.root || before.rootPort !== now.rootPort || before.cost !== now.cost)
    seq = emit({
      kind: 'stp',
      node,
      cause,
      state: 'root',
      text: `root ${now.root} cost ${now.cost} port ${now.rootPort || '-'}`,
      why: rootWhy(node, now.root, now.rootPort, now.cost, trigger),
    });
  for (const p of br.ports) {
    const was = before.ports.get(p.name);
    const is = now.ports.get(p.name)!;
    if (was && was.role === is.role && was.state === is.state) continue;
    seq = emit({
      kind: 'stp',
      node,
      port: p.name,
      cause,
      state: is.state,
      text: `role ${is.role}`,
      why: say.portWhy(node, p.name, was, is, p.reason, trigger),
    });
    p.changedSeq = seq;
  }
  if (before.tc !== now.tc)
    seq = emit({
      kind: 'stp',
      node,
      cause,
      state: 'topology-change',
      text: now.tc ? 'on' : 'off',
      why: say.topologyChangeWhy(node, now.tc),
    });
  return { now, seq };
}
