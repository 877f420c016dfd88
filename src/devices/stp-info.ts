// The priority vectors of 802.1D-1998 clause 8.6 as br_stp.c compares them:
// pure functions of a bridge's and its ports' information, no time, no I/O.

import { BPDU_TIME_UNITS_PER_SECOND, BpduFlag, type BridgeId, type ConfigBpdu, compareBridgeIds } from '../wire/bpdu.js';
import { type StpPort, type StpRole, sameId } from './stp-port.js';

/** What the comparisons read of a bridge (struct net_bridge). */
export interface BridgeInfo {
  readonly bridgeId: BridgeId;
  readonly designatedRoot: BridgeId;
  readonly rootPathCost: number;
  /** The root port's number, 0 when the bridge is the root. */
  readonly rootPort: number;
  readonly ports: readonly StpPort[];
}

/** A received configuration BPDU with its flags read and its times in ns (br_get_ticks). */
export type Received = Pick<ConfigBpdu, 'rootPathCost' | 'bridgeId' | 'portId' | 'messageAge' | 'maxAge' | 'helloTime' | 'forwardDelay'> & {
  topologyChange: boolean;
  topologyChangeAck: boolean;
  root: BridgeId;
};

export function fromWire(b: ConfigBpdu): Received {
  const ns = (units: number): number => Math.round((units * 1e9) / BPDU_TIME_UNITS_PER_SECOND);
  return {
    topologyChange: (b.flags & BpduFlag.topologyChange) !== 0,
    topologyChangeAck: (b.flags & BpduFlag.topologyChangeAck) !== 0,
    root: b.rootId,
    rootPathCost: b.rootPathCost,
    bridgeId: b.bridgeId,
    portId: b.portId,
    messageAge: ns(b.messageAge),
    maxAge: ns(b.maxAge),
    helloTime: ns(b.helloTime),
    forwardDelay: ns(b.forwardDelay),
  };
}

export function isRootBridge(br: BridgeInfo): boolean {
  return sameId(br.bridgeId, br.designatedRoot);
}

/** br_is_designated_port. */
export function isDesignatedPort(br: BridgeInfo, p: StpPort): boolean {
  return sameId(p.designatedBridge, br.bridgeId) && p.designatedPort === p.portId;
}

/** Whether the BPDU says what the port already holds (then superseding it only refreshes its message age). */
export function holdsSame(p: StpPort, b: Received): boolean {
  return (
    sameId(b.root, p.designatedRoot) &&
    b.rootPathCost === p.designatedCost &&
    sameId(b.bridgeId, p.designatedBridge) &&
    b.portId === p.designatedPort
  );
}

/** br_supersedes_port_info (802.1D-1998 clause 8.6.2.2). */
export function supersedesPortInfo(br: BridgeInfo, p: StpPort, b: Received): boolean {
  let t = compareBridgeIds(b.root, p.designatedRoot);
  if (t !== 0) return t < 0;
  if (b.rootPathCost !== p.designatedCost) return b.rootPathCost < p.designatedCost;
  t = compareBridgeIds(b.bridgeId, p.designatedBridge);
  if (t !== 0) return t < 0;
  if (!sameId(b.bridgeId, br.bridgeId)) return true;
  return b.portId <= p.designatedPort;
}

/** br_should_become_root_port (802.1D-1998 clause 8.6.8.3.1): is `p` better than the root port chosen so far? */
export function shouldBecomeRootPort(br: BridgeInfo, p: StpPort, rp: StpPort | undefined): boolean {
  if (p.state === 'disabled' || isDesignatedPort(br, p)) return false;
  if (compareBridgeIds(br.bridgeId, p.designatedRoot) <= 0) return false;
  if (rp === undefined) return true;
  let t = compareBridgeIds(p.designatedRoot, rp.designatedRoot);
  if (t !== 0) return t < 0;
  const a = p.designatedCost + p.pathCost;
  const b = rp.designatedCost + rp.pathCost;
  if (a !== b) return a < b;
  t = compareBridgeIds(p.designatedBridge, rp.designatedBridge);
  if (t !== 0) return t < 0;
  if (p.designatedPort !== rp.designatedPort) return p.designatedPort < rp.designatedPort;
  return p.portId < rp.portId;
}

/** br_should_become_designated_port (802.1D-1998 clause 8.6.10.3.1). */
export function shouldBecomeDesignatedPort(br: BridgeInfo, p: StpPort): boolean {
  if (isDesignatedPort(br, p)) return true;
  if (!sameId(p.designatedRoot, br.designatedRoot)) return true;
  if (br.rootPathCost !== p.designatedCost) return br.rootPathCost < p.designatedCost;
  const t = compareBridgeIds(br.bridgeId, p.designatedBridge);
  if (t !== 0) return t < 0;
  return p.portId < p.designatedPort;
}

/** The role a port plays now (802.1D-2004's names for the ports 802.1D-1998 leaves unnamed). */
export function roleOf(br: BridgeInfo, p: StpPort): StpRole {
  if (p.state === 'disabled') return 'disabled';
  if (p.portNo === br.rootPort) return 'root';
  if (isDesignatedPort(br, p)) return 'designated';
  return sameId(p.designatedBridge, br.bridgeId) ? 'backup' : 'alternate';
}
