// The Port Information state machine (IEEE 802.1D-2004 clause 17.27, Figure
// 17-18) and the procedures it calls (17.21): what a port holds as the best
// information for its segment, and what a received BPDU does to it.

import { BPDU_TIME_UNITS_PER_SECOND, BpduFlag, type ConfigBpdu } from '../wire/bpdu.js';
import type { RcvdBpdu, RcvdInfo, RstpPort } from './rstp-port.js';
import { type PriorityVector, type Times, betterOrSame, sameMessage, sameTimes, superior } from './rstp-vector.js';

/** The Port Role field of an RST BPDU's flags (9.3.3, Figure 9-3). */
export const EncodedRole = { unknown: 0, alternateBackup: 1, root: 2, designated: 3 } as const;

/** Runs the machine one step; true if it moved. */
export function portInformation(p: RstpPort): boolean {
  // Global transition: a port that loses MAC operation loses its information.
  if (!p.portEnabled && p.infoIs !== 'disabled') return disabled(p);
  switch (p.pim) {
    case 'DISABLED':
      if (p.rcvdMsg) return disabled(p);
      if (p.portEnabled) return aged(p);
      return false;
    case 'AGED':
      if (p.selected && p.updtInfo) return update(p);
      return false;
    case 'CURRENT':
      if (p.selected && p.updtInfo) return update(p);
      if (p.infoIs === 'received' && p.rcvdInfoWhile === 0 && !p.updtInfo && !p.rcvdMsg) return aged(p);
      if (p.rcvdMsg && !p.updtInfo) return receive(p);
      return false;
  }
}

/** DISABLED (also entered at BEGIN). */
export function disabled(p: RstpPort): true {
  p.pim = 'DISABLED';
  p.rcvdMsg = false;
  p.proposing = p.proposed = p.agree = p.agreed = false;
  p.rcvdInfoWhile = 0;
  p.infoIs = 'disabled';
  p.reselect = true;
  p.selected = false;
  return true;
}

function aged(p: RstpPort): true {
  p.pim = 'AGED';
  p.infoIs = 'aged';
  p.reselect = true;
  p.selected = false;
  return true;
}

/** UPDATE: the port takes the designated information Port Role Selection computed for it. */
function update(p: RstpPort): true {
  p.proposing = p.proposed = false;
  p.agreed = p.agreed && betterOrSameInfo(p, 'mine');
  p.synced = p.synced && p.agreed;
  p.portPriority = p.designatedPriority;
  p.portTimes = p.designatedTimes;
  p.updtInfo = false;
  p.infoIs = 'mine';
  p.newInfo = true;
  p.pim = 'CURRENT';
  return true;
}

/** RECEIVE and the state rcvInfo leads to, each back to CURRENT. */
function receive(p: RstpPort): true {
  p.rcvdInfo = rcvInfo(p);
  const bpdu = p.rcvdBpdu;
  switch (p.rcvdInfo) {
    case 'superior-designated':
      p.agreed = p.proposing = false;
      recordProposal(p, bpdu);
      setTcFlags(p, bpdu);
      p.agree = p.agree && betterOrSameInfo(p, 'received');
      p.portPriority = p.msgPriority;
      p.portTimes = p.msgTimes;
      updtRcvdInfoWhile(p);
      p.infoIs = 'received';
      p.reselect = true;
      p.selected = false;
      break;
    case 'repeated-designated':
      recordProposal(p, bpdu);
      setTcFlags(p, bpdu);
      updtRcvdInfoWhile(p);
      break;
    case 'inferior-designated':
      recordDispute(p, bpdu);
      break;
    case 'inferior-root-alternate':
      recordAgreement(p, bpdu);
      setTcFlags(p, bpdu);
      break;
    case 'other':
      break;
  }
  p.rcvdMsg = false;
  p.pim = 'CURRENT';
  return true;
}

/** betterorsameInfo (17.21.1). */
function betterOrSameInfo(p: RstpPort, newInfoIs: 'mine' | 'received'): boolean {
  if (newInfoIs === 'received') return p.infoIs === 'received' && betterOrSame(p.msgPriority, p.portPriority);
  return p.infoIs === 'mine' && betterOrSame(p.designatedPriority, p.portPriority);
}

