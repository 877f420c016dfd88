import type { Command } from '../topology/command.js';
import { CommandSyntaxError, parseCommand } from '../topology/command-parser.js';
import { networkOf, tryParseIpv4 } from '../wire/ipv4-address.js';
import { removeRoute } from '../devices/host-config.js';
import { deviceForGateway } from '../tables/fib.js';
import type { Route } from '../tables/route-table.js';
import { renderIpRoutes, renderRouteCache, renderRouteGet, routeJson } from './render-routes.js';
import { parseAddress } from './ip-addr.js';
import { rtnetlink } from './kernel-answer.js';
import { DEFAULT_IP_OPTIONS, type IpOptions } from './ip-options.js';
import { runSubcommand } from './ip-subcommand.js';
import { printJson } from './ip-json.js';
import { device, unsupported, type Shell, type Status } from './shell.js';

type Change = 'add' | 'del' | 'replace' | 'append';

/** `ip route show|add|del|replace|append|flush|get` (iproute2 6.1 ip/iproute.c do_iproute, in its order) on the namespace's main table. */
export function ipRoute(sh: Shell, args: string[], o: IpOptions = DEFAULT_IP_OPTIONS): Status {
  const [sub, ...rest] = args;
  if (sub === undefined) return show(sh, [], o);
  return runSubcommand(sh, 'route', sub, rest, [
    { words: ['add'], run: (a) => change(sh, 'add', a) },
    { words: ['change', 'chg'] },
    { words: ['replace'], run: (a) => change(sh, 'replace', a) },
    { words: ['prepend'] },
    { words: ['append'], run: (a) => change(sh, 'append', a) },
    { words: ['test'] },
    { words: ['delete'], run: (a) => change(sh, 'del', a) },
    { words: ['list', 'show', 'lst'], run: (a) => show(sh, a, o) },
    { words: ['get'], run: (a) => get(sh, a) },
    { words: ['flush'], run: (a) => flush(sh, a) },
    { words: ['save'] },
    { words: ['restore'] },
    { words: ['showdump'] },
    { words: ['help'] },
  ]);
}

function show(sh: Shell, args: string[], o: IpOptions): number {
  if (args.length === 1 && 'cache'.startsWith(args[0]!) && !o.json) {
    for (const line of renderRouteCache(sh.ns.host)) sh.out(line);
    return 0;
  }
  if (args.length > 0) return unsupported(sh, `hoplab shows the whole table: ip route show takes no '${args[0]}'`);
  // `linkdown` is what the stack was told (NETDEV_CHANGE, through linkwatch), not the device's flag.
  const carrier = (dev: string): boolean => {
    const l = sh.kernel.find(sh.ns, dev);
    return !!l && sh.kernel.linkwatch.carrier(l);
  };
  if (o.json) printJson(sh, routeJson(sh.ns.host, carrier), o.pretty);
  else for (const line of renderIpRoutes(sh.ns.host, carrier, o.details)) sh.out(line);
  return 0;
}

function get(sh: Shell, args: string[]): number {
  const dst = tryParseIpv4(args[0] === 'to' ? (args[1] ?? '') : (args[0] ?? ''));
  if (dst === undefined) {
    sh.err(`Error: any valid prefix is expected rather than "${args[0] ?? ''}".`);
    return 1;
  }
  const lines = renderRouteGet(sh.ns.host, dst);
  if (!lines) return rtnetlink(sh, 'Network is unreachable');
  for (const line of lines) sh.out(line);
  return 0;
}

/**
 * `ip route add|del|replace|append` in the scenario command language, with
 * the messages the kernel answers with. `replace` (NLM_F_CREATE|REPLACE)
 * takes the place of a route of the same prefix and metric, or adds one;
 * `append` (NLM_F_APPEND) adds after those, unless one of them has the same
 * nexthop (oracle I6-append).
 */
