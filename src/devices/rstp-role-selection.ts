// The Port Role Selection state machine (IEEE 802.1D-2004 clause 17.28,
// Figure 17-19) and updtRolesTree (17.21.25): the bridge's root, and each
// port's role, from the priority vectors its ports hold.

import { type RstpBridge, bridgePriority } from './rstp-bridge.js';
import type { RstpPort } from './rstp-port.js';
import { type PriorityVector, compareVectors, sameTimes } from './rstp-vector.js';

/** INIT_BRIDGE (at BEGIN): updtRoleDisabledTree, then ROLE_SELECTION. */
export function initBridge(br: RstpBridge): void {
  for (const p of br.ports) p.selectedRole = 'disabled';
  roleSelection(br);
}

/** ROLE_SELECTION, entered again whenever a port asks to reselect; true if it ran. */
export function portRoleSelection(br: RstpBridge): boolean {
  if (!br.ports.some((p) => p.reselect)) return false;
  roleSelection(br);
  return true;
}

function roleSelection(br: RstpBridge): void {
  for (const p of br.ports) p.reselect = false;
  updtRolesTree(br);
  // setSelectedTree (17.21.16): only once no port asks for reselection.
  if (!br.ports.some((p) => p.reselect)) for (const p of br.ports) p.selected = true;
}

/** The root path priority vector of a port (17.6): what it heard, plus its own path cost, tied by its own port id. */
function rootPathPriority(p: RstpPort): PriorityVector {
  return { ...p.portPriority, cost: p.portPriority.cost + p.pathCost, rxPort: p.portId };
}

/** updtRolesTree (17.21.25). */
function updtRolesTree(br: RstpBridge): void {
  const own = br.bridgeId.mac;
  let best = bridgePriority(br);
  let rootPort: RstpPort | undefined;
  for (const p of br.ports) {
    // Information this bridge sent itself (over a loop or a shared segment) never makes a root port.
    if (p.infoIs !== 'received' || p.portPriority.bridge.mac === own) continue;
    const v = rootPathPriority(p);
    if (compareVectors(v, best) < 0) {
      best = v;
      rootPort = p;
    }
  }
  br.rootPriority = best;
  br.rootPortId = rootPort?.portId ?? 0;
  // The root port's times, one second older (b): a root sends its own.
  br.rootTimes = rootPort ? { ...rootPort.portTimes, messageAge: rootPort.portTimes.messageAge + 1 } : br.bridgeTimes;
  for (const p of br.ports) {
    p.designatedPriority = { root: best.root, cost: best.cost, bridge: br.bridgeId, port: p.portId, rxPort: p.portId };
    p.designatedTimes = { ...br.rootTimes, helloTime: br.bridgeTimes.helloTime };
    assignRole(br, p, p === rootPort);
  }
}

/** updtRolesTree's roles (17.21.25 f-l). */
function assignRole(br: RstpBridge, p: RstpPort, isRootPort: boolean): void {
  switch (p.infoIs) {
    case 'disabled':
      p.selectedRole = 'disabled';
      return;
    case 'aged':
      p.selectedRole = 'designated';
      p.updtInfo = true;
      return;
    case 'mine':
      p.selectedRole = 'designated';
      if (compareVectors(p.portPriority, p.designatedPriority) !== 0 || !sameTimes(p.portTimes, p.designatedTimes)) p.updtInfo = true;
      return;
    case 'received':
      if (isRootPort) {
        p.selectedRole = 'root';
        p.updtInfo = false;
      } else if (compareVectors(p.designatedPriority, p.portPriority) >= 0) {
        // Another port is designated for the segment: ours is an alternate, or a backup when that port is this bridge's own.
        p.selectedRole = p.portPriority.bridge.mac === br.bridgeId.mac ? 'backup' : 'alternate';
        p.updtInfo = false;
      } else {
        p.selectedRole = 'designated';
        p.updtInfo = true;
      }
  }
}
