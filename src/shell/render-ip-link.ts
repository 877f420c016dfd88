import { broadcastOf, formatIpv4, type Cidr } from '../wire/ipv4-address.js';
import { formatMac } from '../wire/mac.js';
import { isSecondary } from '../tables/address-list.js';
import type { Kernel, Link } from './kernel.js';
import type { LinkDetails } from './render-link-details.js';

/**
 * What iproute2 6.1 prints of a device (ip/ipaddress.c print_linkinfo), as
 * the kernel reports it in the namespace: the text of `ip link`/`ip addr`
 * here, and the brief, one-line and JSON forms from the same facts
 * (render-ip-forms.ts).
 */
export interface LinkFacts {
  ifindex: number;
  name: string;
  /** IFLA_LINK: the peer by name in the same namespace (`@eth1`), else by its ifindex there (`@if2`) with the peer namespace's id. */
  peer?: { name: string } | { ifindex: number; netnsid: number; netns?: string };
  flags: string[];
  mtu: number;
  qdisc: string;
  master?: string;
  operstate: string;
  linkType: 'loopback' | 'ether';
  address: string;
  broadcast: string;
}

export function linkFacts(kernel: Kernel, link: Link): LinkFacts {
  const up = kernel.isUp(link);
  let peerDown = false;
  let peer: LinkFacts['peer'];
  if (link.peer) {
    if (link.peer.ns === link.ns) {
      peer = { name: link.peer.name };
      peerDown = !kernel.isUp(link.peer);
    } else {
      // IFLA_LINK_NETNSID, shown by name when the peer's namespace has one (get_name_from_nsid).
      const ns = link.peer.ns;
      peer = { ifindex: link.peer.ifindex, netnsid: kernel.nsid(link.ns, ns), ...(ns.named && { netns: ns.name }) };
    }
  }
  const loopback = link.kind === 'loopback';
  return {
    ifindex: link.ifindex,
    name: link.name,
    ...(peer && { peer }),
    flags: linkFlags(kernel, link, peerDown).split(','),
    mtu: mtuOf(link),
    qdisc: link.qdisc,
    ...(link.master && { master: link.master.name }),
    operstate: operstate(kernel, link, up, kernel.hasCarrier(link)),
    linkType: loopback ? 'loopback' : 'ether',
    address: loopback ? '00:00:00:00:00:00' : formatMac(link.mac),
    broadcast: loopback ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff',
  };
}

/** The device's MTU: what `ip link set X mtu N` set, else lo's 65536 or Ethernet's 1500. */
export function mtuOf(link: Link): number {
  return link.mtu ?? (link.kind === 'loopback' ? 65536 : 1500);
}

/** `eth0@if2`, `v1@v2`, `lo`. */
export function displayName(f: LinkFacts): string {
  if (!f.peer) return f.name;
  return 'name' in f.peer ? `${f.name}@${f.peer.name}` : `${f.name}@if${f.peer.ifindex}`;
}

/** ` link-netns NS` (or ` link-netnsid N`) for a peer in another namespace. */
function linkNetns(f: LinkFacts): string {
  if (!f.peer || 'name' in f.peer) return '';
  return f.peer.netns !== undefined ? ` link-netns ${f.peer.netns}` : ` link-netnsid ${f.peer.netnsid}`;
}

/**
 * `ip link show` and `ip addr show` (print_linkinfo, print_addrinfo), with
 * what -details adds (render-link-details.ts). With `inetOnly` (`ip -4 addr`)
 * there is no link-layer line and link-netns ends the first. Lines keep
 * iproute2's trailing spaces.
 */
export function renderLink(kernel: Kernel, link: Link, withAddresses: boolean, details?: LinkDetails, inetOnly = false): string[] {
  const f = linkFacts(kernel, link);
  const parts = [`${f.ifindex}: ${displayName(f)}: <${f.flags.join(',')}>`, `mtu ${f.mtu}`, `qdisc ${f.qdisc}`];
  if (f.master) parts.push(`master ${f.master}`);
  parts.push(`state ${f.operstate}`);
  if (!withAddresses) parts.push('mode DEFAULT');
  parts.push('group default', 'qlen 1000');
  if (inetOnly) return [`${parts.join(' ')}${linkNetns(f)}`, ...addressLines(kernel, link)];
  const lines = [parts.join(' ')];
  lines.push(`    link/${f.linkType} ${f.address} brd ${f.broadcast}${linkNetns(f)}${details?.layerTail ?? ''}`);
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

/** An IPv4 address of a device as print_addrinfo states it. */
export interface AddressFacts {
  cidr: Cidr;
  broadcast?: string;
  scope: 'host' | 'global';
  /** IFA_F_SECONDARY: in the network of an address listed before it (address-list.ts). */
  secondary?: boolean;
  label: string;
}

/** The device's IPv4 addresses: loopback's 127.0.0.1/8 once lo has been up (inetdev gives it then, and keeps it), scope host. */
export function addressFacts(kernel: Kernel, link: Link): AddressFacts[] {
  if (link.kind === 'loopback') {
    return link.qdisc === 'noqueue' ? [{ cidr: { address: 0x7f000001, prefixLength: 8 }, scope: 'host', label: 'lo' }] : [];
  }
  const addresses = kernel.addresses(link);
  return addresses.map((a, i) => ({
    cidr: a,
    ...(link.broadcast.has(a.address) && { broadcast: formatIpv4(broadcastOf(a.address, a.prefixLength)) }),
    scope: 'global',
    ...(isSecondary(addresses, i) && { secondary: true }),
    label: link.name,
  }));
}

/** print_addrinfo's two lines for one address. */
export function addressText(a: AddressFacts): [string, string] {
  const brd = a.broadcast !== undefined ? ` brd ${a.broadcast}` : '';
  return [
    `    inet ${formatIpv4(a.cidr.address)}/${a.cidr.prefixLength}${brd} scope ${a.scope} ${a.secondary ? 'secondary ' : ''}${a.label}`,
    '       valid_lft forever preferred_lft forever',
  ];
}

function addressLines(kernel: Kernel, link: Link): string[] {
  return addressFacts(kernel, link).flatMap(addressText);
}
