import { formatCidr, parseCidr, type Cidr } from '../wire/ipv4-address.js';
import { WireError } from '../wire/wire-error.js';
import { show } from './ip-link.js';
import type { Link } from './kernel.js';
import { device, unsupported, type Shell, type Status } from './shell.js';
import { DEFAULT_IP_OPTIONS, type IpOptions } from './ip-options.js';
import { runSubcommand } from './ip-subcommand.js';
import { extack } from './kernel-answer.js';

/** `ip address add|replace|del|show|flush` (iproute2 6.1 ip/ipaddress.c do_ipaddr, in its order of commands). */
export function ipAddr(sh: Shell, args: string[], o: IpOptions = DEFAULT_IP_OPTIONS): Status {
  const [sub, ...rest] = args;
  if (sub === undefined) return show(sh, [], true, o);
  return runSubcommand(sh, 'address', sub, rest, [
    { words: ['add'], run: (a) => change(sh, 'add', a) },
    { words: ['change', 'chg'] },
    { words: ['replace'], run: (a) => change(sh, 'replace', a) },
    { words: ['delete'], run: (a) => change(sh, 'del', a) },
    { words: ['list', 'show', 'lst'], run: (a) => show(sh, a, true, o) },
    { words: ['flush'], run: (a) => flush(sh, a) },
    { words: ['save'] },
    { words: ['showdump'] },
    { words: ['restore'] },
    { words: ['help'] },
  ]);
}

function change(sh: Shell, op: 'add' | 'del' | 'replace', args: string[]): number {
  let cidr: Cidr | undefined;
  let dev: string | undefined;
  let broadcast = false;
  let prefixGiven = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') dev = args[++i];
    else if (w === 'brd' || w === 'broadcast') {
      // `brd +` (or an explicit address) gives the address its broadcast, as ifconfig does.
      broadcast = true;
      i++;
    } else if (cidr === undefined && !w.startsWith('-')) {
      cidr = parseAddress(w);
      prefixGiven = w.includes('/');
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
  if (op === 'del' && !prefixGiven) {
    // ipaddr_modify: a deletion without a prefix length matches any (ifa_prefixlen 0 is the kernel's wildcard).
    for (const line of WILDCARD_WARNING(formatCidr(cidr))) sh.err(line);
    const any = sh.kernel.addresses(link).find((a) => a.address === cidr!.address);
    if (any) cidr = any;
  }
  return setAddress(sh, link, op, cidr, broadcast);
}

/** What ip says when asked to delete an address without its prefix length (ipaddress.c ipaddr_modify). */
const WILDCARD_WARNING = (address: string): string[] => [
  'Warning: Executing wildcard deletion to stay compatible with old scripts.',
  `         Explicitly specify the prefix length (${address}) to avoid this warning.`,
  '         This special behaviour is likely to disappear in further releases,',
  '         fix your scripts!',
];

/** A.B.C.D[/N]; without a prefix, a /32 as ip takes it. */
export function parseAddress(text: string): Cidr | undefined {
  try {
    return parseCidr(text.includes('/') ? text : `${text}/32`);
  } catch (e) {
    if (e instanceof WireError) return undefined;
    throw e;
  }
}

/**
 * Adds or removes an address through the namespace's stack, with the
 * kernel's refusals as its extack says them (inet_rtm_newaddr,
 * inet_rtm_deladdr): an address is found by its local address and, when
 * one is given, its prefix length. `replace` (NLM_F_REPLACE) of an address
 * the device has changes nothing hoplab keeps, and adds one it has not.
 */
export function setAddress(sh: Shell, link: Link, op: 'add' | 'del' | 'replace', cidr: Cidr, broadcast: boolean): number {
  if (link.bridge && op !== 'del') sh.bridges.joinStack(link, sh.seq);
  if (!sh.kernel.hostInterface(link))
    return unsupported(
      sh,
      `hoplab gives addresses to veth interfaces and bridges, not to ${link.name}${link.master ? `, a port of ${link.master.name}` : ''}`,
    );
  const same = sh.kernel.addresses(link).find((a) => a.address === cidr.address);
  const has = same?.prefixLength === cidr.prefixLength ? same : undefined;
  if (op === 'add' && has) return extack(sh, 'ipv4: Address already assigned.');
  if (op !== 'del' && same && !has)
    return unsupported(sh, `hoplab keeps one prefix length per address: ${link.name} has ${formatCidr(same)}`);
  if (op === 'del' && !has) return extack(sh, 'ipv4: Address not found.');
  if (op !== 'del' && broadcast) link.broadcast.add(cidr.address);
  if (op === 'replace' && has) return 0;
  if (op === 'del') link.broadcast.delete(cidr.address);
  link.ns.host.runCommand({ name: 'addr', op: op === 'del' ? 'del' : 'add', cidr, dev: link.name }, sh.seq);
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
