import type { NeighbourEntry, NudState } from '../tables/neighbour-table.js';
import { formatIpv4 } from '../wire/ipv4-address.js';
import { formatMac } from '../wire/mac.js';

/** The teaching sentence for a neighbour (ARP cache) state change, in Linux's NUD terms. */
export function describeNeighbourChange(node: string, e: NeighbourEntry<unknown>, previous: NudState | 'NONE'): string {
  const ip = formatIpv4(e.ip);
  const mac = e.mac === undefined ? '' : formatMac(e.mac);
  switch (e.state) {
    case 'INCOMPLETE':
      return `${node} does not know ${ip}'s MAC, so it asks with a broadcast ARP request and holds the packet (INCOMPLETE)`;
    case 'REACHABLE':
      return previous === 'DELAY' || previous === 'PROBE'
        ? `${ip} answered, confirming it is at ${mac} (REACHABLE)`
        : `${node} learns from the ARP reply that ${ip} is at ${mac} (REACHABLE)`;
    case 'STALE':
      return previous === 'REACHABLE'
        ? `${node} has not confirmed ${ip} for its reachable time: the entry goes STALE and will be checked before use`
        : `${node} notes from the ARP request that ${ip} is at ${mac}, unconfirmed (STALE)`;
    case 'DELAY':
      return `${node} uses its unconfirmed entry for ${ip} and gives traffic 5 s to confirm it before probing (DELAY)`;
    case 'PROBE':
      return `nothing confirmed ${ip} within 5 s, so ${node} asks ${mac} directly with a unicast ARP request (PROBE)`;
    case 'FAILED':
      return `${ip} did not answer ${node}'s ARP requests: it gives up, and packets waiting for it fail (FAILED)`;
    case 'PERMANENT':
      return `${node} has a permanent entry: ${ip} is at ${mac}`;
  }
}

/** The sentence for an entry set by hand (`ip neigh add|replace|change`), whatever its state. */
export function describeNeighbourSet(node: string, e: NeighbourEntry<unknown>): string {
  const ip = formatIpv4(e.ip);
  const at = e.mac === undefined ? '' : ` is at ${formatMac(e.mac)}`;
  return `${node}'s entry for ${ip} is set by hand: ${ip}${at} (${e.state})`;
}
