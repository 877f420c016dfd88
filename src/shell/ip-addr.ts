import { parseCidr, type Cidr } from '../wire/ipv4-address.js';
import { WireError } from '../wire/wire-error.js';
import { show } from './ip-link.js';
import { rtnetlink } from './ip-link.js';
import type { Link } from './kernel.js';
import { device, matches, unsupported, type Shell } from './shell.js';

/** `ip address add|del|show|flush` (iproute2 6.1 ip/ipaddress.c). */
export function ipAddr(sh: Shell, args: string[], details = false): number {
  const [sub, ...rest] = args;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list') || sub === 'lst') return show(sh, rest, true, details);
  if (matches(sub, 'add') || matches(sub, 'delete')) return change(sh, sub.startsWith('a') ? 'add' : 'del', rest);
  if (matches(sub, 'flush')) return flush(sh, rest);
  sh.err(`Command "${sub}" is unknown, try "ip address help".`);
  return 1;
}

function change(sh: Shell, op: 'add' | 'del', args: string[]): number {
  let cidr: Cidr | undefined;
  let dev: string | undefined;
  let broadcast = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') dev = args[++i];
    else if (w === 'brd' || w === 'broadcast') {
      // `brd +` (or an explicit address) gives the address its broadcast, as ifconfig does.
      broadcast = true;
      i++;
    } else if (cidr === undefined && !w.startsWith('-')) {
      cidr = parseAddress(w);
      if (!cidr) {
        sh.err(`Error: any valid prefix is expected rather than "${w}".`);
        return 1;
      }
    } else return unsupported(sh, `hoplab does not support '${w}' in ip addr ${op}`);
  }
  if (cidr === undefined || dev === undefined) {
    sh.err('Not enough information: "dev" argument is required.');
    return 1;
  }
  const link = device(sh, dev);
  if (!link) return 1;
  return setAddress(sh, link, op, cidr, broadcast);
}

/** A.B.C.D[/N]; without a prefix, a /32 as ip takes it. */
export function parseAddress(text: string): Cidr | undefined {
  try {
    return parseCidr(text.includes('/') ? text : `${text}/32`);
  } catch (e) {
    if (e instanceof WireError) return undefined;
    throw e;
  }
}

/** Adds or removes an address through the namespace's stack, with the kernel's refusals. */
export function setAddress(sh: Shell, link: Link, op: 'add' | 'del', cidr: Cidr, broadcast: boolean): number {
  if (link.bridge && op === 'add') sh.bridges.joinStack(link, sh.seq);
  if (!sh.kernel.hostInterface(link))
    return unsupported(
      sh,
      `hoplab gives addresses to veth interfaces and bridges, not to ${link.name}${link.master ? `, a port of ${link.master.name}` : ''}`,
    );
  const has = sh.kernel.addresses(link).some((a) => a.address === cidr.address);
  if (op === 'add' && has) return rtnetlink(sh, 'File exists');
  if (op === 'del' && !has) return rtnetlink(sh, 'Cannot assign requested address');
  if (op === 'add' && broadcast) link.broadcast.add(cidr.address);
  if (op === 'del') link.broadcast.delete(cidr.address);
  link.ns.host.runCommand({ name: 'addr', op, cidr, dev: link.name }, sh.seq);
  return 0;
}

function flush(sh: Shell, args: string[]): number {
  const name = args[0] === 'dev' ? args[1] : args[0];
  if (name === undefined) return unsupported(sh, 'hoplab flushes the addresses of one device: ip addr flush dev X');
  const link = device(sh, name);
  if (!link) return 1;
  for (const a of [...sh.kernel.addresses(link)]) setAddress(sh, link, 'del', a, false);
  return 0;
}
