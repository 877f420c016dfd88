import { formatMac } from '../wire/mac.js';
import { linkFlags } from './render-ip-link.js';
import type { Bridges } from './bridges.js';
import type { Kernel, Link, Namespace } from './kernel.js';

/**
 * The multicast addresses on a device's own list once it is up, which
 * `bridge fdb show` prints as `self permanent` (ndo_dflt_fdb_dump): every
 * interface joins 224.0.0.1 and ff02::1; a bridge also joins the snoopers'
 * groups 224.0.0.106 and ff02::6a. The oracle shows them even with IPv6 off.
 */
const PORT_GROUPS = ['33:33:00:00:00:01', '01:00:5e:00:00:01'];
const BRIDGE_GROUPS = ['33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01'];

export interface FdbFilter {
  bridge?: Link;
  dev?: Link;
  /** Only learned entries (`dynamic`). */
  dynamic?: boolean;
}

/**
 * `bridge fdb show [br BR] [dev DEV] [dynamic]` (rtnl_fdb_dump, bridge/fdb.c
 * print_fdb): per device in ifindex order, a port's entries in the bridge's
 * table (learned ones newest first, then its own address, permanent), then
 * the device's own multicast list.
 */
export function renderFdb(kernel: Kernel, bridges: Bridges, ns: Namespace, filter: FdbFilter): string[] {
  const lines: string[] = [];
  for (const link of [...ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (filter.dev && link !== filter.dev) continue;
    if (filter.bridge && link !== filter.bridge && link.master !== filter.bridge) continue;
    if (link.kind === 'loopback') continue;
    const up = kernel.isUp(link);
    if (link.bridge) {
      if (!filter.dynamic && up) for (const g of BRIDGE_GROUPS) lines.push(`${g} dev ${link.name} self permanent`);
      const own = link.bridge.ports.some((p) => p.mac === link.mac);
      if (!filter.dynamic && !own) lines.push(`${formatMac(link.mac)} dev ${link.name} master ${link.name} permanent`);
      continue;
    }
    if (link.master) {
      const br = link.master.name;
      for (const e of bridges.learned(link.master))
        if (e.port === link.name) lines.push(`${formatMac(e.mac)} dev ${link.name} master ${br} `);
      if (!filter.dynamic) lines.push(`${formatMac(link.mac)} dev ${link.name} master ${br} permanent`);
    }
    if (!filter.dynamic && up) for (const g of PORT_GROUPS) lines.push(`${g} dev ${link.name} self permanent`);
  }
  return lines;
}

/**
 * `bridge link show` (bridge/link.c): each bridge port with its STP state,
 * port priority (32 by default) and path cost (2 for a 10 Gb/s veth). The `@peer` comes from
 * print_name_and_link, which looks a peer in another namespace up by its
 * ifindex in this one (ll_idx_n2a) — so the oracle's ports read `p1@br0`.
 */
export function renderBridgeLinks(kernel: Kernel, bridges: Bridges, ns: Namespace): string[] {
  const lines: string[] = [];
  for (const port of [...ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (!port.master) continue;
    let name = port.name;
    let peerDown = false;
    if (port.peer) {
      if (port.peer.ns === ns) {
        name += `@${port.peer.name}`;
        peerDown = !kernel.isUp(port.peer);
      } else name += `@${ns.byIndex.get(port.peer.ifindex)?.name ?? `if${port.peer.ifindex}`}`;
    }
    const stp = bridges.stpPort(port);
    lines.push(
      `${port.ifindex}: ${name}: <${linkFlags(kernel, port, peerDown)}> mtu 1500 master ${port.master.name} state ${stp.state} priority ${stp.priority} cost ${stp.cost} `,
    );
  }
  return lines;
}
