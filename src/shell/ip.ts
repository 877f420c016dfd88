import { ipAddr } from './ip-addr.js';
import { ipLink } from './ip-link.js';
import { ipRoute } from './ip-route.js';
import { ipNeigh } from './ip-neigh.js';
import { ROOT } from '../topology/script-load.js';
import { runSubcommand } from './ip-subcommand.js';
import type { Namespace } from './kernel.js';
import { matches, unsupported, type Shell, type Status } from './shell.js';
import { DEFAULT_IP_OPTIONS, readOption, type IpOptions } from './ip-options.js';

export type Exec = (sh: Shell, words: string[]) => Status;

/**
 * `ip [-n NS] OBJECT ...` (iproute2 6.1 ip/ip.c): objects are matched by
 * prefix in ip's own order, so `ip a` is address and `ip n` neighbour.
 * `ip netns exec NS CMD` runs CMD in NS through `exec`.
 */
export function ip(sh: Shell, args: string[], exec: Exec): Status {
  let i = 0;
  const o: IpOptions = { ...DEFAULT_IP_OPTIONS };
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const opt = args[i]!;
    if (opt === '-n' || (opt.length > 2 && '-netns'.startsWith(opt.replace(/^--/, '-')))) {
      const name = args[++i];
      const ns = name === undefined ? undefined : sh.kernel.lookup(name);
      if (!ns || name === '1') {
        sh.err(`Cannot open network namespace "${name ?? ''}": No such file or directory`);
        return 255;
      }
      sh = sh.in(ns);
      continue;
    }
    const taken = readOption(sh, opt, o);
    if (taken !== true) return taken;
  }
  const [object, ...rest] = args.slice(i);
  if (object === undefined) return unsupported(sh, 'ip needs an object: link, address, route, neigh, netns');
  // ip.c's table of objects, in its order: `ip a` is address, `ip n` neighbour, `ip r` route.
  const objects: Array<[string, ((args: string[]) => Status) | undefined]> = [
    ['address', (a) => ipAddr(sh, a, o)],
    ['addrlabel', undefined],
    ['maddress', undefined],
    ['route', (a) => ipRoute(sh, a, o)],
    ['rule', undefined],
    ['neighbor', (a) => ipNeigh(sh, a, o)],
    ['neighbour', (a) => ipNeigh(sh, a, o)],
    ['ntable', undefined],
    ['ntbl', undefined],
    ['link', (a) => ipLink(sh, a, o)],
    ['l2tp', undefined],
    ['fou', undefined],
    ['ila', undefined],
    ['macsec', undefined],
    ['tunnel', undefined],
    ['tunl', undefined],
    ['tuntap', undefined],
    ['tap', undefined],
    ['token', undefined],
    ['tcpmetrics', undefined],
    ['tcp_metrics', undefined],
    ['monitor', undefined],
    ['xfrm', undefined],
    ['mroute', undefined],
    ['mrule', undefined],
    ['netns', (a) => netns(sh, a, exec)],
    ['netconf', undefined],
    ['vrf', undefined],
    ['sr', undefined],
    ['nexthop', undefined],
    ['mptcp', undefined],
    ['ioam', undefined],
    ['stats', undefined],
    ['help', undefined],
  ];
  const found = objects.find(([name]) => matches(object, name));
  if (!found) {
    sh.err(`Object "${object}" is unknown, try "ip help".`);
    return 1;
  }
  return found[1] ? found[1](rest) : unsupported(sh, `hoplab does not emulate 'ip ${found[0]}'`);
}

/** Where Debian's iproute2 keeps the namespaces' names (NETNS_RUN_DIR); /var/run is a link to /run. */
export const NETNS_RUN_DIR = '/run/netns';

