import { formatIpv4 } from '../wire/ipv4-address.js';
import type { Kernel, Link } from './kernel.js';
import { type AddressFacts, addressFacts, addressText, displayName, linkFacts } from './render-ip-link.js';

/**
 * The other forms iproute2 6.1 prints a device in (ip/ipaddress.c):
 * -brief's one padded line (print_linkinfo_brief), -oneline's address
 * records, and -json's object, whose keys come in print_linkinfo's order
 * with its types (numbers as numbers), which scripts that read them rely on.
 */

/** `ip -br link` ("%-16s %-14s %s <FLAGS> ") and `ip -br addr` (the addresses instead of the MAC and flags). */
export function briefLine(kernel: Kernel, link: Link, withAddresses: boolean): string {
  const f = linkFacts(kernel, link);
  const head = `${displayName(f).padEnd(16)} ${f.operstate.padEnd(14)} `;
  if (withAddresses)
    return (
      head +
      addressFacts(kernel, link)
        .map((a) => `${cidrText(a)} `)
        .join('')
    );
  return `${head}${f.address} <${f.flags.join(',')}> `;
}

/** `ip -o addr`: one line per address, the device's index and name before it, `\` where print_addrinfo ends a line. */
export function onelineAddresses(kernel: Kernel, link: Link): string[] {
  return addressFacts(kernel, link).map((a) => `${link.ifindex}: ${link.name}${addressText(a).join('\\')}`);
}

/** `ip -j link` and `ip -j addr`: one device's object. */
export function linkJson(kernel: Kernel, link: Link, withAddresses: boolean): Record<string, unknown> {
  const f = linkFacts(kernel, link);
  const o: Record<string, unknown> = { ifindex: f.ifindex };
  if (f.peer) {
    if ('name' in f.peer) o.link = f.peer.name;
    else o.link_index = f.peer.ifindex;
  }
  Object.assign(o, { ifname: f.name, flags: f.flags, mtu: f.mtu, qdisc: f.qdisc });
  if (f.master) o.master = f.master;
  o.operstate = f.operstate;
  if (!withAddresses) o.linkmode = 'DEFAULT';
  Object.assign(o, { group: 'default', txqlen: 1000, link_type: f.linkType, address: f.address, broadcast: f.broadcast });
  if (f.peer && !('name' in f.peer)) o.link_netnsid = f.peer.netnsid;
  if (withAddresses) o.addr_info = addressFacts(kernel, link).map(addressJson);
  return o;
}

/** One of addr_info's objects: print_addrinfo's keys; a lifetime of forever is INFINITY_LIFE_TIME. */
function addressJson(a: AddressFacts): Record<string, unknown> {
  return {
    family: 'inet',
    local: formatIpv4(a.cidr.address),
    prefixlen: a.cidr.prefixLength,
    ...(a.broadcast !== undefined && { broadcast: a.broadcast }),
    scope: a.scope,
    ...(a.secondary && { secondary: true }),
    label: a.label,
    valid_life_time: 4294967295,
    preferred_life_time: 4294967295,
  };
}

function cidrText(a: AddressFacts): string {
  return `${formatIpv4(a.cidr.address)}/${a.cidr.prefixLength}`;
}
