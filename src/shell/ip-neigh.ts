import { deleteNeighbour, flushNeighbours } from '../devices/host-config.js';
import type { NudState } from '../tables/neighbour-table.js';
import { tryParseIpv4 } from '../wire/ipv4-address.js';
import type { Mac } from '../wire/mac.js';
import { lladdrArg } from './iplink-parse.js';
import { parseAddress } from './ip-addr.js';
import { rtnetlink } from './kernel-answer.js';
import { DEFAULT_IP_OPTIONS, type IpOptions } from './ip-options.js';
import { runSubcommand } from './ip-subcommand.js';
import { printJson } from './ip-json.js';
import { neighbourJson, renderNeighbours, type NeighbourFilter } from './render-neigh.js';
import { device, unsupported, type Shell, type Status } from './shell.js';

/** `ip neigh add|replace|change|delete|show|flush` (iproute2 6.1 ip/ipneigh.c do_ipneigh, in its order of commands). */
export function ipNeigh(sh: Shell, args: string[], o: IpOptions = DEFAULT_IP_OPTIONS): Status {
  const [sub, ...rest] = args;
  if (sub === undefined) return show(sh, [], o);
  return runSubcommand(sh, 'neigh', sub, rest, [
    { words: ['add'], run: (a) => modify(sh, 'add', a) },
    { words: ['change', 'chg'], run: (a) => modify(sh, 'change', a) },
    { words: ['replace'], run: (a) => modify(sh, 'replace', a) },
    { words: ['delete'], run: (a) => modify(sh, 'del', a) },
    { words: ['get'] },
    { words: ['show', 'list', 'lst'], run: (a) => show(sh, a, o) },
    { words: ['flush'], run: (a) => flush(sh, a) },
    { words: ['help'] },
  ]);
}

/** The `nud` states hoplab's neighbour table can be set to by hand. */
const NUD_STATES: Readonly<Record<string, NudState>> = { permanent: 'PERMANENT', reachable: 'REACHABLE', stale: 'STALE' };
/** nud_state_a2n's other names: states the kernel takes that hoplab's table does not hold. */
const OTHER_NUD = ['incomplete', 'delay', 'probe', 'failed', 'noarp', 'none', 'all', 'noarp'];

/**
 * ipneigh_modify: `ADDR [lladdr MAC] dev DEV [nud STATE]`, a permanent entry
 * unless `nud` says otherwise, then the kernel's answer (neigh_add,
 * neigh_delete) in its words and ip's status.
 */
function modify(sh: Shell, op: 'add' | 'change' | 'replace' | 'del', args: string[]): number {
  let dst: number | undefined;
  let dev: string | undefined;
  let mac: Mac | undefined;
  let state: NudState = 'PERMANENT';
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'lladdr') {
      const given = lladdrArg(sh, args[++i] ?? '');
      if (typeof given !== 'number') return given.status;
      mac = given;
    } else if (w === 'nud') {
      const text = args[++i] ?? '';
      const s = NUD_STATES[text];
      if (s === undefined && OTHER_NUD.includes(text))
        return unsupported(sh, `hoplab sets neighbour entries permanent, reachable or stale, not ${text}`);
      if (s === undefined) {
        sh.err(`Error: argument "${text}" is wrong: nud state is bad`);
        return 255;
      }
      state = s;
    } else if (w === 'dev') dev = args[++i];
    else if (['proxy', 'router', 'extern_learn', 'protocol'].includes(w))
      return unsupported(sh, `hoplab does not support '${w}' in ip neigh ${op}`);
    else {
      const text = w === 'to' ? (args[++i] ?? '') : w;
      dst = tryParseIpv4(text);
      if (dst === undefined) return unsupported(sh, `hoplab's neighbours are IPv4 addresses, not '${text}'`);
    }
  }
  if (dev === undefined || dst === undefined) {
    sh.err('Device and destination are required arguments.');
    return 255;
  }
  if (!device(sh, dev)) return 1;
  const host = sh.ns.host;
  if (!host.interfaces.has(dev))
    return unsupported(sh, `hoplab keeps neighbours for veth interfaces and bridges with an address, not ${dev}`);
  if (op === 'del') return deleteNeighbour(host, dev, dst, sh.seq) ? 0 : rtnetlink(sh, 'No such file or directory');
  const result = host.administerNeighbour(dev, dst, mac, state, op, sh.seq);
  if (result === 'exists') return rtnetlink(sh, 'File exists');
  if (result === 'absent') return rtnetlink(sh, 'No such file or directory');
  if (result === 'no-lladdr') {
    sh.err('Error: No link layer address given.');
    return 2;
  }
  return 0;
}

/** `ip neigh show [dev X] [[to] ADDR[/N]]`: `dev` leaves the device out of the lines (print_neigh), an address selects its entries. */
function show(sh: Shell, args: string[], o: IpOptions): number {
  // -s adds each entry's reference count and timers (`used 5/5/2 probes 1`), which hoplab does not print.
  if (o.stats) return unsupported(sh, 'hoplab does not support ip -s neigh');
  const filter = readFilter(sh, args, 'show');
  if (typeof filter === 'number') return filter;
  if (o.json) printJson(sh, neighbourJson(sh.ns.host, filter), o.pretty);
  else for (const line of renderNeighbours(sh.ns.host, filter, o.brief)) sh.out(line);
  return 0;
}

function readFilter(sh: Shell, args: string[], what: string): NeighbourFilter | number {
  const filter: NeighbourFilter = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') {
      const name = args[++i] ?? '';
      if (!device(sh, name)) return 1;
      filter.dev = name;
    } else if (['master', 'vrf', 'unused', 'nud', 'proxy', 'nomaster', 'all'].includes(w)) {
      return unsupported(sh, `hoplab does not support '${w}' in ip neigh ${what}`);
    } else {
      // The default selector is the prefix itself: an address alone is a /32 (get_prefix).
      const text = w === 'to' ? (args[++i] ?? '') : w;
      const prefix = parseAddress(text);
      if (!prefix) {
        sh.err(`Error: argument "${text}" is wrong: to value is invalid`);
        sh.err('');
        return 255;
      }
      filter.prefix = prefix;
    }
  }
  return filter;
}

/** `ip neigh flush all|dev X`: every entry but the permanent ones (flush leaves NUD_PERMANENT alone). */
function flush(sh: Shell, args: string[]): number {
  if (args.length === 0) {
    sh.err('Flush requires arguments.');
    return 255;
  }
  if (args.length === 1 && args[0] === 'all') {
    sh.ns.host.runCommand({ name: 'neigh-flush' }, sh.seq);
    return 0;
  }
  if (args.length === 2 && args[0] === 'dev') {
    if (!device(sh, args[1]!)) return 1;
    flushNeighbours(sh.ns.host, args[1]!, sh.seq);
    return 0;
  }
  return unsupported(sh, `hoplab flushes 'all' or 'dev X', not '${args.join(' ')}'`);
}
