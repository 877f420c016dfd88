// What RSTP keeps per bridge (IEEE 802.1D-2004 clause 17.18) and its fixed
// parameters (17.13, 17.14), as the per-port machines read them; the bridge
// lends them its filtering database (17.19.7 fdbFlush) and its ports' output.

import type { BridgeId, Bpdu } from '../wire/bpdu.js';
import type { RstpPort } from './rstp-port.js';
import type { PriorityVector, Times } from './rstp-vector.js';

/** Migrate Time, 3 s (17.13.9, Table 17-1): how long a port waits before it trusts what it hears, and the edge delay. */
export const MIGRATE_TIME = 3;
/** Transmit Hold Count, 6 (17.13.12, Table 17-1): BPDUs a port may send in one second. */
export const TX_HOLD_COUNT = 6;

export interface RstpBridge {
  readonly ports: readonly RstpPort[];
  /** BridgeIdentifier (17.18.2). */
  readonly bridgeId: BridgeId;
  /** BridgeTimes (17.18.4): the times this bridge sends as the root. */
  readonly bridgeTimes: Times;
  /** rootPriority (17.18.6) and rootTimes (17.18.7), set by updtRolesTree. */
  rootPriority: PriorityVector;
  rootTimes: Times;
  /** rootPortId (17.18.5): 0 while this bridge is the root. */
  rootPortId: number;
  /** Removes the port's learned addresses at once (17.19.7: immediately when rstpVersion). */
  flush(p: RstpPort): void;
  /** Sends a BPDU out of the port. */
  transmit(p: RstpPort, bpdu: Bpdu): void;
}

/** The bridge priority vector {B : 0 : B : 0 : 0} (17.6). */
export function bridgePriority(br: Pick<RstpBridge, 'bridgeId'>): PriorityVector {
  return { root: br.bridgeId, cost: 0, bridge: br.bridgeId, port: 0, rxPort: 0 };
}
