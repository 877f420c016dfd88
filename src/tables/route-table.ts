// An IPv4 routing table as Linux keeps its main table: longest-prefix match
// (RFC 1812 5.2.4.3), then the lower metric, and the listing and messages of
// iproute2's `ip route`. Pure: no clock, no devices; what the kernel does to it
// when addresses and interfaces change is in fib.ts.

import type { Ipv4 } from '../wire/ipv4-address.js';
import { formatIpv4, prefixMask } from '../wire/ipv4-address.js';

export interface Route {
  destination: Ipv4;
  prefixLength: number;
  gateway?: Ipv4;
  device: string;
  /** Preferred source address (`src`), set for connected routes. */
  source?: Ipv4;
  kind: 'connected' | 'static';
  metric: number;
}

export interface RouteMatch {
  destination: Ipv4;
  prefixLength: number;
  gateway?: Ipv4;
  device?: string;
  /** As `ip route del ... metric N`; without it the lowest-metric match goes, as in Linux. */
  metric?: number;
}

const UINT32_LIMIT = 0x1_0000_0000;
/** MASKS[len] = prefixMask(len), computed once: lookup applies one per length in use. */
const MASKS: readonly number[] = Array.from({ length: 33 }, (_, len) => prefixMask(len));

function networkOf(a: Ipv4, prefixLength: number): Ipv4 {
  return (a & MASKS[prefixLength]!) >>> 0;
}

export class RouteTable {
  // One map per prefix length in use, network -> routes of that prefix
  // sorted by metric. A lookup probes at most one map per length in use,
  // longest first, so its cost is the number of distinct lengths, not of
  // routes. Made on first use: a host has two or three lengths, and a
  // topology of thousands of hosts should not carry 33 maps for each.
  private readonly byLength: Array<Map<Ipv4, Route[]> | undefined> = new Array(33).fill(undefined);
  /** Prefix lengths that have at least one route, longest first. */
  private lengthsInUse: number[] = [];
  private count = 0;
  /** Each device's routes, so that a device leaving does not scan (and sort) a table of thousands (issue 21). */
  private readonly byDevice = new Map<string, Set<Route>>();

  get size(): number {
    return this.count;
  }

  /**
   * Adds a copy of `route` (frozen, so what lookup returns cannot be edited
   * behind the table's back). Linux's fib_table_insert refuses a second route
   * with the same destination, prefix length and metric whatever its gateway
   * or device: `RTNETLINK answers: File exists`; with `append` (`ip route
   * append`, NLM_F_APPEND) it takes one after those, unless one of them has
   * the same nexthop (oracle I6-append). Throws RangeError for what the kernel
   * rejects as invalid, e.g. host bits set in the destination ("Invalid
   * prefix for given prefix length").
   */
  add(route: Route, append = false): 'ok' | 'exists' {
    const r = normalize(route);
    const bucketMap = (this.byLength[r.prefixLength] ??= new Map<Ipv4, Route[]>());
    let bucket = bucketMap.get(r.destination);
    if (bucket === undefined) {
      bucket = [];
      bucketMap.set(r.destination, bucket);
      if (bucketMap.size === 1) this.noteLengthUsed(r.prefixLength);
    } else if (bucket.some((b) => b.metric === r.metric && (!append || (b.gateway === r.gateway && b.device === r.device)))) {
      return 'exists';
    }
    let at = bucket.length;
    while (at > 0 && bucket[at - 1]!.metric > r.metric) at--;
    bucket.splice(at, 0, r);
    this.count++;
    let own = this.byDevice.get(r.device);
    if (own === undefined) this.byDevice.set(r.device, (own = new Set()));
    own.add(r);
    return 'ok';
  }

  /**
   * Deletes one route as `ip route del` does: the lowest-metric route of that
   * exact prefix that also matches every field given. Returns it, or undefined
   * when nothing matches (`RTNETLINK answers: No such process`).
   */
  remove(match: RouteMatch): Route | undefined {
    const bucket = this.byLength[match.prefixLength]?.get(match.destination);
    const i =
      bucket?.findIndex(
        (r) =>
          (match.gateway === undefined || r.gateway === match.gateway) &&
          (match.device === undefined || r.device === match.device) &&
          (match.metric === undefined || r.metric === match.metric),
      ) ?? -1;
    return i < 0 ? undefined : this.removeAt(match.prefixLength, match.destination, i);
  }

  /** Deletes the route equal to `route` in every field that names it (prefix, gateway, device, metric), as an RTM_DELROUTE of it states it. */
  removeExact(route: Route): Route | undefined {
    const bucket = this.byLength[route.prefixLength]?.get(route.destination);
    const i = bucket?.findIndex((r) => r.gateway === route.gateway && r.device === route.device && r.metric === route.metric) ?? -1;
    return i < 0 ? undefined : this.removeAt(route.prefixLength, route.destination, i);
  }

  /** Takes out the `i`th route of a prefix's bucket, and the bucket and length when they empty. */
  private removeAt(prefixLength: number, destination: Ipv4, i: number): Route {
    const bucketMap = this.byLength[prefixLength]!;
    const bucket = bucketMap.get(destination)!;
    const [removed] = bucket.splice(i, 1);
    this.count--;
    const own = this.byDevice.get(removed!.device)!;
    own.delete(removed!);
    if (own.size === 0) this.byDevice.delete(removed!.device);
    if (bucket.length === 0) {
      bucketMap.delete(destination);
      if (bucketMap.size === 0) {
        this.byLength[prefixLength] = undefined;
        this.lengthsInUse = this.lengthsInUse.filter((l) => l !== prefixLength);
      }
    }
    return removed!;
  }

