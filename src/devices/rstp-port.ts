// What RSTP keeps per port: the variables of IEEE 802.1D-2004 clause 17.19,
// its timers (17.17, whole seconds counted down by the Port Timers machine,
// 17.22), its configuration (17.13) and the state of each per-port machine.

import type { ConfigBpdu } from '../wire/bpdu.js';
import type { PriorityVector, Times } from './rstp-vector.js';

/** Port roles (17.7). */
export type RstpRole = 'root' | 'designated' | 'alternate' | 'backup' | 'disabled';

/** Port states (17.10): RSTP merges 802.1D-1998's disabled, blocking and listening into discarding. */
export type RstpState = 'discarding' | 'learning' | 'forwarding';

/** Where the port's information came from (17.19.10). */
export type InfoIs = 'disabled' | 'aged' | 'mine' | 'received';

/** What a received BPDU says against what the port holds (17.21.8). */
export type RcvdInfo = 'superior-designated' | 'repeated-designated' | 'inferior-designated' | 'inferior-root-alternate' | 'other';

/**
 * The machines' resting states. The states they pass through and leave
 * unconditionally (UCT: UPDATE, RECEIVE, SUPERIOR_DESIGNATED ... of 17.27;
 * ROOT_PROPOSED, DESIGNATED_SYNCED ... of 17.29; DETECTED, PROPAGATING ... of
 * 17.31) run their actions and return here, as the figures draw them.
 */
export type PimState = 'DISABLED' | 'AGED' | 'CURRENT';
export type PrtState = 'INIT_PORT' | 'DISABLE_PORT' | 'DISABLED_PORT' | 'ROOT_PORT' | 'DESIGNATED_PORT' | 'BLOCK_PORT' | 'ALTERNATE_PORT';
export type TcmState = 'INACTIVE' | 'LEARNING' | 'ACTIVE';
export type PpmState = 'CHECKING_RSTP' | 'SELECTING_STP' | 'SENSING';

/** A received BPDU as the machines read it (17.19.14 rcvdBPDU's contents). */
export type RcvdBpdu = ConfigBpdu | { type: 'tcn' };

export const NO_VECTOR: PriorityVector = {
  root: { priority: 0xffff, mac: 0xffffffffffff },
  cost: 0xffffffff,
  bridge: { priority: 0xffff, mac: 0xffffffffffff },
  port: 0xffff,
  rxPort: 0xffff,
};
export const NO_TIMES: Times = { messageAge: 0, maxAge: 20, forwardDelay: 15, helloTime: 2 };

export class RstpPort {
  // ---- configuration (17.13) ----
  portId = 0;
  /** AdminEdge (17.13.1): YAML `edge: true`. */
  adminEdge = false;
  /** AutoEdge (17.13.3): on by default. */
  autoEdge = true;
  /** operPointToPointMAC (6.4.3): a cable is point-to-point, a hub's segment is shared. */
  pointToPoint = true;
  // ---- variables (17.19) ----
  portEnabled = false;
  agree = false;
  agreed = false;
  designatedPriority: PriorityVector = NO_VECTOR;
  designatedTimes: Times = NO_TIMES;
  disputed = false;
  fdbFlush = false;
  forward = false;
  forwarding = false;
  infoIs: InfoIs = 'disabled';
  learn = false;
  learning = false;
  mcheck = false;
  msgPriority: PriorityVector = NO_VECTOR;
  msgTimes: Times = NO_TIMES;
  newInfo = false;
  operEdge = false;
  portPriority: PriorityVector = NO_VECTOR;
  portTimes: Times = NO_TIMES;
  proposed = false;
  proposing = false;
  rcvdBpdu: RcvdBpdu | undefined;
  rcvdInfo: RcvdInfo = 'other';
  rcvdMsg = false;
  rcvdRstp = false;
  rcvdStp = false;
  rcvdTc = false;
  rcvdTcAck = false;
  rcvdTcn = false;
  reRoot = false;
  reselect = false;
  role: RstpRole = 'disabled';
  selected = false;
  selectedRole: RstpRole = 'disabled';
  sendRstp = true;
  sync = false;
  synced = false;
  tcAck = false;
  tcProp = false;
  txCount = 0;
  updtInfo = false;
  // ---- timers (17.17), whole seconds ----
  edgeDelayWhile = 0;
  fdWhile = 0;
  helloWhen = 0;
  mdelayWhile = 0;
  rbWhile = 0;
  rcvdInfoWhile = 0;
  rrWhile = 0;
  tcWhile = 0;
  // ---- the machines' states ----
  pim: PimState = 'DISABLED';
  prt: PrtState = 'INIT_PORT';
  tcm: TcmState = 'INACTIVE';
  ppm: PpmState = 'CHECKING_RSTP';
  // ---- for the events ----
  /** The seq of the event that last changed the port's role or state (cited by drops at a discarding port). */
  changedSeq = 0;
  /** The seq of the last BPDU this port heard (the cause when its information ages out). */
  heardSeq = 0;
  /** Why the role transitions machine last moved the port (a key of rstp-why.ts's sentences). */
  reason = '';

  constructor(
    readonly name: string,
    public mac: number,
    readonly portNo: number,
    public priority: number,
    public pathCost: number,
  ) {}

  /** The port's state (17.10), from what the Port State Transition machine set (17.30). */
  get state(): RstpState {
    return this.forwarding ? 'forwarding' : this.learning ? 'learning' : 'discarding';
  }
}
