// The Port State Transition state machine (IEEE 802.1D-2004 clause 17.30,
// Figure 17-24): the port's state follows what Port Role Transitions allows
// (learn, forward). RSTP has three states; discarding covers 802.1D-1998's
// disabled, blocking and listening (17.10).

import type { RstpPort } from './rstp-port.js';

/** Runs the machine one step; true if the port's state changed. */
export function portStateTransition(p: RstpPort): boolean {
  if (p.forwarding) {
    if (p.forward) return false;
    return discarding(p);
  }
  if (p.learning) {
    if (!p.learn) return discarding(p);
    if (!p.forward) return false;
    // FORWARDING: enableForwarding().
    p.forwarding = true;
    return true;
  }
  if (!p.learn) return false;
  // LEARNING: enableLearning().
  p.learning = true;
  return true;
}

/** DISCARDING: disableLearning(), disableForwarding(). */
function discarding(p: RstpPort): true {
  p.learning = p.forwarding = false;
  return true;
}
