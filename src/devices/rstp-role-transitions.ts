// The Port Role Transitions state machine (IEEE 802.1D-2004 clause 17.29,
// Figures 17-20 to 17-23): how a port takes up the role Port Role Selection
// gave it, and when it may learn and forward. This is where RSTP is rapid:
// a designated port proposes, the bridge across syncs its other ports and
// agrees, and both forward without waiting out a forward delay.
//
// Each resting state is a case below; the states a figure leaves by UCT
// (ROOT_PROPOSED, ROOT_AGREED, REROOT, ROOT_LEARN ..., DESIGNATED_PROPOSE,
// DESIGNATED_SYNCED ...) run their actions and return to it. `reason`
// records which one moved the port, for the event that says why.

import { MIGRATE_TIME, type RstpBridge } from './rstp-bridge.js';
import type { RstpPort } from './rstp-port.js';

/** The timer values of 17.20, from the times the port sends. */
const FwdDelay = (p: RstpPort): number => p.designatedTimes.forwardDelay;
const MaxAge = (p: RstpPort): number => p.designatedTimes.maxAge;
const HelloTime = (p: RstpPort): number => p.designatedTimes.helloTime;
/** forwardDelay (17.20.6): a port talking RSTP waits a hello time per step, one talking STP a forward delay. */
const forwardDelay = (p: RstpPort): number => (p.sendRstp ? HelloTime(p) : FwdDelay(p));
/** EdgeDelay (17.20.4). */
export const edgeDelay = (p: RstpPort): number => (p.pointToPoint ? MIGRATE_TIME : MaxAge(p));

/** INIT_PORT, at BEGIN. */
export function initPort(p: RstpPort): void {
  p.prt = 'INIT_PORT';
  p.role = 'disabled';
  p.learn = p.forward = false;
  p.synced = false;
  p.sync = p.reRoot = true;
  p.rrWhile = FwdDelay(p);
  p.fdWhile = MaxAge(p);
  p.rbWhile = 0;
}

/** Runs the machine one step; true if it moved. */
export function portRoleTransitions(br: RstpBridge, p: RstpPort): boolean {
  if (p.prt === 'INIT_PORT') return disablePort(p);
  // Every transition but UCT is qualified by `selected && !updtInfo` (Figure 17-20's note).
  if (!p.selected || p.updtInfo) return false;
  if (p.role !== p.selectedRole) return takeRole(p);
  switch (p.prt) {
    case 'DISABLE_PORT':
      return !p.learning && !p.forwarding && disabledPort(p);
    case 'DISABLED_PORT':
      return (p.sync || p.reRoot || !p.synced || p.fdWhile !== MaxAge(p)) && disabledPort(p);
    case 'ROOT_PORT':
      return rootPort(br, p);
    case 'DESIGNATED_PORT':
      return designatedPort(p);
    case 'BLOCK_PORT':
      return !p.learning && !p.forwarding && alternatePort(p);
    case 'ALTERNATE_PORT':
      return alternate(br, p);
  }
}

function takeRole(p: RstpPort): true {
  switch (p.selectedRole) {
    case 'disabled':
      return disablePort(p);
    case 'root':
      p.prt = 'ROOT_PORT';
      p.role = 'root';
      p.rrWhile = FwdDelay(p);
      p.reason = 'root';
      return true;
    case 'designated':
      p.prt = 'DESIGNATED_PORT';
      p.role = 'designated';
      p.reason = 'designated';
      return true;
    default:
      // BLOCK_PORT: an alternate or backup port stops learning and forwarding at once.
      p.prt = 'BLOCK_PORT';
      p.role = p.selectedRole;
      p.learn = p.forward = false;
      p.reason = p.selectedRole;
      return true;
  }
}

/**
 * DISABLE_PORT. The figure says role = selectedRole; but a port entering it
 * from INIT_PORT while Port Role Selection already chose designated would
 * then hold that role in DISABLED_PORT and never reach DESIGNATED_PORT
 * (which needs role != selectedRole). As mstpd does, the role is Disabled.
 */
function disablePort(p: RstpPort): true {
  p.prt = 'DISABLE_PORT';
  p.role = 'disabled';
  p.learn = p.forward = false;
  p.reason = 'disabled';
  return true;
}

function disabledPort(p: RstpPort): true {
  p.prt = 'DISABLED_PORT';
  p.fdWhile = MaxAge(p);
  p.synced = true;
  p.rrWhile = 0;
  p.sync = p.reRoot = false;
  return true;
}

/** allSynced (17.20.3). */
function allSynced(br: RstpBridge): boolean {
  return br.ports.every((q) => q.selected && q.role === q.selectedRole && (q.synced || q.role === 'root'));
}

