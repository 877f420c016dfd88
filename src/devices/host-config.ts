/**
 * A namespace's configuration changing: every change of its addresses,
 * routes, neighbour entries and forwarding is made here, on the stack's
 * tables (tables/fib.ts says what the FIB does in consequence), and
 * announced as a `config` event per change, as the kernel announces each on
 * rtnetlink, with the line `ip monitor` prints as its why. What a recording
 * says about a namespace's configuration is these events: the fold applies
 * them and holds no copy of this logic.
 */
import type { ConfigChange } from '../events/config-change.js';
import { insertionIndex, isSecondary, secondariesOf } from '../tables/address-list.js';
import { addConnected, rebuildDevice, removeDevice, type RouteChange } from '../tables/fib.js';
import { routeFact } from '../tables/route-fact.js';
import { describeRoute, type Route, type RouteMatch } from '../tables/route-table.js';
import { type Cidr, formatCidr, formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import { formatMac, type Mac } from '../wire/mac.js';
import type { HostStack } from './host-stack.js';
import type { NetInterface } from './net-interface.js';

/** One change, as a `config` event caused by `cause`. */
function announce(host: HostStack, port: string | undefined, config: ConfigChange, why: string, cause: number): void {
  host.ctx.emit({ kind: 'config', node: host.name, ...(port !== undefined && { port }), cause, config, why });
}

/**
 * The address `a` at `index` of `list` (in the list as it is with `a`): `at`, where a new address
 * went, is stated only when that is not last (a primary before secondaries).
 */
function announceAddress(
  host: HostStack,
  dev: string,
  change: 'newaddr' | 'deladdr',
  list: readonly Cidr[],
  index: number,
  cause: number,
  at?: number,
): void {
  const a = list[index]!;
  // print_addrinfo's line, without the interface index: "inet 10.0.0.1/24 scope global [secondary ]eth0".
  const line = `inet ${formatCidr(a)} scope global ${isSecondary(list, index) ? 'secondary ' : ''}${dev}`;
  const config = { change, address: formatCidr(a), ...(at !== undefined && { at }) };
  announce(host, dev, config, change === 'newaddr' ? line : `Deleted ${line}`, cause);
}

function announceRoutes(host: HostStack, changes: readonly RouteChange[], cause: number): void {
  for (const { op, route } of changes) {
    // print_route's line, as `ip route show` lists the route; "Deleted " before a deletion.
    const line = describeRoute(route);
    announce(
      host,
      route.device,
      { change: op === 'add' ? 'newroute' : 'delroute', ...routeFact(route) },
      op === 'add' ? line : `Deleted ${line}`,
      cause,
    );
  }
}

const added = (route: Route): RouteChange => ({ op: 'add', route });
const removed = (route: Route): RouteChange => ({ op: 'del', route });

/**
 * `ip addr add`: the address, in the list where the kernel puts it (a primary
 * before the secondaries: address-list.ts), and its connected route while the
 * interface is up (fib_add_ifaddr; a secondary's network has one already).
 */
export function addAddress(host: HostStack, iface: NetInterface, a: Cidr, cause: number): void {
  const at = insertionIndex(iface.addresses, a);
  iface.addresses.splice(at, 0, a);
  announceAddress(host, iface.name, 'newaddr', iface.addresses, at, cause, at < iface.addresses.length - 1 ? at : undefined);
  if (iface.up) announceRoutes(host, addConnected(host.routes, iface.name, [a]).map(added), cause);
}

/**
 * `ip addr del`: the address goes, a primary with its secondaries first
 * (promote_secondaries=0: __inet_del_ifa announces each secondary's deletion,
 * then the primary's), and the interface's routes are rebuilt without them.
 */
export function removeAddress(host: HostStack, iface: NetInterface, index: number, cause: number): void {
  const gone = [...secondariesOf(iface.addresses, index), iface.addresses[index]!];
  for (const b of gone) {
    const i = iface.addresses.indexOf(b);
    announceAddress(host, iface.name, 'deladdr', iface.addresses, i, cause);
    iface.addresses.splice(i, 1);
  }
  announceRoutes(host, rebuildDevice(host.routes, iface.name, iface.addresses, iface.up), cause);
}

/** `ip route add`: 'exists' when the table has a route of that prefix and metric already (and nothing changes). */
export function addRoute(host: HostStack, route: Route, cause: number, append = false): 'ok' | 'exists' {
  const result = host.routes.add(route, append);
  if (result === 'ok') announceRoutes(host, [added(route)], cause);
  return result;
}

/** `ip route del`: the route removed, or undefined when none matches. */
export function removeRoute(host: HostStack, match: RouteMatch, cause: number): Route | undefined {
  const gone = host.routes.remove(match);
  if (gone) announceRoutes(host, [removed(gone)], cause);
  return gone;
}

/** An interface came up: its addresses' connected routes come back (fib_add_ifaddr on NETDEV_UP). */
export function interfaceUp(host: HostStack, iface: NetInterface, cause: number): void {
  announceRoutes(host, addConnected(host.routes, iface.name, iface.addresses).map(added), cause);
}

/**
 * An interface went down or left the namespace: its routes go (fib_disable_ip),
 * and its neighbour entries (neigh_ifdown).
 */
export function interfaceDown(host: HostStack, iface: NetInterface, cause: number): void {
  announceRoutes(host, removeDevice(host.routes, iface.name).map(removed), cause);
  host.pathMtus.forgetDevice(iface.name);
  flushNeighbours(host, iface.name, cause);
}

/**
 * `ip neigh flush dev X` (`dev`), or `ip neigh flush all`, which keeps permanent entries; with
 * `carrierLost`, X lost its carrier and linkwatch told the stack (neigh_carrier_down keeps permanent ones).
 */
export function flushNeighbours(host: HostStack, dev: string | undefined, cause: number, carrierLost = false): void {
  const gone = dev === undefined ? host.neighbours.flush() : host.neighbours.flushDevice(dev, carrierLost);
  for (const e of gone) {
    // An entry still being made (NONE) was never shown, nor announced.
    if ((e.state as string) !== 'NONE') announceNeighbourGone(host, e, cause);
  }
}

function announceNeighbourGone(host: HostStack, e: { ip: Ipv4; dev: string; mac: Mac | undefined; state: string }, cause: number): void {
  const ip = formatIpv4(e.ip);
  const lladdr = e.mac === undefined ? '' : ` lladdr ${formatMac(e.mac)}`;
  announce(host, e.dev, { change: 'delneigh', ip }, `Deleted ${ip} dev ${e.dev}${lladdr} ${e.state}`, cause);
}

/** `ip neigh del`: the entry goes, announced as a flush's are; false when there was none (ENOENT). */
export function deleteNeighbour(host: HostStack, dev: string, ip: Ipv4, cause: number): boolean {
  const e = host.neighbours.remove(dev, ip);
  if (!e) return false;
  if ((e.state as string) !== 'NONE') announceNeighbourGone(host, e, cause);
  return true;
}

/**
 * An interface arrived in the namespace (made, moved in, released by a
 * bridge): the interface, the addresses it brings, and while it is up their
 * connected routes.
 */
export function interfaceAdded(host: HostStack, iface: NetInterface, cause: number): void {
  const mac = formatMac(iface.mac);
  announce(host, iface.name, { change: 'newlink', mac, up: iface.up }, `${linkLine(iface)} link/ether ${mac}`, cause);
  for (let i = 0; i < iface.addresses.length; i++) announceAddress(host, iface.name, 'newaddr', iface.addresses, i, cause);
  if (iface.up) interfaceUp(host, iface, cause);
}

/** An interface left the namespace (deleted, moved away, enslaved): its routes and neighbours go, then it. */
export function interfaceRemoved(host: HostStack, iface: NetInterface, cause: number): void {
  interfaceDown(host, iface, cause);
  const mac = formatMac(iface.mac);
  announce(host, iface.name, { change: 'dellink' }, `Deleted ${linkLine(iface)} link/ether ${mac}`, cause);
}

/**
 * The interface was renamed: the tables that name it follow (the kernel's
 * hold the device itself), announced as RTM_NEWLINK under the new name.
 */
export function interfaceRenamed(host: HostStack, from: string, iface: NetInterface, cause: number): void {
  host.routes.renameDevice(from, iface.name);
  host.neighbours.renameDevice(from, iface.name);
  host.pathMtus.renameDevice(from, iface.name);
  const mac = formatMac(iface.mac);
  announce(host, from, { change: 'rename', to: iface.name }, `${linkLine(iface)} link/ether ${mac}`, cause);
}

/** `ip link set X mtu N`: the stack sends by the new MTU; announced as RTM_NEWLINK with it. */
export function interfaceMtu(host: HostStack, iface: NetInterface, mtu: number, cause: number): void {
  iface.mtu = mtu;
  const mac = formatMac(iface.mac);
  announce(host, iface.name, { change: 'newlink', mac, up: iface.up, mtu }, `${linkLine(iface)} link/ether ${mac}`, cause);
}

/**
 * The stack heard that an up interface lost or regained its carrier (linkwatch's
 * NETDEV_CHANGE): announced as RTM_NEWLINK with the flags `ip monitor` prints then,
 * NO-CARRIER or LOWER_UP (oracle C1-carrier: `<NO-CARRIER,BROADCAST,MULTICAST,UP>`
 * after the neighbours are deleted, `<BROADCAST,MULTICAST,UP,LOWER_UP>` when it is back).
 */
export function interfaceCarrier(host: HostStack, iface: NetInterface, carrier: boolean, cause: number): void {
  const mac = formatMac(iface.mac);
  const flags = carrier ? 'BROADCAST,MULTICAST,UP,LOWER_UP' : 'NO-CARRIER,BROADCAST,MULTICAST,UP';
  announce(
    host,
    iface.name,
    { change: 'newlink', mac, up: true, carrier },
    `${iface.name}: <${flags}> mtu ${iface.mtu} link/ether ${mac}`,
    cause,
  );
}

/** print_linkinfo's first words, without the interface index: "veth0: <BROADCAST,MULTICAST,UP> mtu 1500". */
function linkLine(iface: NetInterface): string {
  return `${iface.name}: <BROADCAST,MULTICAST${iface.up ? ',UP' : ''}> mtu ${iface.mtu}`;
}

/** `sysctl -w net.ipv4.ip_forward=N`: announced when it changes (RTM_NEWNETCONF). */
export function setForwarding(host: HostStack, on: boolean, cause: number): void {
  if (host.ipForward === on) return;
  host.ipForward = on;
  announce(host, undefined, { change: 'forwarding', on }, `ipv4 all forwarding ${on ? 'on' : 'off'}`, cause);
}