function change(sh: Shell, op: Change, args: string[]): number {
  let command: Command;
  try {
    command = parseCommand(['ip', 'route', op === 'del' ? 'del' : 'add', ...args].join(' '));
  } catch (e) {
    if (e instanceof CommandSyntaxError) return unsupported(sh, e.message.replace(/ip route add/g, `ip route ${op}`));
    throw e;
  }
  if (command.name !== 'route') return 1;
  const host = sh.ns.host;
  if (command.dev !== undefined && !device(sh, command.dev)) return 1;
  if (networkOf(command.destination, command.prefixLength) !== command.destination) {
    sh.err('Error: Invalid prefix for given prefix length.');
    return 2;
  }
  if (op === 'del') {
    const found = host.routes
      .routes()
      .some(
        (r) =>
          r.destination === command.destination &&
          r.prefixLength === command.prefixLength &&
          (command.via === undefined || r.gateway === command.via) &&
          (command.dev === undefined || r.device === command.dev) &&
          (command.metric === undefined || r.metric === command.metric),
      );
    if (!found) return rtnetlink(sh, 'No such process');
    host.runCommand(command, sh.seq);
    return 0;
  }
  if (command.via !== undefined && command.dev === undefined && deviceForGateway(host.routes, command.via) === undefined) {
    sh.err('Error: Nexthop has invalid gateway.');
    return 2;
  }
  const dev = command.dev ?? deviceForGateway(host.routes, command.via!);
  if (!host.interfaces.get(dev!)?.up) {
    sh.err('Error: Device for nexthop is not up.');
    return 2;
  }
  const metric = command.metric ?? 0;
  const same = host.routes
    .routes()
    .filter((r) => r.destination === command.destination && r.prefixLength === command.prefixLength && r.metric === metric);
  const clash = same[0];
  if (clash && op === 'add') return rtnetlink(sh, 'File exists');
  // Beside routes of its prefix and metric, but never one with the same nexthop (fib_table_insert's fa_match).
  if (op === 'append' && same.some((r) => r.gateway === command.via && r.device === dev)) return rtnetlink(sh, 'File exists');
  if (clash && op === 'replace') removeRoute(host, matchOf(clash), sh.seq);
  host.runCommand(op === 'append' ? { ...command, op: 'append' } : command, sh.seq);
  return 0;
}

function matchOf(r: Route): { destination: number; prefixLength: number; device: string; metric: number } {
  return { destination: r.destination, prefixLength: r.prefixLength, device: r.device, metric: r.metric };
}

/**
 * `ip route flush dev X | [to] PREFIX` (iproute_flush): every route of the
 * main table the selectors take, connected ones too, each a deletion; the
 * prefix selects routes of exactly that prefix (`to` means `exact` by default).
 */
function flush(sh: Shell, args: string[]): number {
  if (args.length === 0) {
    sh.err('"ip route flush" requires arguments.');
    return 1;
  }
  let dev: string | undefined;
  let prefix: { address: number; prefixLength: number } | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') {
      dev = args[++i] ?? '';
      if (!device(sh, dev)) return 1;
    } else if (['table', 'proto', 'scope', 'type', 'via', 'src', 'root', 'match', 'exact', 'cache'].includes(w)) {
      return unsupported(sh, `hoplab flushes by 'dev X' or a prefix, not by '${w}'`);
    } else {
      const text = w === 'to' ? (args[++i] ?? '') : w;
      prefix = text === 'default' ? { address: 0, prefixLength: 0 } : parseAddress(text);
      if (!prefix) {
        sh.err(`Error: any valid prefix is expected rather than "${text}".`);
        return 1;
      }
    }
  }
  const host = sh.ns.host;
  const gone = host.routes
    .routes()
    .filter(
      (r) =>
        (dev === undefined || r.device === dev) &&
        (prefix === undefined || (r.destination === prefix.address && r.prefixLength === prefix.prefixLength)),
    );
  for (const r of gone) removeRoute(host, matchOf(r), sh.seq);
  return 0;
}
