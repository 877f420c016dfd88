// What a bridge asks of its spanning tree, whichever protocol runs it:
// 802.1D-1998 STP as the Linux bridge does (spanning-tree.ts) or 802.1D-2004
// RSTP (rapid-spanning-tree.ts). The bridge (learning-bridge.ts) and the
// shell's `bridge link` see only this.

import { type Bpdu, parseBpdu } from '../wire/bpdu.js';
import { WireError } from '../wire/wire-error.js';
import type { StpState } from './stp-port.js';
import { notBpdu } from './stp-why.js';
import type { RstpState } from './rstp-port.js';

export type TreePortState = StpState | RstpState;

/** A port as the bridge and `bridge link show` read it. */
export interface TreePort {
  readonly name: string;
  readonly state: TreePortState;
  readonly priority: number;
  readonly pathCost: number;
  /** The seq of the event that last changed the port's role or state. */
  readonly changedSeq: number;
  mac: number;
}

export interface BridgeTree {
  /** IFF_UP of the bridge device. */
  readonly up: boolean;
  /** The configured ageing time, which a topology change may shorten (STP) for a while. */
  bridgeAgeingNs: number;
  readonly ports: readonly TreePort[];
  port(name: string): TreePort | undefined;
  /** A port's role (802.1D-2004's names: root, designated, alternate, backup, disabled). */
  role(p: TreePort): string;
  stateOf(name: string): TreePortState;
  /**
   * Whether the protocol runs and takes the BPDUs the bridge hears: the
   * kernel's stp_enabled == BR_KERNEL_STP for STP (`stp_state 0` clears it
   * and the bridge floods BPDUs); RSTP, which only a topology file starts, always.
   */
  readonly kernelStp: boolean;
  enableBridge(cause: number): void;
  disableBridge(cause: number): void;
  /** `stp_state 1` again on a stopped tree (br_stp_start). */
  start(cause: number): void;
  /** `stp_state 1` on a bridge that is up and forwarding already. */
  startRunning(cause: number): void;
  /** `stp_state 0` (br_stp_stop). */
  stop(cause: number): void;
  enablePort(name: string, cause: number, why: string): void;
  disablePortByName(name: string, cause: number, why: string): void;
  addPort(name: string, mac: number): void;
  removePort(name: string, cause: number): void;
  recalculateBridgeId(): void;
  /** A frame to the bridge group address: undefined when the protocol takes it, else why it cannot. */
  receive(name: string, frame: { id: number; bytes: Uint8Array }, rxSeq: number): Refusal | undefined;
  setBridgePriority(priority: number, cause: number): void;
  setPortPriority(name: string, priority: number, cause: number): void;
  setPathCost(name: string, cost: number, cause: number): void;
  setTimes(t: { helloTimeNs?: number; maxAgeNs?: number; forwardDelayNs?: number }): void;
  describe(): { bridgeId: string; root: string; rootPort: string; cost: number; topologyChange: boolean; topologyChangeDetected: boolean };
}

/** Why the protocol does not take a frame to the group address: the port is disabled, or the bytes are no BPDU. */
export interface Refusal {
  reason: 'port-blocked' | 'malformed';
  why: string;
}

/** The BPDU a frame carries, or why it carries none (a bad BPDU is a drop, not an error). */
export function bpduOrRefusal(node: string, port: string, bytes: Uint8Array): Bpdu | Refusal {
  try {
    return parseBpdu(bytes);
  } catch (e) {
    if (e instanceof WireError) return { reason: 'malformed', why: notBpdu(node, port, e.message) };
    throw e;
  }
}