/** The message priority vector and times a BPDU conveys (17.21.8), its times in whole seconds (9.2.8). */
export function messageOf(b: ConfigBpdu, rxPort: number): { priority: PriorityVector; times: Times } {
  const s = (units: number): number => Math.floor(units / BPDU_TIME_UNITS_PER_SECOND);
  return {
    priority: { root: b.rootId, cost: b.rootPathCost, bridge: b.bridgeId, port: b.portId, rxPort },
    times: { messageAge: s(b.messageAge), maxAge: s(b.maxAge), forwardDelay: s(b.forwardDelay), helloTime: s(b.helloTime) },
  };
}

/** The role a BPDU announces: a configuration BPDU always speaks for a designated port (17.21.8). */
export function encodedRole(b: ConfigBpdu): number {
  return b.type === 'config' ? EncodedRole.designated : (b.flags & BpduFlag.roleMask) >> BpduFlag.roleShift;
}

/**
 * rcvInfo (17.21.8). A TCN BPDU sets rcvdTcn here, as 802.1Q-2005 13.26.6
 * moved it: 802.1D-2004 leaves it to setTcFlags, which the OTHER state a TCN
 * leads to never calls.
 */
function rcvInfo(p: RstpPort): RcvdInfo {
  const b = p.rcvdBpdu;
  if (b === undefined || b.type === 'tcn') {
    if (b) p.rcvdTcn = true;
    return 'other';
  }
  const msg = messageOf(b, p.portId);
  p.msgPriority = msg.priority;
  p.msgTimes = msg.times;
  const role = encodedRole(b);
  if (role === EncodedRole.designated) {
    if (superior(p.msgPriority, p.portPriority) && !sameMessage(p.msgPriority, p.portPriority)) return 'superior-designated';
    if (sameMessage(p.msgPriority, p.portPriority))
      return sameTimes(p.msgTimes, p.portTimes) ? 'repeated-designated' : 'superior-designated';
    return 'inferior-designated';
  }
  if ((role === EncodedRole.root || role === EncodedRole.alternateBackup) && betterOrSame(p.portPriority, p.msgPriority))
    return 'inferior-root-alternate';
  return 'other';
}

/** recordProposal (17.21.11): a designated port across proposes that this one agree. */
function recordProposal(p: RstpPort, b: RcvdBpdu | undefined): void {
  if (b && b.type !== 'tcn' && encodedRole(b) === EncodedRole.designated && (b.flags & BpduFlag.proposal) !== 0) p.proposed = true;
}

/** recordAgreement (17.21.9): only a point-to-point link can carry an agreement. */
function recordAgreement(p: RstpPort, b: RcvdBpdu | undefined): void {
  if (p.pointToPoint && b && b.type === 'rst' && (b.flags & BpduFlag.agreement) !== 0) {
    p.agreed = true;
    p.proposing = false;
  } else p.agreed = false;
}

/**
 * recordDispute (17.21.10): an inferior designated port that is already
 * learning disputes this port's role, so this one stops agreeing and
 * discards (as 802.1Q-2005 13.26.8 words it: disputed set, agreed cleared).
 */
function recordDispute(p: RstpPort, b: RcvdBpdu | undefined): void {
  if (b && b.type === 'rst' && (b.flags & BpduFlag.learning) !== 0) {
    p.disputed = true;
    p.agreed = false;
  }
}

/** setTcFlags (17.21.17). */
function setTcFlags(p: RstpPort, b: RcvdBpdu | undefined): void {
  if (!b || b.type === 'tcn') return;
  if ((b.flags & BpduFlag.topologyChange) !== 0) p.rcvdTc = true;
  if ((b.flags & BpduFlag.topologyChangeAck) !== 0) p.rcvdTcAck = true;
}

/** updtRcvdInfoWhile (17.21.23): three hellos, unless the message has already lived its max age. */
function updtRcvdInfoWhile(p: RstpPort): void {
  const t = p.portTimes;
  p.rcvdInfoWhile = t.messageAge + 1 <= t.maxAge ? 3 * t.helloTime : 0;
}
