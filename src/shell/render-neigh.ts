import type { Host } from '../devices/host.js';
import type { NeighbourEntry } from '../tables/neighbour-table.js';
import { type Cidr, formatIpv4, prefixMask } from '../wire/ipv4-address.js';
import { formatMac } from '../wire/mac.js';

/** What `ip neigh show` was asked for: one device (then left out of the lines), entries within a prefix. */
export interface NeighbourFilter {
  dev?: string;
  prefix?: Cidr;
}

/**
 * The entries `ip neigh show` lists. The kernel dumps its hash table; with a
 * handful of entries that reads newest first, as the oracle's router shows
 * (the hash's seed is random per table, so two entries may come either way).
 */
function listed(host: Host, filter: NeighbourFilter): NeighbourEntry<unknown>[] {
  const { dev, prefix } = filter;
  const mask = prefix === undefined ? 0 : prefixMask(prefix.prefixLength);
  return host.neighbours
    .entries()
    .reverse()
    .filter(
      (e) =>
        (e.state as string) !== 'NONE' &&
        (dev === undefined || e.dev === dev) &&
        (prefix === undefined || (e.ip & mask) >>> 0 === (prefix.address & mask) >>> 0),
    );
}

/** The kernel sends NDA_LLADDR for a state whose address is valid (NUD_VALID). */
function lladdr(e: NeighbourEntry<unknown>): string | undefined {
  return e.mac !== undefined && e.state !== 'INCOMPLETE' && e.state !== 'FAILED' ? formatMac(e.mac) : undefined;
}

/**
 * `ip neigh show` (iproute2 6.1 ip/ipneigh.c print_neigh): address, device
 * unless the filter named it, `lladdr`, the state, and iproute2's trailing
 * space; with -brief, "%-39s %-16s " and the address, nothing else.
 */
export function renderNeighbours(host: Host, filter: NeighbourFilter = {}, brief = false): string[] {
  return listed(host, filter).map((e) => {
    const mac = lladdr(e);
    if (brief) return `${formatIpv4(e.ip).padEnd(39)} ${e.dev.padEnd(16)} ${mac ?? ''}`;
    const dev = filter.dev === undefined ? `dev ${e.dev} ` : '';
    return `${formatIpv4(e.ip)} ${dev}${mac !== undefined ? `lladdr ${mac} ` : ''}${e.state} `;
  });
}

/** `ip -j neigh show`: print_neigh's keys in its order, the state as an array of names. */
export function neighbourJson(host: Host, filter: NeighbourFilter = {}): Array<Record<string, unknown>> {
  return listed(host, filter).map((e) => {
    const mac = lladdr(e);
    return {
      dst: formatIpv4(e.ip),
      ...(filter.dev === undefined && { dev: e.dev }),
      ...(mac !== undefined && { lladdr: mac }),
      state: [e.state],
    };
  });
}
