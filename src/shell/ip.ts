import { ipAddr } from './ip-addr.js';
import { ipLink } from './ip-link.js';
import { ipNeigh, ipRoute } from './ip-route.js';
import { ROOT } from '../topology/script-load.js';
import { matches, unsupported, type Shell, type Status } from './shell.js';

export type Exec = (sh: Shell, words: string[]) => Status;

/**
 * `ip [-n NS] OBJECT ...` (iproute2 6.1 ip/ip.c): objects are matched by
 * prefix in ip's own order, so `ip a` is address and `ip n` neighbour.
 * `ip netns exec NS CMD` runs CMD in NS through `exec`.
 */
export function ip(sh: Shell, args: string[], exec: Exec): Status {
  let i = 0;
  let details = false;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const opt = args[i]!;
    if (opt === '-n' || opt === '-netns' || opt === '--netns') {
      const name = args[++i];
      const ns = name === undefined ? undefined : sh.kernel.lookup(name);
      if (!ns || name === '1') {
        sh.err(`Cannot open network namespace "${name ?? ''}": No such file or directory`);
        return 255;
      }
      sh = sh.in(ns);
    } else if (opt === '-4') continue;
    // ip.c takes -d, -de, ... -details, as matches() does; no earlier option starts with -d.
    else if (opt.length > 1 && '-details'.startsWith(opt) && opt.startsWith('-d')) details = true;
    else return unsupported(sh, `hoplab does not support the ip option ${opt}`);
  }
  const [object, ...rest] = args.slice(i);
  if (object === undefined) return unsupported(sh, 'ip needs an object: link, address, route, neigh, netns');
  if (matches(object, 'address')) return ipAddr(sh, rest, details);
  if (matches(object, 'route')) return ipRoute(sh, rest);
  if (matches(object, 'neighbour') || matches(object, 'neighbor')) return ipNeigh(sh, rest);
  if (matches(object, 'link')) return ipLink(sh, rest, details);
  if (matches(object, 'netns')) return netns(sh, rest, exec);
  if (
    ['addrlabel', 'maddress', 'rule', 'ntable', 'tunnel', 'tuntap', 'monitor', 'xfrm', 'mroute', 'netconf', 'vrf', 'nexthop'].some((o) =>
      matches(object, o),
    )
  ) {
    return unsupported(sh, `hoplab does not emulate 'ip ${object}'`);
  }
  sh.err(`Object "${object}" is unknown, try "ip help".`);
  return 1;
}

/** `ip netns list|add|delete|exec` (ip/ipnetns.c); the root namespace is not in /var/run/netns. */
function netns(sh: Shell, args: string[], exec: Exec): Status {
  const [sub, name, ...rest] = args;
  const kernel = sh.kernel;
  if (sub === undefined || sub === 'list' || sub === 'ls' || sub === 'show') {
    // readdir of /var/run/netns on tmpfs: the newest name first. "(id: N)" once this namespace has given it an id.
    const named = [...kernel.namespaces.values()].filter((n) => n.named).reverse();
    for (const n of named) {
      const id = sh.ns.nsids.get(n);
      sh.out(id === undefined ? n.name : `${n.name} (id: ${id})`);
    }
    return 0;
  }
  if (sub === 'add') {
    if (name === undefined || rest.length > 0) return unsupported(sh, 'ip netns add takes one name');
    if (!isValidNetnsName(name)) {
      sh.err(`Invalid netns name "${name}"`);
      return 255;
    }
    if (kernel.namespaces.has(name) || kernel.network.devices.has(name) || name === ROOT) {
      if (kernel.namespaces.get(name)?.named) {
        sh.err(`Cannot create namespace file "/var/run/netns/${name}": File exists`);
        return 1;
      }
      return unsupported(sh, `hoplab already has a node called ${name}; name the namespace otherwise`);
    }
    kernel.addNamespace(name, sh.seq);
    return 0;
  }
  if (sub === 'delete' || sub === 'del') {
    const ns = name === undefined ? undefined : kernel.namespaces.get(name);
    if (!ns?.named) {
      sh.err(`Cannot remove namespace file "/var/run/netns/${name ?? ''}": No such file or directory`);
      return 1;
    }
    kernel.deleteNamespace(ns, sh.seq);
    return 0;
  }
  if (sub === 'exec') {
    // netns_exec checks its words before it opens the namespace.
    if (name === undefined) return usageError(sh, 'No netns name specified');
    if (rest.length === 0) return usageError(sh, 'No command specified');
    const ns = kernel.namespaces.get(name);
    if (!ns?.named) {
      sh.err(`Cannot open network namespace "${name ?? ''}": No such file or directory`);
      return 1;
    }
    return exec(sh.in(ns), rest);
  }
  return unsupported(sh, `hoplab does not support 'ip netns ${sub}'`);
}

/** ipnetns.c is_valid_netns_name(): the name is a file in /var/run/netns, so no '/', not "." or "..", at most NAME_MAX bytes. */
function isValidNetnsName(name: string): boolean {
  return Buffer.byteLength(name) <= 255 && !name.includes('/') && name !== '.' && name !== '..';
}

/** ipnetns.c's own complaint about its arguments, and its return of -1: status 1. */
function usageError(sh: Shell, message: string): number {
  sh.err(message);
  return 1;
}