  /**
   * Removes every route whose nexthop is `device`, as the kernel does when a
   * link goes down (fib_sync_down_dev). Returned in routes() order.
   */
  removeByDevice(device: string): Route[] {
    const gone = this.routesOf(device);
    for (const r of gone) this.removeExact(r);
    return gone;
  }

  /**
   * The device was renamed (dev_change_name): its routes stay, now listed
   * under the new name, since the kernel's nexthops hold the device itself.
   */
  renameDevice(from: string, to: string): void {
    const own = this.byDevice.get(from);
    if (own === undefined) return;
    this.byDevice.delete(from);
    const renamed = new Set<Route>();
    // In place: appended routes of one prefix and metric keep their order.
    for (const r of own) {
      const bucket = this.byLength[r.prefixLength]!.get(r.destination)!;
      const copy = normalize({ ...r, device: to });
      bucket[bucket.indexOf(r)] = copy;
      renamed.add(copy);
    }
    this.byDevice.set(to, renamed);
  }

  /**
   * Longest-prefix match (RFC 1812 5.2.4.3): the most specific prefix that
   * covers `dst` wins, and among routes of that prefix the lowest metric.
   * Of routes of the same prefix and metric (`ip route append`), the first
   * added, as fib_table_lookup takes the first alias. Undefined means
   * "Network is unreachable".
   */
  lookup(dst: Ipv4): Route | undefined {
    for (const len of this.lengthsInUse) {
      const bucket = this.byLength[len]!.get(networkOf(dst, len));
      if (bucket !== undefined) return bucket[0];
    }
    return undefined;
  }

  /**
   * Every route in the order `ip route show` prints the main table. The kernel
   * dumps its LC-trie in ascending key (destination) order, so 0.0.0.0/0 —
   * "default" — comes first; several prefixes sharing one destination hang
   * off one leaf longest first (fib_insert_alias keeps the leaf's aliases
   * sorted by ascending suffix length), and routes of one prefix by metric.
   * So: destination ascending, then prefix length descending, then metric.
   */
  routes(): Route[] {
    const out: Route[] = [];
    for (const len of this.lengthsInUse) {
      for (const bucket of this.byLength[len]!.values()) out.push(...bucket);
    }
    return out.sort(listingOrder);
  }

  /** The routes out of `device`, in routes() order. */
  routesOf(device: string): Route[] {
    return [...(this.byDevice.get(device) ?? [])].sort(listingOrder);
  }

  private noteLengthUsed(len: number): void {
    this.lengthsInUse.push(len);
    this.lengthsInUse.sort((a, b) => b - a);
  }
}

function listingOrder(a: Route, b: Route): number {
  return a.destination - b.destination || b.prefixLength - a.prefixLength || a.metric - b.metric;
}

/** Whether two routes are the same entry, field for field. */
export function sameRoute(a: Route, b: Route): boolean {
  return (
    a.destination === b.destination &&
    a.prefixLength === b.prefixLength &&
    a.gateway === b.gateway &&
    a.device === b.device &&
    a.source === b.source &&
    a.kind === b.kind &&
    a.metric === b.metric
  );
}

/**
 * One route in `ip route show` syntax, following iproute2's print_route:
 * destination ("default" for /0, a bare address for /32), via, dev, proto
 * (only for non-boot protocols: connected routes are "proto kernel", routes
 * added by `ip route add` are proto boot and print none), scope (only when not
 * global: connected routes and gateway-less static routes are "scope link"),
 * src, and metric only when non-zero (the kernel omits RTA_PRIORITY for 0).
 */
export function describeRoute(r: Route): string {
  const parts: string[] = [];
  if (r.prefixLength === 0) parts.push('default');
  else if (r.prefixLength === 32) parts.push(formatIpv4(r.destination));
  else parts.push(`${formatIpv4(r.destination)}/${r.prefixLength}`);
  if (r.gateway !== undefined) parts.push('via', formatIpv4(r.gateway));
  parts.push('dev', r.device);
  if (r.kind === 'connected') parts.push('proto', 'kernel');
  if (r.kind === 'connected' || r.gateway === undefined) parts.push('scope', 'link');
  if (r.source !== undefined) parts.push('src', formatIpv4(r.source));
  if (r.metric !== 0) parts.push('metric', String(r.metric));
  return parts.join(' ');
}

function normalize(route: Route): Route {
  const { destination, prefixLength, gateway, device, source, kind, metric } = route;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    throw new RangeError(`prefix length must be 0..32, got ${prefixLength}`);
  }
  checkAddress('destination', destination);
  if (networkOf(destination, prefixLength) !== destination) {
    throw new RangeError(`Invalid prefix for given prefix length: ${formatIpv4(destination)}/${prefixLength}`);
  }
  if (gateway !== undefined) checkAddress('gateway', gateway);
  if (source !== undefined) checkAddress('source', source);
  if (kind !== 'connected' && kind !== 'static') throw new RangeError(`unknown route kind ${String(kind)}`);
  if (kind === 'connected' && gateway !== undefined) {
    throw new RangeError('a connected route has no gateway: the destination is on the link');
  }
  if (typeof device !== 'string' || device.length === 0) throw new RangeError('a route needs a device');
  if (!Number.isInteger(metric) || metric < 0 || metric >= UINT32_LIMIT) {
    throw new RangeError(`metric must be a 32-bit unsigned integer, got ${metric}`);
  }
  const r: Route = { destination, prefixLength, device, kind, metric };
  if (gateway !== undefined) r.gateway = gateway;
  if (source !== undefined) r.source = source;
  return Object.freeze(r);
}

function checkAddress(what: string, a: number): void {
  if (!Number.isInteger(a) || a < 0 || a >= UINT32_LIMIT) {
    throw new RangeError(`${what} is not an IPv4 address (uint32): ${a}`);
  }
}
