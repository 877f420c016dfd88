// The Bridge Detection state machine (IEEE 802.1D-2004 clause 17.25, Figure
// 17-16): whether a port is an edge port, with no bridge behind it. One
// declared edge (AdminEdge, YAML `edge: true`) is one from the start; any
// other becomes one when it has proposed for edgeDelayWhile (Migrate Time,
// 3 s, on a point-to-point link) and heard no BPDU (AutoEdge). A BPDU heard
// makes it a bridge port again (the Port Receive machine clears operEdge).

import type { RstpPort } from './rstp-port.js';

/** At BEGIN: EDGE if declared so, NOT_EDGE otherwise. */
export function edgeBegin(p: RstpPort): void {
  p.operEdge = p.adminEdge;
}

/** Runs the machine one step; true if operEdge changed. */
export function bridgeDetection(p: RstpPort): boolean {
  if (p.operEdge) {
    // EDGE -> NOT_EDGE.
    if (!p.portEnabled && !p.adminEdge) {
      p.operEdge = false;
      return true;
    }
    return false;
  }
  // NOT_EDGE -> EDGE.
  if ((!p.portEnabled && p.adminEdge) || (p.edgeDelayWhile === 0 && p.autoEdge && p.sendRstp && p.proposing)) {
    p.operEdge = true;
    p.reason = p.adminEdge ? 'edge-admin' : 'edge-auto';
    return true;
  }
  return false;
}
