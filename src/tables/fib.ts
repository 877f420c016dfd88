// What the kernel's FIB does to the main table when an interface's addresses
// or state change (net/ipv4/fib_frontend.c): the connected route an address
// gives (fib_add_ifaddr), the routes that go when an interface goes down or
// away (fib_disable_ip, fib_sync_down_dev), and the gateway check of `ip route
// add ... via` (fib_check_nh). Pure, like the table: each function changes the
// RouteTable it is given and returns what changed, as rtnetlink announces it
// (RTM_NEWROUTE, RTM_DELROUTE), for the owner to announce in turn. The host
// stack applies them to its table; the fold of an old recording to its copy.

import type { Cidr, Ipv4 } from '../wire/ipv4-address.js';
import { networkOf } from '../wire/ipv4-address.js';
import { type Route, type RouteTable, sameRoute } from './route-table.js';

/** One change of the table: a route that appeared, or one that went. */
export interface RouteChange {
  op: 'add' | 'del';
  route: Route;
}

/** The static routes a namespace is given: `ip route add PREFIX [via GW] [dev DEV]`. */
export interface StaticRouteRequest {
  destination: Ipv4;
  prefixLength: number;
  via?: Ipv4;
  dev?: string;
  metric?: number;
}

/** The connected route an address gives its interface (fib_add_ifaddr): its network, on the link, from the address. */
export function connectedRoute(device: string, a: Cidr): Route {
  return {
    destination: networkOf(a.address, a.prefixLength),
    prefixLength: a.prefixLength,
    device,
    source: a.address,
    kind: 'connected',
    metric: 0,
  };
}

/**
 * The interface a gateway is directly reachable through (fib_check_nh): the
 * device of the route that covers it, if that route has no gateway of its
 * own. Undefined: "Nexthop has invalid gateway".
 */
export function deviceForGateway(routes: RouteTable, gateway: Ipv4): string | undefined {
  const r = routes.lookup(gateway);
  return r && r.gateway === undefined ? r.device : undefined;
}

/**
 * The static route a request describes: out of `dev`, or out of the
 * interface its gateway is reached through. Undefined when neither is known.
 */
export function staticRoute(routes: RouteTable, request: StaticRouteRequest): Route | undefined {
  const device = request.dev ?? (request.via !== undefined ? deviceForGateway(routes, request.via) : undefined);
  if (device === undefined) return undefined;
  const r: Route = {
    destination: request.destination,
    prefixLength: request.prefixLength,
    device,
    kind: 'static',
    metric: request.metric ?? 0,
  };
  if (request.via !== undefined) r.gateway = request.via;
  return r;
}

/**
 * Connected routes for `addresses` of an interface that is up, in order; an
 * address whose network already has a route (a second address in the same
 * prefix) adds none, as fib_add_ifaddr's insert answers EEXIST.
 */
export function addConnected(routes: RouteTable, device: string, addresses: readonly Cidr[]): Route[] {
  const added: Route[] = [];
  for (const a of addresses) {
    const r = connectedRoute(device, a);
    if (routes.add(r) === 'ok') added.push(r);
  }
  return added;
}

/** An interface went down or left the namespace: every route through it goes (fib_disable_ip). */
export function removeDevice(routes: RouteTable, device: string): Route[] {
  return routes.removeByDevice(device);
}

/**
 * An interface lost an address. hoplab rebuilds the interface's routes:
 * static ones stay, connected ones follow the addresses it still has (while
 * it is up). Returns the difference, deletions first, so that applying the
 * changes in order to a copy of the table gives the same table.
 */
export function rebuildDevice(routes: RouteTable, device: string, addresses: readonly Cidr[], up: boolean): RouteChange[] {
  const before = routes.removeByDevice(device);
  for (const r of before) if (r.kind !== 'connected') routes.add(r);
  if (up) addConnected(routes, device, addresses);
  const after = routes.routesOf(device);
  const changes: RouteChange[] = [];
  for (const r of before) if (!after.some((a) => sameRoute(a, r))) changes.push({ op: 'del', route: r });
  for (const r of after) if (!before.some((b) => sameRoute(b, r))) changes.push({ op: 'add', route: r });
  return changes;
}

/**
 * The table a namespace starts with: a connected route for each address of
 * each interface that is up, then the static routes in order (one whose
 * gateway no route reaches is left out, as `ip route add` would refuse it).
 */
export function bootRoutes(
  routes: RouteTable,
  interfaces: ReadonlyArray<{ name: string; addresses: readonly Cidr[]; up: boolean }>,
  statics: readonly StaticRouteRequest[],
): void {
  for (const i of interfaces) if (i.up) addConnected(routes, i.name, i.addresses);
  for (const request of statics) {
    const r = staticRoute(routes, request);
    if (r) routes.add(r);
  }
}
