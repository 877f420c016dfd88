// The Topology Change state machine (IEEE 802.1D-2004 clause 17.31, Figure
// 17-25). A non-edge port that starts forwarding is a topology change: the
// bridge sets TC in its BPDUs for a while (tcWhile) and flushes the addresses
// learned on its other ports at once (fdbFlush, 17.19.7), and each bridge that
// hears TC does the same on all its ports but the one it heard it on. There is
// no shortened ageing as in 802.1D-1998: RSTP flushes.

import type { RstpBridge } from './rstp-bridge.js';
import type { RstpPort } from './rstp-port.js';

const active = (p: RstpPort): boolean => p.role === 'root' || p.role === 'designated';

/** INACTIVE (also entered at BEGIN): a port that is not learning keeps no addresses. */
export function inactive(br: RstpBridge, p: RstpPort): true {
  p.tcm = 'INACTIVE';
  p.fdbFlush = true;
  br.flush(p);
  p.tcWhile = 0;
  p.tcAck = false;
  return true;
}

/** Runs the machine one step; true if it moved. */
export function topologyChange(br: RstpBridge, p: RstpPort): boolean {
  switch (p.tcm) {
    case 'INACTIVE':
      return p.learn && !p.fdbFlush && learning(p);
    case 'LEARNING':
      if (active(p) && p.forward && !p.operEdge) return detected(br, p);
      if (p.rcvdTc || p.rcvdTcn || p.rcvdTcAck || p.tcProp) return learning(p);
      if (!active(p) && !(p.learn || p.learning)) return inactive(br, p);
      return false;
    case 'ACTIVE':
      return activeStep(br, p);
  }
}

function activeStep(br: RstpBridge, p: RstpPort): boolean {
  if (!active(p) || p.operEdge) return learning(p);
  if (p.rcvdTcn) {
    // NOTIFIED_TCN, then NOTIFIED_TC.
    newTcWhile(br, p);
    return notifiedTc(br, p);
  }
  if (p.rcvdTc) return notifiedTc(br, p);
  if (p.tcProp && !p.operEdge) {
    // PROPAGATING: a change elsewhere: forget what was learned here.
    newTcWhile(br, p);
    p.fdbFlush = true;
    br.flush(p);
    p.tcProp = false;
    return true;
  }
  if (p.rcvdTcAck) {
    // ACKNOWLEDGED.
    p.tcWhile = 0;
    p.rcvdTcAck = false;
    return true;
  }
  return false;
}

function learning(p: RstpPort): true {
  p.tcm = 'LEARNING';
  p.rcvdTc = p.rcvdTcn = p.rcvdTcAck = false;
  p.tcProp = false;
  return true;
}

/** DETECTED: this port's forwarding is the change; tell the rest of the tree. */
function detected(br: RstpBridge, p: RstpPort): true {
  newTcWhile(br, p);
  setTcPropTree(br, p);
  p.newInfo = true;
  p.tcm = 'ACTIVE';
  return true;
}

function notifiedTc(br: RstpBridge, p: RstpPort): true {
  p.rcvdTcn = p.rcvdTc = false;
  if (p.role === 'designated') p.tcAck = true;
  setTcPropTree(br, p);
  p.tcm = 'ACTIVE';
  return true;
}

/** newTcWhile (17.21.7). */
function newTcWhile(br: RstpBridge, p: RstpPort): void {
  if (p.tcWhile !== 0) return;
  if (p.sendRstp) {
    p.tcWhile = p.designatedTimes.helloTime + 1;
    p.newInfo = true;
  } else p.tcWhile = br.rootTimes.maxAge + br.rootTimes.forwardDelay;
}

/** setTcPropTree (17.21.18): every other port propagates the change. */
function setTcPropTree(br: RstpBridge, p: RstpPort): void {
  for (const q of br.ports) if (q !== p) q.tcProp = true;
}