/** `ip netns list|add|delete|identify|exec` (ip/ipnetns.c do_netns); the root namespace is not in /run/netns. */
function netns(sh: Shell, args: string[], exec: Exec): Status {
  const [sub, ...rest] = args;
  if (sub === undefined) return list(sh);
  return runSubcommand(sh, 'netns', sub, rest, [
    { words: ['list', 'show', 'lst'], run: () => list(sh) },
    { words: ['list-id'] },
    { words: ['help'] },
    { words: ['add'], run: (a) => add(sh, a) },
    { words: ['set'] },
    { words: ['delete'], run: (a) => del(sh, a[0]) },
    { words: ['identify'], run: (a) => identify(sh, a) },
    { words: ['pids'] },
    { words: ['exec'], run: (a) => netnsExec(sh, a, exec) },
    { words: ['monitor'] },
    { words: ['attach'] },
  ]);
}

/** The names in /run/netns: readdir on tmpfs lists the newest first; "(id: N)" once this namespace has given it an id. */
function list(sh: Shell): number {
  for (const n of namedNamespaces(sh).reverse()) {
    const id = sh.ns.nsids.get(n);
    sh.out(id === undefined ? n.name : `${n.name} (id: ${id})`);
  }
  return 0;
}

/** The named namespaces, oldest first. */
export function namedNamespaces(sh: Shell): Namespace[] {
  return [...sh.kernel.namespaces.values()].filter((n) => n.named);
}

function add(sh: Shell, args: string[]): number {
  const [name, ...more] = args;
  const kernel = sh.kernel;
  if (name === undefined || more.length > 0) return unsupported(sh, 'ip netns add takes one name');
  if (!isValidNetnsName(name)) {
    sh.err(`Invalid netns name "${name}"`);
    return 255;
  }
  if (kernel.namespaces.has(name) || kernel.network.devices.has(name) || name === ROOT) {
    if (kernel.namespaces.get(name)?.named) {
      sh.err(`Cannot create namespace file "${NETNS_RUN_DIR}/${name}": File exists`);
      return 1;
    }
    return unsupported(sh, `hoplab already has a node called ${name}; name the namespace otherwise`);
  }
  kernel.addNamespace(name, sh.seq);
  return 0;
}

function del(sh: Shell, name: string | undefined): number {
  const ns = name === undefined ? undefined : sh.kernel.namespaces.get(name);
  if (!ns?.named) {
    sh.err(`Cannot remove namespace file "${NETNS_RUN_DIR}/${name ?? ''}": No such file or directory`);
    return 1;
  }
  sh.kernel.deleteNamespace(ns, sh.seq);
  return 0;
}

/**
 * `ip netns identify [PID]`: the names in /run/netns of the namespace the
 * process is in, none for the root namespace (an empty line, as
 * netns_identify_pid prints one). A script's processes are its lines, so a
 * PID other than the line's own is hoplab's note; a word that is no number is
 * ip's complaint.
 */
function identify(sh: Shell, args: string[]): number {
  const [pid, ...more] = args;
  if (more.length > 0) return unsupported(sh, 'ip netns identify takes one PID at most');
  if (pid !== undefined) {
    if (!/^\d+$/.test(pid)) {
      sh.err(`Specified string '${pid}' is not a pid`);
      return 1;
    }
    return unsupported(sh, `hoplab's processes are its script's lines: ip netns identify names the line's own namespace, not PID ${pid}'s`);
  }
  sh.out(sh.ns.named ? sh.ns.name : '');
  return 0;
}

function netnsExec(sh: Shell, args: string[], exec: Exec): Status {
  const [name, ...command] = args;
  // netns_exec checks its words before it opens the namespace.
  if (name === undefined) return usageError(sh, 'No netns name specified');
  if (command.length === 0) return usageError(sh, 'No command specified');
  const ns = sh.kernel.namespaces.get(name);
  if (!ns?.named) {
    // netns_switch fails, and ip exits with -1.
    sh.err(`Cannot open network namespace "${name}": No such file or directory`);
    return 255;
  }
  return exec(sh.in(ns), command);
}

/** ipnetns.c is_valid_netns_name(): the name is a file in /run/netns, so no '/', not "." or "..", at most NAME_MAX bytes. */
function isValidNetnsName(name: string): boolean {
  return Buffer.byteLength(name) <= 255 && !name.includes('/') && name !== '.' && name !== '..';
}

/** ipnetns.c's own complaint about its arguments, and its return of -1: status 1. */
function usageError(sh: Shell, message: string): number {
  sh.err(message);
  return 1;
}
