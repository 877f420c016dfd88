// What the spanning tree keeps per port and per bridge: the fields of the
// kernel's struct net_bridge_port and struct net_bridge that br_stp*.c read
// (802.1D-1998 clause 8.5.5 and 8.5.3).

import type { BridgeId } from '../wire/bpdu.js';
import { StpTimer } from './stp-timer.js';

/** Port states (802.1D-1998 clause 8.4; br_port_state_names). */
export type StpState = 'disabled' | 'listening' | 'learning' | 'forwarding' | 'blocking';

/**
 * A port's role. 802.1D-1998 names the root port and designated ports; the
 * rest block, and 802.1D-2004 calls such a port alternate (or backup when
 * the better port is the bridge's own), the words used here.
 */
export type StpRole = 'root' | 'designated' | 'alternate' | 'backup' | 'disabled';

export class StpPort {
  state: StpState = 'disabled';
  /** 1, 2, ... in the order the ports joined (br_if.c find_portno). */
  portNo: number;
  priority: number;
  pathCost: number;
  portId = 0;
  designatedRoot: BridgeId = { priority: 0, mac: 0 };
  designatedCost = 0;
  designatedBridge: BridgeId = { priority: 0, mac: 0 };
  designatedPort = 0;
  /** When the designated information was born at the root: now - its message age (br_record_config_information). */
  designatedAge = 0;
  topologyChangeAck = false;
  configPending = false;
  readonly messageAgeTimer = new StpTimer();
  readonly forwardDelayTimer = new StpTimer();
  readonly holdTimer = new StpTimer();
  /** The seq of the event that last changed the port's state or role (cited by drops at a blocked port). */
  changedSeq = 0;

  constructor(
    readonly name: string,
    public mac: number,
    portNo: number,
    priority: number,
    pathCost: number,
  ) {
    this.portNo = portNo;
    this.priority = priority;
    this.pathCost = pathCost;
  }
}

/** Port id: priority in the top six bits, port number below (br_make_port_id, BR_PORT_BITS = 10). */
export function makePortId(priority: number, portNo: number): number {
  return ((priority << 10) | (portNo & 0x3ff)) & 0xffff;
}

export function sameId(a: BridgeId, b: BridgeId): boolean {
  return a.priority === b.priority && a.mac === b.mac;
}
