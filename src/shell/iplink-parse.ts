import { parseMac, type Mac } from '../wire/mac.js';
import { WireError } from '../wire/wire-error.js';
import type { NameWord } from './ifname.js';
import type { Namespace } from './kernel.js';
import { matches, unsupported, type Shell } from './shell.js';

/** What `ip link add` (or a veth's `peer`) said of the new device, up to `type`: its name, how it was given, and where it goes. */
export interface NewLinkWords {
  name: string | undefined;
  word: NameWord;
  ns: Namespace;
  /** The word after `type`, and what follows it (the kind's own options). */
  type?: string;
  typeArgs: string[];
}

/**
 * iproute2's invarg(): "Error: argument "ARG" is wrong: MSG" and exit(-1).
 * Most of ip's messages end in their own newline, so a blank line follows
 * them (`Invalid "netns" value`); a few do not (`"name" not a valid ifname`).
 */
export function invarg(sh: Shell, arg: string, message: string, blankLine = true): number {
  sh.err(`Error: argument "${arg}" is wrong: ${message}`);
  if (blankLine) sh.err('');
  return 255;
}

/**
 * iplink_parse (iproute2 6.1 ip/iplink.c) for a device being made: its
 * keywords in its order, abbreviations taken as matches() takes them, so
 * that a device called `a`, `b`, `br`, `d`, `l`, `m`, `n` or `t` is a
 * keyword there (`ip link add a type veth` reads `a` as `address` and
 * `type` as its MAC). A word no keyword takes is the device's name. The
 * keywords hoplab does not emulate are its note, once their argument has
 * passed iproute2's own check.
 */
export function parseNewLink(
  sh: Shell,
  words: string[],
  ns: Namespace,
  lookupNs: (name: string | undefined) => Namespace | undefined,
): NewLinkWords | number {
  const out: NewLinkWords = { name: undefined, word: 'dev', ns, typeArgs: [] };
  let dev: string | undefined;
  const note = (w: string): number => unsupported(sh, `hoplab does not support '${w}' in ip link add`);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const arg = (): string | undefined => words[++i];
    if (w === 'up' || w === 'down' || w === 'index') return note(w);
    if (w === 'name') {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      out.name = v;
      out.word = 'name';
    } else if (matches(w, 'link')) {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      if (!sh.kernel.find(sh.ns, v)) {
        sh.err(`Cannot find device "${v}"`);
        return 1;
      }
      return note('link');
    } else if (matches(w, 'address') || matches(w, 'broadcast') || w === 'brd') {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      const mac = lladdrArg(sh, v);
      return typeof mac === 'number' ? note(w) : mac.status;
    } else if (matches(w, 'txqueuelen') || w === 'qlen' || matches(w, 'txqlen') || w === 'mtu') {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      if (!/^-?\d+$/.test(v)) return invarg(sh, v, `Invalid "${w === 'mtu' ? 'mtu' : 'txqueuelen'}" value`);
      return note(w);
    } else if (w === 'netns') {
      const target = lookupNs(arg());
      if (!target) return 255;
      out.ns = target;
    } else if (
      [
        'xdp',
        'xdpgeneric',
        'xdpdrv',
        'xdpoffload',
        'multicast',
        'allmulticast',
        'promisc',
        'trailers',
        'arp',
        'carrier',
        'vf',
        'vrf',
      ].includes(w)
    ) {
      return note(w);
    } else if (matches(w, 'master')) {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      if (!sh.kernel.find(sh.ns, v)) return invarg(sh, v, 'Device does not exist');
      return note('master');
    } else if (matches(w, 'nomaster')) {
      // A new device has no master to leave.
    } else if (matches(w, 'dynamic')) {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      if (v !== 'on' && v !== 'off') {
        sh.err(`Error: argument of "dynamic" must be "on" or "off", not "${v}"`);
        return 1;
      }
      return note('dynamic');
    } else if (matches(w, 'type')) {
      const v = arg();
      if (v === undefined) return incomplete(sh);
      out.type = v;
      out.typeArgs = words.slice(i + 1);
      break;
    } else if (
      matches(w, 'alias') ||
      ['group', 'mode', 'state', 'protodown'].includes(w) ||
      ['numtxqueues', 'numrxqueues', 'addrgenmode', 'link-netnsid'].some((k) => matches(w, k)) ||
      matches(w, 'help')
    ) {
      return note(w);
    } else {
      const v = w === 'dev' ? arg() : w;
      if (v === undefined) return incomplete(sh);
      if (dev !== undefined) {
        sh.err(`Error: either "dev" is duplicate, or "${v}" is a garbage.`);
        return 255;
      }
      dev = v;
    }
  }
  // "Allow ip link add dev and ip link add name" (iplink_modify): `name` wins.
  if (out.name === undefined && dev !== undefined) out.name = dev;
  return out;
}

/** ll_addr_a2n: colon-separated hex bytes (hoplab's are MACs). */
function isLladdr(text: string): boolean {
  try {
    parseMac(text);
    return true;
  } catch (e) {
    if (e instanceof WireError) return false;
    throw e;
  }
}

/** A link-layer address on the command line, or ip's complaint about it and its status 1 as `{ status }`. */
export function lladdrArg(sh: Shell, text: string): Mac | { status: number } {
  if (isLladdr(text)) return parseMac(text);
  sh.err(`"${text}" is invalid lladdr.`);
  return { status: 1 };
}

/** NEXT_ARG() at the end of the words: incomplete_command(), exit(-1). */
function incomplete(sh: Shell): number {
  sh.err('Command line is not complete. Try option "help"');
  return 255;
}
