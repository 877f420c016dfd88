import { broadcastOf, formatIpv4 } from '../wire/ipv4-address.js';
import { formatMac } from '../wire/mac.js';
import { isSecondary } from '../tables/address-list.js';
import type { Kernel, Link } from './kernel.js';
import type { LinkDetails } from './render-link-details.js';

/**
 * `ip link show` and `ip addr show` as iproute2 6.1 prints a device
 * (ip/ipaddress.c print_linkinfo, print_link_flags, print_addrinfo), from the
 * kernel's view of the namespace, with what -details adds (render-link-details.ts).
 * Lines keep iproute2's trailing spaces.
 */
export function renderLink(kernel: Kernel, link: Link, withAddresses: boolean, details?: LinkDetails): string[] {
  const up = kernel.isUp(link);
  const carrier = kernel.hasCarrier(link);
  let name = link.name;
  let peerDown = false;
  if (link.peer) {
    // IFLA_LINK: the peer by name in the same namespace, else its ifindex there (then no M-DOWN check).
    if (link.peer.ns === link.ns) {
      name += `@${link.peer.name}`;
      peerDown = !kernel.isUp(link.peer);
    } else name += `@if${link.peer.ifindex}`;
  }
  const parts = [
    `${link.ifindex}: ${name}: <${linkFlags(kernel, link, peerDown)}>`,
    `mtu ${link.kind === 'loopback' ? 65536 : (link.mtu ?? 1500)}`,
    `qdisc ${link.qdisc}`,
  ];
  if (link.master) parts.push(`master ${link.master.name}`);
  parts.push(`state ${operstate(kernel, link, up, carrier)}`);
  if (!withAddresses) parts.push('mode DEFAULT');
  parts.push('group default', 'qlen 1000');
  const lines = [parts.join(' ')];
  lines.push(`    ${linkLayer(kernel, link)}${details?.layerTail ?? ''}`);
  if (details) lines.push(...details.lines);
  if (withAddresses) lines.push(...addressLines(kernel, link));
  return lines;
}

/** print_link_flags: NO-CARRIER first when up without carrier, the IFF_ names, M-DOWN when a same-namespace peer is down. */
export function linkFlags(kernel: Kernel, link: Link, peerDown: boolean): string {
  const up = kernel.isUp(link);
  const carrier = kernel.hasCarrier(link);
  const names: string[] = [];
  if (up && !carrier) names.push('NO-CARRIER');
  names.push(...(link.kind === 'loopback' ? ['LOOPBACK'] : ['BROADCAST', 'MULTICAST']));
  if (up) names.push('UP');
  if (up && carrier) names.push('LOWER_UP');
  if (peerDown) names.push('M-DOWN');
  return names.join(',');
}

/**
 * RFC 2863 operational state as the kernel reports it: lo is UNKNOWN when up.
 * A device up without carrier is LOWERLAYERDOWN only when its lower device
 * lacks carrier too, as 6.18's default_operstate (net/core/link_watch.c,
 * since 6.13) decides it: a veth's iflink is its peer's ifindex, looked up in
 * the veth's own namespace, so a peer in another namespace counts only
 * through whichever device has that number here (oracle A1-addresses).
 */
function operstate(kernel: Kernel, link: Link, up: boolean, carrier: boolean): string {
  if (!up) return 'DOWN';
  if (link.kind === 'loopback') return 'UNKNOWN';
  if (carrier) return 'UP';
  const iflink = link.peer?.ifindex ?? link.ifindex;
  if (iflink === link.ifindex) return 'DOWN';
  const lower = link.ns.byIndex.get(iflink);
  return !lower || kernel.hasCarrier(lower) ? 'DOWN' : 'LOWERLAYERDOWN';
}

function linkLayer(kernel: Kernel, link: Link): string {
  if (link.kind === 'loopback') return 'link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  let s = `link/ether ${formatMac(link.mac)} brd ff:ff:ff:ff:ff:ff`;
  const peer = link.peer;
  if (peer && peer.ns !== link.ns) {
    // IFLA_LINK_NETNSID, shown by name when the peer's namespace has one (get_name_from_nsid).
    s += peer.ns.named ? ` link-netns ${peer.ns.name}` : ` link-netnsid ${kernel.nsid(link.ns, peer.ns)}`;
  }
  return s;
}

/** print_addrinfo for each IPv4 address: loopback's 127.0.0.1/8 once lo has been up, scope host. */
function addressLines(kernel: Kernel, link: Link): string[] {
  const lines: string[] = [];
  const lifetime = '       valid_lft forever preferred_lft forever';
  if (link.kind === 'loopback') {
    // inetdev gives lo its address the first time it comes up, and keeps it.
    if (link.qdisc === 'noqueue') lines.push('    inet 127.0.0.1/8 scope host lo', lifetime);
    return lines;
  }
  const addresses = kernel.addresses(link);
  addresses.forEach((a, i) => {
    const brd = link.broadcast.has(a.address) ? ` brd ${formatIpv4(broadcastOf(a.address, a.prefixLength))}` : '';
    const secondary = isSecondary(addresses, i) ? 'secondary ' : '';
    lines.push(`    inet ${formatIpv4(a.address)}/${a.prefixLength}${brd} scope global ${secondary}${link.name}`, lifetime);
  });
  return lines;
}
