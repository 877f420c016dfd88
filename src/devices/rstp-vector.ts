// RSTP's priority vectors and timer values (IEEE 802.1D-2004 clause 17.5,
// 17.6, 17.19.21): how a bridge ranks what it hears against what it holds.
// Pure functions; times are whole seconds, as RSTP keeps them (17.13).

import { type BridgeId, compareBridgeIds } from '../wire/bpdu.js';

/** {RootBridgeID : RootPathCost : DesignatedBridgeID : DesignatedPortID : BridgePortID} (17.5). */
export interface PriorityVector {
  readonly root: BridgeId;
  readonly cost: number;
  readonly bridge: BridgeId;
  readonly port: number;
  /** The port it was received on (or that sends it): the last tie-breaker of root selection (17.6). */
  readonly rxPort: number;
}

/** Message Age, Max Age, Forward Delay, Hello Time (17.19.21), in whole seconds. */
export interface Times {
  readonly messageAge: number;
  readonly maxAge: number;
  readonly forwardDelay: number;
  readonly helloTime: number;
}

/** Negative when `a` is better (numerically lower) than `b`, component by component (17.6). */
export function compareVectors(a: PriorityVector, b: PriorityVector): number {
  let t = compareBridgeIds(a.root, b.root);
  if (t !== 0) return t;
  if (a.cost !== b.cost) return a.cost - b.cost;
  t = compareBridgeIds(a.bridge, b.bridge);
  if (t !== 0) return t;
  if (a.port !== b.port) return a.port - b.port;
  return a.rxPort - b.rxPort;
}

/** The four components a BPDU carries: what the designated port says, whoever hears it. */
export function sameMessage(a: PriorityVector, b: PriorityVector): boolean {
  return compareVectors({ ...a, rxPort: 0 }, { ...b, rxPort: 0 }) === 0;
}

export function betterOrSame(a: PriorityVector, b: PriorityVector): boolean {
  return compareVectors({ ...a, rxPort: 0 }, { ...b, rxPort: 0 }) <= 0;
}

/** The port number of an 802.1t port identifier: its low 12 bits (9.2.7). */
export function portNumber(portId: number): number {
  return portId & 0x0fff;
}

/**
 * 17.6: a message priority vector is superior to a port priority vector when
 * it is better, or when it comes from the same designated bridge (address)
 * and port (number): that port has changed its mind, even for the worse.
 */
export function superior(msg: PriorityVector, port: PriorityVector): boolean {
  if (compareVectors({ ...msg, rxPort: 0 }, { ...port, rxPort: 0 }) < 0) return true;
  return msg.bridge.mac === port.bridge.mac && portNumber(msg.port) === portNumber(port.port);
}

export function sameTimes(a: Times, b: Times): boolean {
  return a.messageAge === b.messageAge && a.maxAge === b.maxAge && a.forwardDelay === b.forwardDelay && a.helloTime === b.helloTime;
}

/** The port id of 802.1D-2004 9.2.7: priority (0-240, steps of 16) in the top four bits, port number below. */
export function rstpPortId(priority: number, portNo: number): number {
  return ((priority & 0xf0) << 8) | (portNo & 0x0fff);
}
