// The teaching voice of a bridge or switch (SPEC §4): one sentence per
// decision, naming the table entry or rule that made it.

import { formatSeconds } from '../events/time.js';
import type { MacEntry } from '../tables/mac-table.js';
import type { FloodSet } from './bridge-port.js';

/** " in VLAN 10" on a VLAN-aware switch, nothing on a plain bridge. */
export function inVlan(vlanAware: boolean, vid: number): string {
  return vlanAware ? ` in VLAN ${vid}` : '';
}

export function unknownFloodWhy(node: string, dst: string, scope: string, set: FloodSet): string {
  return `${node} has no entry for ${dst}${scope}, so it sends the frame out of ${set.tail}`;
}

export function multicastFloodWhy(node: string, dst: string, set: FloodSet): string {
  return `${dst} is a multicast address, which ${node} does not filter, so it sends the frame out of ${set.tail}`;
}

export function noLearningFloodWhy(node: string, set: FloodSet): string {
  return `${node} does not learn addresses (ageing time 0), so, like a hub, it sends the frame out of ${set.tail}`;
}

export function forwardWhy(node: string, dst: string, entry: MacEntry, scope: string): string {
  return `${node} learned ${dst} on ${entry.port}${scope} at #${entry.learnedSeq}, so it sends the frame out of ${entry.port} only`;
}

export function filterWhy(node: string, dst: string, port: string): string {
  return `${node} learned ${dst} on ${port}, the port the frame came from: it stays on that side`;
}

export function learnWhy(node: string, mac: string, port: string, scope: string): string {
  return `${node} learns ${mac} behind ${port}${scope}`;
}

export function moveWhy(node: string, mac: string, port: string, from: string): string {
  return `${node} now sees ${mac} on ${port}, not ${from}: the MAC moved`;
}

export function ageWhy(node: string, mac: string, entry: MacEntry, agingNs: number): string {
  return `${node} forgets ${mac} on ${entry.port}: nothing came from it for ${trimSeconds(agingNs)} s, its ageing time`;
}

export function portDownFlushWhy(node: string, mac: string, port: string): string {
  return `${node} forgets ${mac}: ${port} went down, and a bridge flushes the addresses learned on a port that stops forwarding`;
}

export function fdbFlushWhy(node: string, mac: string, port: string): string {
  return `${node} forgets ${mac} on ${port}: \`bridge fdb flush\` emptied its MAC table`;
}

/** A topology file's cable end: its far end went down or up, and the port's carrier with it (a veth's netif_carrier_off/on). */
export function carrierWhy(node: string, port: string, carrier: boolean): string {
  return carrier
    ? `${node}:${port} has carrier again: the far end of its cable is up, so ${node} receives and forwards frames on it again`
    : `${node}:${port} has no carrier: the far end of its cable went down, so ${node} neither receives nor sends frames on it (NO-CARRIER)`;
}

export function noCarrierWhy(node: string, port: string): string {
  return `${node} sets ${port} up, but it has no carrier: the far end of its cable is down, so it stays out (NO-CARRIER)`;
}

export function linkWhy(node: string, port: string, up: boolean): string {
  return up
    ? `${node} sets ${port} up: it receives and forwards frames on it again`
    : `${node} sets ${port} down: it neither receives nor sends frames on it`;
}

/**
 * A port joins or leaves the bridge: the line `bridge monitor link` prints,
 * without the interface index ("veth1: <BROADCAST,MULTICAST> master br0
 * state disabled"); a new port is disabled until the script brings it up.
 */
export function newPortWhy(port: string, node: string): string {
  return `${port}: <BROADCAST,MULTICAST> master ${node} state disabled`;
}

export function gonePortWhy(port: string, node: string): string {
  return `Deleted ${port}: master ${node}`;
}

/** 300000000000 ns -> "300", 1500000000 -> "1.5". */
function trimSeconds(ns: number): string {
  return formatSeconds(ns).replace(/\.?0+$/, '');
}

export { blockedDrop as blockedWhy, blockedEgressDrop as blockedEgress, linkLocalFilter as linkLocalWhy } from './stp-why.js';
