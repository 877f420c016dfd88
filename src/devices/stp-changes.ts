// What a spanning tree procedure changed, as `stp` events: the root (and root
// port and path cost), each port's role and state, the topology change flag.
// The procedures of spanning-tree.ts change fields as br_stp.c does; a
// snapshot before and after tells which changes a learner should see.

import type { EventInit } from '../events/event.js';
import { formatBridgeId } from '../wire/bpdu.js';
import { type BridgeInfo, isRootBridge, roleOf } from './stp-info.js';
import type { StpRole, StpState } from './stp-port.js';
import * as say from './stp-why.js';

export interface Snapshot {
  root: string;
  rootPort: string;
  cost: number;
  tc: boolean;
  ports: Map<string, { role: StpRole; state: StpState }>;
}

export interface ChangeSource extends BridgeInfo {
  readonly topologyChange: boolean;
  readonly forwardDelay: number;
}

export function snapshot(br: ChangeSource): Snapshot {
  return {
    root: formatBridgeId(br.designatedRoot),
    rootPort: br.ports.find((p) => p.portNo === br.rootPort)?.name ?? '',
    cost: br.rootPathCost,
    tc: br.topologyChange,
    ports: new Map(br.ports.map((p) => [p.name, { role: roleOf(br, p), state: p.state }])),
  };
}

/**
 * Emits an stp event for every change between `before` and now: the root
 * first, then each port in port order, then the topology change flag. A
 * port's forward delay timer armed by the procedure (cause `armedBy`) is
 * re-pointed to the port's event, so its expiry cites the change that
 * started it. Returns the seq of the last bridge-wide event, if any, and
 * whether anything changed.
 */
export function emitChanges(
  br: ChangeSource,
  node: string,
  emit: (e: EventInit) => number,
  before: Snapshot,
  cause: number,
  why: string,
  announceRoot: boolean,
  armedBy: number,
): { bridgeSeq: number | undefined; changed: boolean } {
  const after = snapshot(br);
  let bridgeSeq: number | undefined;
  let changed = false;
  if (announceRoot || before.root !== after.root || before.rootPort !== after.rootPort || before.cost !== after.cost) {
    bridgeSeq = emit({
      kind: 'stp',
      node,
      cause,
      state: 'root',
      text: `root ${after.root} cost ${after.cost} port ${after.rootPort || '-'}`,
      why: say.rootWhy(node, after.root, after.rootPort, after.cost, why),
    });
    changed = true;
  }
  for (const p of br.ports) {
    const was = before.ports.get(p.name);
    const now = after.ports.get(p.name)!;
    if (was && was.role === now.role && was.state === now.state) continue;
    const seq = emit({
      kind: 'stp',
      node,
      port: p.name,
      cause,
      state: now.state,
      text: `role ${now.role}`,
      why: say.portWhy(node, p.name, was, now, why, br.forwardDelay),
    });
    p.changedSeq = seq;
    if (p.forwardDelayTimer.pending && p.forwardDelayTimer.cause === armedBy) p.forwardDelayTimer.cause = seq;
    changed = true;
  }
  if (before.tc !== after.tc) {
    bridgeSeq = emit({
      kind: 'stp',
      node,
      cause,
      state: 'topology-change',
      text: after.tc ? 'on' : 'off',
      why: say.topologyChangeWhy(node, after.tc, isRootBridge(br), br.forwardDelay),
    });
    changed = true;
  }
  return { bridgeSeq, changed };
}
