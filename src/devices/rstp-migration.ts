// The Port Protocol Migration state machine (IEEE 802.1D-2004 clause 17.24,
// Figure 17-15): a port speaks RSTP until it hears an STP bridge on its
// segment, then falls back to configuration and TCN BPDUs (17.4), waiting
// Migrate Time each way so that one stray BPDU does not flip it.

import { MIGRATE_TIME } from './rstp-bridge.js';
import type { RstpPort } from './rstp-port.js';

/** CHECKING_RSTP (also entered at BEGIN). */
export function checkingRstp(p: RstpPort): true {
  p.ppm = 'CHECKING_RSTP';
  p.mcheck = false;
  p.sendRstp = true;
  p.mdelayWhile = MIGRATE_TIME;
  return true;
}

/** Runs the machine one step; true if it moved. */
export function portProtocolMigration(p: RstpPort): boolean {
  switch (p.ppm) {
    case 'CHECKING_RSTP':
      if (p.mdelayWhile === 0) return sensing(p);
      if (p.mdelayWhile !== MIGRATE_TIME && !p.portEnabled) return checkingRstp(p);
      return false;
    case 'SELECTING_STP':
      if (p.mdelayWhile === 0 || !p.portEnabled || p.mcheck) return sensing(p);
      return false;
    case 'SENSING':
      if (!p.portEnabled || p.mcheck || (!p.sendRstp && p.rcvdRstp)) return checkingRstp(p);
      if (p.sendRstp && p.rcvdStp) {
        // SELECTING_STP: an STP bridge is on the segment.
        p.ppm = 'SELECTING_STP';
        p.sendRstp = false;
        p.mdelayWhile = MIGRATE_TIME;
        return true;
      }
      return false;
  }
}

function sensing(p: RstpPort): true {
  p.ppm = 'SENSING';
  p.rcvdRstp = p.rcvdStp = false;
  return true;
}
