import type { Command } from '../topology/command.js';
import { CommandSyntaxError, parseCommand } from '../topology/command-parser.js';
import { networkOf, tryParseIpv4 } from '../wire/ipv4-address.js';
import { flushNeighbours } from '../devices/host-config.js';
import { deviceForGateway } from '../tables/fib.js';
import { renderNeighbours } from './render-neigh.js';
import { renderIpRoutes, renderRouteCache, renderRouteGet } from './render-routes.js';
import { rtnetlink } from './ip-link.js';
import { device, matches, unsupported, type Shell } from './shell.js';

/** `ip route show [cache]|add|del|get` (iproute2 6.1 ip/iproute.c) on the namespace's main table and its cache. */
export function ipRoute(sh: Shell, args: string[]): number {
  const [sub, ...rest] = args;
  const host = sh.ns.host;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list')) {
    if (rest.length === 1 && matches(rest[0]!, 'cache')) {
      for (const line of renderRouteCache(host)) sh.out(line);
      return 0;
    }
    if (rest.length > 0) return unsupported(sh, `hoplab shows the whole table: ip route show takes no '${rest[0]}'`);
    for (const line of renderIpRoutes(host, (dev) => {
      const l = sh.kernel.find(sh.ns, dev);
      // `linkdown` is what the stack was told (NETDEV_CHANGE, through linkwatch), not the device's flag.
      return !!l && sh.kernel.linkwatch.carrier(l);
    }))
      sh.out(line);
    return 0;
  }
  if (matches(sub, 'get')) {
    const dst = tryParseIpv4(rest[0] === 'to' ? (rest[1] ?? '') : (rest[0] ?? ''));
    if (dst === undefined) {
      sh.err(`Error: any valid prefix is expected rather than "${rest[0] ?? ''}".`);
      return 1;
    }
    const lines = renderRouteGet(host, dst);
    if (!lines) return rtnetlink(sh, 'Network is unreachable');
    for (const line of lines) sh.out(line);
    return 0;
  }
  if (matches(sub, 'add') || matches(sub, 'delete')) return change(sh, sub.startsWith('a') ? 'add' : 'del', rest);
  sh.err(`Command "${sub}" is unknown, try "ip route help".`);
  return 1;
}

/** `ip route add|del` in the scenario command language, with the messages the kernel answers with. */
function change(sh: Shell, op: 'add' | 'del', args: string[]): number {
  let command: Command;
  try {
    command = parseCommand(['ip', 'route', op, ...args].join(' '));
  } catch (e) {
    if (e instanceof CommandSyntaxError) return unsupported(sh, e.message);
    throw e;
  }
  if (command.name !== 'route') return 1;
  const host = sh.ns.host;
  if (command.dev !== undefined && !device(sh, command.dev)) return 1;
  if (networkOf(command.destination, command.prefixLength) !== command.destination) {
    sh.err('Error: Invalid prefix for given prefix length.');
    return 2;
  }
  if (op === 'add') {
    if (command.via !== undefined && command.dev === undefined && deviceForGateway(host.routes, command.via) === undefined) {
      sh.err('Error: Nexthop has invalid gateway.');
      return 2;
    }
    const dev = command.dev ?? deviceForGateway(host.routes, command.via!);
    if (!host.interfaces.get(dev!)?.up) {
      sh.err('Error: Device for nexthop is not up.');
      return 2;
    }
    const clash = host.routes
      .routes()
      .some((r) => r.destination === command.destination && r.prefixLength === command.prefixLength && r.metric === 0);
    if (clash) return rtnetlink(sh, 'File exists');
  } else {
    const found = host.routes
      .routes()
      .some(
        (r) =>
          r.destination === command.destination &&
          r.prefixLength === command.prefixLength &&
          (command.via === undefined || r.gateway === command.via) &&
          (command.dev === undefined || r.device === command.dev),
      );
    if (!found) return rtnetlink(sh, 'No such process');
  }
  host.runCommand(command, sh.seq);
  return 0;
}

/** `ip neigh show [dev X]` and `ip neigh flush all|dev X`. */
export function ipNeigh(sh: Shell, args: string[]): number {
  const [sub, ...rest] = args;
  const dev = rest[0] === 'dev' ? rest[1] : undefined;
  if (dev !== undefined && !device(sh, dev)) return 1;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list')) {
    if (rest.length > 0 && dev === undefined) return unsupported(sh, `hoplab does not support '${rest[0]}' in ip neigh show`);
    for (const line of renderNeighbours(sh.ns.host, dev)) sh.out(line);
    return 0;
  }
  if (matches(sub, 'flush')) {
    if (dev !== undefined) {
      flushNeighbours(sh.ns.host, dev, sh.seq);
      return 0;
    }
    if (rest[0] !== 'all' && rest.length > 0) return unsupported(sh, `hoplab flushes 'all' or 'dev X', not '${rest[0]}'`);
    if (rest.length === 0) {
      sh.err('Flush requires arguments.');
      return 255;
    }
    sh.ns.host.runCommand({ name: 'neigh-flush' }, sh.seq);
    return 0;
  }
  sh.err(`Command "${sub}" is unknown, try "ip neigh help".`);
  return 1;
}
