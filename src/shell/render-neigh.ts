import type { Host } from '../devices/host.js';
import { formatIpv4 } from '../wire/ipv4-address.js';
import { formatMac } from '../wire/mac.js';

/**
 * `ip neigh show [dev X]` (iproute2 6.1 ip/ipneigh.c print_neigh): address,
 * device, `lladdr` only for a state whose address is valid (the kernel sends
 * NDA_LLADDR for NUD_VALID), the state, and iproute2's trailing space.
 * The kernel dumps its hash table; with a handful of entries that reads
 * newest first, as the oracle's router shows.
 */
export function renderNeighbours(host: Host, dev?: string): string[] {
  const lines: string[] = [];
  for (const e of host.neighbours.entries().reverse()) {
    if ((e.state as string) === 'NONE' || (dev !== undefined && e.dev !== dev)) continue;
    const valid = e.mac !== undefined && e.state !== 'INCOMPLETE' && e.state !== 'FAILED';
    lines.push(`${formatIpv4(e.ip)} dev ${e.dev} ${valid ? `lladdr ${formatMac(e.mac!)} ` : ''}${e.state} `);
  }
  return lines;
}
