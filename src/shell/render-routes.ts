import type { Host } from '../devices/host.js';
import type { PathMtuEntry } from '../tables/path-mtu-cache.js';
import { describeRoute, type Route } from '../tables/route-table.js';
import { formatIpv4, prefixMask, type Ipv4 } from '../wire/ipv4-address.js';

/**
 * A namespace's main routing table as `ip route show` (iproute2 6.1
 * print_route: describeRoute's fields, then `linkdown` when the route's
 * device has no carrier, each followed by a space) and as net-tools' `route`
 * prints /proc/net/route.
 */
export function renderIpRoutes(host: Host, hasCarrier: (dev: string) => boolean, details = false): string[] {
  return host.routes.routes().map((r) => `${details ? detailedRoute(r) : describeRoute(r)} ${hasCarrier(r.device) ? '' : 'linkdown '}`);
}

/**
 * `ip -d route show`: the type first (`unicast`), and the protocol and scope
 * even where print_route leaves them out by default (proto boot, scope global).
 */
function detailedRoute(r: Route): string {
  const parts = ['unicast', destinationText(r)];
  if (r.gateway !== undefined) parts.push('via', formatIpv4(r.gateway));
  parts.push('dev', r.device, 'proto', r.kind === 'connected' ? 'kernel' : 'boot');
  parts.push('scope', r.kind === 'connected' || r.gateway === undefined ? 'link' : 'global');
  if (r.source !== undefined) parts.push('src', formatIpv4(r.source));
  if (r.metric !== 0) parts.push('metric', String(r.metric));
  return parts.join(' ');
}

function destinationText(r: Route): string {
  if (r.prefixLength === 0) return 'default';
  return r.prefixLength === 32 ? formatIpv4(r.destination) : `${formatIpv4(r.destination)}/${r.prefixLength}`;
}

/**
 * `ip -j route show`: print_route's keys in its order (dst, gateway, dev,
 * protocol unless boot, scope unless global, prefsrc, metric, flags), with
 * `linkdown` among the flags.
 */
export function routeJson(host: Host, hasCarrier: (dev: string) => boolean): Array<Record<string, unknown>> {
  return host.routes.routes().map((r) => ({
    dst: destinationText(r),
    ...(r.gateway !== undefined && { gateway: formatIpv4(r.gateway) }),
    dev: r.device,
    ...(r.kind === 'connected' && { protocol: 'kernel' }),
    ...((r.kind === 'connected' || r.gateway === undefined) && { scope: 'link' }),
    ...(r.source !== undefined && { prefsrc: formatIpv4(r.source) }),
    ...(r.metric !== 0 && { metric: r.metric }),
    flags: hasCarrier(r.device) ? [] : ['linkdown'],
  }));
}

const ROUTE_HEADER = 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface';

/**
 * `route [-n]` (net-tools lib/inet_gr.c rprint_fib): "%-15s %-15s %-15s %-5s
 * %-6d %-2d %7d %s". Without -n the destination 0.0.0.0 reads "default" and
 * names come from /etc/hosts (only localhost is known in a namespace); the
 * gateway 0.0.0.0 stays numeric.
 */
export function renderNetToolsRoutes(host: Host, numeric: boolean): string[] {
  const lines = ['Kernel IP routing table', ROUTE_HEADER];
  for (const r of host.routes.routes()) {
    const destination = !numeric && r.prefixLength === 0 ? 'default' : nameOf(r.destination, numeric);
    const gateway = r.gateway === undefined ? '0.0.0.0' : nameOf(r.gateway, numeric);
    const flags = `U${r.gateway !== undefined ? 'G' : ''}${r.prefixLength === 32 ? 'H' : ''}`;
    lines.push(
      `${pad(destination, 15)} ${pad(gateway, 15)} ${pad(formatIpv4(prefixMask(r.prefixLength)), 15)} ${pad(flags, 5)} ${pad(String(r.metric), 6)} ${pad('0', 2)} ${'0'.padStart(7)} ${r.device}`,
    );
  }
  return lines;
}

function nameOf(a: Ipv4, numeric: boolean): string {
  return !numeric && a === 0x7f000001 ? 'localhost' : formatIpv4(a);
}

function pad(s: string, width: number): string {
  return s.padEnd(width);
}

/**
 * `ip route get ADDR` as root (uid 0): the route a packet from this namespace
 * would take and its source, then the `cache` line; local destinations go by
 * lo from the local table. Undefined when the kernel answers "Network is unreachable".
 */
export function renderRouteGet(host: Host, dst: Ipv4): string[] | undefined {
  const path = host.routeTo(dst);
  if (!path) return undefined;
  const to = formatIpv4(dst);
  if (path.local) {
    // A local destination is its own preferred source; 6.18 names no table (oracle L1-lo-down).
    return [`local ${to} dev lo src ${to} uid 0 `, '    cache <local> '];
  }
  const route = path.route as Route;
  const via = route.gateway !== undefined ? `via ${formatIpv4(route.gateway)} ` : '';
  const learnt = host.pathMtus.lookup(dst, { device: route.device, gateway: route.gateway }, host.ctx.now);
  return [`${to} ${via}dev ${route.device} src ${formatIpv4(host.sourceFor(route, dst))} uid 0 `, cacheLine(learnt, host.ctx.now)];
}

/**
 * `ip route show cache`: the next-hop exceptions, the learnt path MTUs
 * (fib_dump_info_fnhe, which dumps them as RTM_F_CLONED routes), each as
 * print_route prints a cached route.
 */
export function renderRouteCache(host: Host): string[] {
  return host.pathMtus.entries(host.ctx.now).flatMap((e) => {
    const via = e.gateway !== undefined ? `via ${formatIpv4(e.gateway)} ` : '';
    return [`${formatIpv4(e.dst)} ${via}dev ${e.device} `, cacheLine(e, host.ctx.now)];
  });
}

/**
 * The `cache` line (print_cache_flags, then RTA_CACHEINFO and the metrics):
 * rt_fill_info reports a learnt MTU with the jiffies left until it expires,
 * which iproute2 prints as whole seconds of USER_HZ ticks ("expires 597sec"),
 * and `lock` when it was raised to min_pmtu (RTAX_MTU locked).
 */
function cacheLine(learnt: PathMtuEntry | undefined, now: number): string {
  const ticks = learnt ? Math.floor((learnt.expiresAt - now) / USER_HZ_TICK_NS) : 0;
  if (!learnt || ticks <= 0) return '    cache ';
  return `    cache expires ${Math.floor(ticks / 100)}sec mtu ${learnt.locked ? 'lock ' : ''}${learnt.mtu} `;
}

/** A clock_t tick (USER_HZ = 100), in ns. */
const USER_HZ_TICK_NS = 1e7;