/** reRooted (17.20.10): no other port was a root port within the last forward delay. */
function reRooted(br: RstpBridge, p: RstpPort): boolean {
  return br.ports.every((q) => q === p || q.rrWhile === 0);
}

function setSyncTree(br: RstpBridge): void {
  for (const q of br.ports) q.sync = true;
}

/**
 * The answer to a proposal, alike for a root port (ROOT_PROPOSED, ROOT_AGREED)
 * and an alternate or backup port (ALTERNATE_PROPOSED, ALTERNATE_AGREED):
 * first sync (every other port discarding or agreed), then agree, which tells
 * the designated port across that it may forward. A root port's agreement
 * also ends its own sync; an alternate's discarding is already safe.
 */
function handshake(br: RstpBridge, p: RstpPort): boolean {
  if (p.proposed && !p.agree) {
    setSyncTree(br);
    p.proposed = false;
    return true;
  }
  if ((allSynced(br) && !p.agree) || (p.proposed && p.agree)) {
    p.proposed = false;
    if (p.role === 'root') p.sync = false;
    p.agree = true;
    p.newInfo = true;
    return true;
  }
  return false;
}

/** Figure 17-21. */
function rootPort(br: RstpBridge, p: RstpPort): boolean {
  if (handshake(br, p)) return true;
  if (!p.forward && !p.reRoot) {
    // REROOT: ports that were root recently must retire before this one forwards.
    for (const q of br.ports) q.reRoot = true;
    return true;
  }
  const quick = p.fdWhile === 0 || (reRooted(br, p) && p.rbWhile === 0);
  if (quick && !p.learn) {
    p.reason = p.fdWhile === 0 ? 'root-timer' : 'root-rerooted';
    p.fdWhile = forwardDelay(p);
    p.learn = true;
    return true;
  }
  if (quick && p.learn && !p.forward) {
    p.fdWhile = 0;
    p.forward = true;
    return true;
  }
  if (p.reRoot && p.forward) {
    p.reRoot = false;
    return true;
  }
  if (p.rrWhile !== FwdDelay(p)) {
    p.rrWhile = FwdDelay(p);
    return true;
  }
  return false;
}

/** Figure 17-22. */
function designatedPort(p: RstpPort): boolean {
  if (!p.forward && !p.agreed && !p.proposing && !p.operEdge) {
    // DESIGNATED_PROPOSE: ask the bridge across to agree; an edge port forwards without asking.
    p.proposing = true;
    p.edgeDelayWhile = edgeDelay(p);
    p.newInfo = true;
    return true;
  }
  if ((!p.learning && !p.forwarding && !p.synced) || (p.agreed && !p.synced) || (p.operEdge && !p.synced) || (p.sync && p.synced)) {
    // DESIGNATED_SYNCED: discarding, agreed or edge, the port cannot make a loop.
    p.rrWhile = 0;
    p.synced = true;
    p.sync = false;
    return true;
  }
  if (p.reRoot && p.rrWhile === 0) {
    p.reRoot = false;
    return true;
  }
  if (((p.sync && !p.synced) || (p.reRoot && p.rrWhile !== 0) || p.disputed) && !p.operEdge && (p.learn || p.forward)) {
    // DESIGNATED_DISCARD.
    p.reason = p.disputed ? 'designated-disputed' : 'designated-sync';
    p.learn = p.forward = p.disputed = false;
    p.fdWhile = forwardDelay(p);
    return true;
  }
  const may = (p.fdWhile === 0 || p.agreed || p.operEdge) && (p.rrWhile === 0 || !p.reRoot) && !p.sync;
  if (may && !p.learn) {
    // DESIGNATED_LEARN.
    p.reason = p.operEdge ? (p.adminEdge ? 'edge-admin' : 'edge-auto') : p.agreed ? 'designated-agreed' : 'designated-timer';
    p.learn = true;
    p.fdWhile = forwardDelay(p);
    return true;
  }
  if (may && p.learn && !p.forward) {
    // DESIGNATED_FORWARD.
    p.forward = true;
    p.fdWhile = 0;
    p.agreed = p.sendRstp;
    return true;
  }
  return false;
}

function alternatePort(p: RstpPort): true {
  p.prt = 'ALTERNATE_PORT';
  p.fdWhile = forwardDelay(p);
  p.synced = true;
  p.rrWhile = 0;
  p.sync = p.reRoot = false;
  return true;
}

/** Figure 17-23. */
function alternate(br: RstpBridge, p: RstpPort): boolean {
  if (handshake(br, p)) return true;
  if (p.rbWhile !== 2 * HelloTime(p) && p.role === 'backup') {
    // BACKUP_PORT.
    p.rbWhile = 2 * HelloTime(p);
    return true;
  }
  if (p.fdWhile !== forwardDelay(p) || p.sync || p.reRoot || !p.synced) return alternatePort(p);
  return false;
}
