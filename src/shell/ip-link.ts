import { checkNameAsKernel, checkNamesAsIproute, type NameWord } from './ifname.js';
import { renderLink } from './render-ip-link.js';
import { linkDetails } from './render-link-details.js';
import { parseBridgeOptions, rangeError } from './bridge-options.js';
import type { BridgeOptions } from './bridges.js';
import { DEFAULT_AGEING_CS } from './bridges.js';
import { parseMac } from '../wire/mac.js';
import { WireError } from '../wire/wire-error.js';
import type { Link, Namespace } from './kernel.js';
import { device, matches, unsupported, type Shell } from './shell.js';

/** `ip link add|delete|set|show` (iproute2 6.1 ip/iplink.c) against the script's namespaces. */
export function ipLink(sh: Shell, args: string[], details = false): number {
  const [sub, ...rest] = args;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list') || sub === 'lst') return show(sh, rest, false, details);
  if (matches(sub, 'add')) return add(sh, rest);
  if (matches(sub, 'delete')) return del(sh, rest);
  if (matches(sub, 'set')) return set(sh, rest);
  sh.err(`Command "${sub}" is unknown, try "ip link help".`);
  return 1;
}

/** `ip [-d] link show [dev] [NAME]` and, with addresses, `ip [-d] addr show`: every device of the namespace in ifindex order. */
export function show(sh: Shell, args: string[], withAddresses: boolean, details = false): number {
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') name = args[++i];
    else if (w.startsWith('-') || ['up', 'type', 'master', 'group', 'scope', 'label', 'to'].includes(w))
      return unsupported(sh, `hoplab does not support '${w}' in ip ${withAddresses ? 'addr' : 'link'} show`);
    else name = w;
  }
  const named = name === undefined ? undefined : sh.kernel.find(sh.ns, name);
  const links = name === undefined ? [...sh.ns.links].sort((a, b) => a.ifindex - b.ifindex) : named ? [named] : [];
  if (name !== undefined && links.length === 0) {
    sh.err(`Device "${name}" does not exist.`);
    return 1;
  }
  // rtnl_getlink (one device named) runs a pending linkwatch event for it first (linkwatch_sync_dev).
  if (name !== undefined) for (const link of links) sh.kernel.linkwatch.sync(link);
  for (const link of links) {
    const extra = details ? linkDetails(sh.kernel, sh.bridges, link, withAddresses) : undefined;
    for (const line of renderLink(sh.kernel, link, withAddresses, extra)) sh.out(line);
  }
  return 0;
}

/**
 * A link's `[name|dev] NAME` and `netns NS` words, as iproute2's iplink_parse
 * reads both the new device's and a veth peer's: the name (if given) and the
 * namespace, or the exit status of a word it cannot take.
 */
function nameAndNamespace(sh: Shell, words: string[], ns: Namespace, where: string): NewLink | number {
  let name: string | undefined;
  let word: NameWord = 'dev';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'name' || w === 'dev') {
      name = words[++i];
      word = w;
    } else if (w === 'netns') {
      const target = namespaceArg(sh, words[++i]);
      if (!target) return 255;
      ns = target;
    } else if (name === undefined && !w.startsWith('-')) name = w;
    else return unsupported(sh, `hoplab does not support '${w}' ${where}`);
  }
  return { name, word, ns };
}

/** A new link's name, how it was given (iproute2 checks the two ways differently), and where it goes. */
interface NewLink {
  name: string | undefined;
  word: NameWord;
  ns: Namespace;
}

function add(sh: Shell, args: string[]): number {
  const typeAt = args.indexOf('type') < 0 ? args.length : args.indexOf('type');
  const link = nameAndNamespace(sh, args.slice(0, typeAt), sh.ns, 'in ip link add');
  if (typeof link === 'number') return link;
  const type = args[typeAt + 1];
  const typeArgs = args.slice(typeAt + 2);
  if (link.name === undefined) {
    sh.err('Not enough information: "dev" argument is required.');
    return 1;
  }
  if (type === 'veth') return addVeth(sh, { ...link, name: link.name }, typeArgs);
  if (type === 'bridge') {
    const refused = checkNamesAsIproute(sh, [{ name: link.name, word: link.word }]) ?? checkNameAsKernel(sh, link.name);
    return refused ?? addBridge(sh, link.ns, link.name, typeArgs);
  }
  return unsupported(
    sh,
    type === undefined ? 'ip link add needs a type: hoplab makes veth and bridge' : `hoplab makes veth and bridge devices, not '${type}'`,
  );
}

function addVeth(sh: Shell, link: NewLink & { name: string }, args: string[]): number {
  const { ns, name } = link;
  if (args.length > 0 && args[0] !== 'peer') return unsupported(sh, `hoplab does not support '${args[0]}' for a veth`);
  const peer = nameAndNamespace(sh, args.slice(1), ns, 'for a veth peer');
  if (typeof peer === 'number') return peer;
  // Without a peer name the kernel picks vethN; scripts name their peers.
  if (peer.name === undefined) return unsupported(sh, 'hoplab needs the veth peer named (peer name NAME)');
  // iproute2 reads both names before it sends the request; the kernel checks the device's, then the peer's (veth_newlink).
  const refused =
    checkNamesAsIproute(sh, [link, { name: peer.name, word: peer.word }]) ??
    checkNameAsKernel(sh, name) ??
    checkNameAsKernel(sh, peer.name);
  if (refused !== undefined) return refused;
  if (sh.kernel.find(ns, name) || sh.kernel.find(peer.ns, peer.name) || (ns === peer.ns && name === peer.name)) return fileExists(sh);
  sh.kernel.addVeth(ns, name, peer.ns, peer.name, sh.seq);
  return 0;
}

function addBridge(sh: Shell, ns: Namespace, name: string, args: string[]): number {
  const o = parseBridgeOptions(sh, args, 0);
  if ('status' in o) return o.status;
  if (sh.kernel.find(ns, name)) return fileExists(sh);
  if (rangeError(o, false)) return rtnetlink(sh, 'Numerical result out of range');
  const bridge = sh.bridges.create(ns, name, o.ageingCs ?? DEFAULT_AGEING_CS, sh.seq);
  sh.bridges.configure(bridge, { ...o, ageingCs: undefined }, sh.seq);
  return 0;
}

function del(sh: Shell, args: string[]): number {
  const name = args[0] === 'dev' ? args[1] : args[0];
  if (name === undefined) {
    sh.err('Not enough information: "dev" argument is required.');
    return 1;
  }
  const link = device(sh, name);
  if (!link) return 1;
  if (link.kind === 'loopback') return rtnetlink(sh, 'Operation not supported');
  sh.kernel.deleteLink(link, sh.seq);
  return 0;
}

function set(sh: Shell, args: string[]): number {
  let i = 0;
  if (args[i] === 'dev') i++;
  const name = args[i++];
  if (name === undefined) {
    sh.err('Not enough information: "dev" argument is required.');
    return 1;
  }
  const link = device(sh, name);
  if (!link) return 1;
  const steps: Array<() => number> = [];
  for (; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'up' || w === 'down') steps.push(() => setUp(sh, link, w === 'up'));
    else if (w === 'netns') {
      const target = namespaceArg(sh, args[++i]);
      if (!target) return 255;
      steps.unshift(() => moveTo(sh, link, target));
    } else if (w === 'master') {
      const bridgeName = args[++i] ?? '';
      const bridge = sh.kernel.find(sh.ns, bridgeName);
      if (!bridge) {
        sh.err(`Error: argument "${bridgeName}" is wrong: Device does not exist`);
        return 255;
      }
      steps.push(() => {
        if (!bridge.bridge || link.kind !== 'veth') return rtnetlink(sh, 'Operation not supported');
        sh.bridges.enslave(link, bridge, sh.seq);
        return 0;
      });
    } else if (w === 'nomaster') {
      steps.push(() => {
        sh.bridges.release(link, sh.seq);
        return 0;
      });
    } else if (w === 'name') {
      const newName = args[++i] ?? '';
      const refused = checkNamesAsIproute(sh, [{ name: newName, word: 'name' }]) ?? checkNameAsKernel(sh, newName);
      return refused ?? unsupported(sh, 'hoplab does not rename interfaces (ip link set DEV name NAME)');
    } else if (w === 'type' && args[i + 1] === 'bridge' && link.bridge) {
      const o: BridgeOptions | { status: number } = parseBridgeOptions(sh, args, i + 2);
      if ('status' in o) return o.status;
      i = args.length;
      steps.push(() => {
        // br_changelink checks the times before it applies stp_state: the forward delay against STP as it was.
        if (rangeError(o, link.bridge!.stp.on)) return rtnetlink(sh, 'Numerical result out of range');
        sh.bridges.configure(link, o, sh.seq);
        return 0;
      });
    } else if (w === 'mtu') {
      const text = args[++i] ?? '';
      const mtu = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      if (Number.isNaN(mtu)) {
        // iproute2's invarg(), whose message ends in a newline of its own.
        sh.err(`Error: argument "${text}" is wrong: Invalid "mtu" value\n`);
        return 255;
      }
      steps.push(() => setMtu(sh, link, mtu));
    } else if (w === 'address') {
      const text = args[++i] ?? '';
      let mac: number;
      try {
        mac = parseMac(text);
      } catch (e) {
        if (!(e instanceof WireError)) throw e;
        sh.err(`"${text}" is invalid lladdr.`);
        return 1;
      }
      steps.push(() => setAddress(sh, link, mac));
    } else return unsupported(sh, `hoplab does not support '${w}' in ip link set`);
  }
  for (const step of steps) {
    const status = step();
    if (status !== 0) return status;
  }
  return 0;
}

/**
 * `ip link set X address MAC`: a veth's new MAC, on its interface or, when
 * enslaved, on its bridge port, where the bridge id may follow it
 * (br_stp_recalculate_bridge_id on NETDEV_CHANGEADDR).
 */
function setAddress(sh: Shell, link: Link, mac: number): number {
  if (link.kind !== 'veth') return unsupported(sh, 'hoplab changes the address of veth devices only');
  link.mac = mac;
  const iface = sh.kernel.hostInterface(link);
  if (iface) iface.mac = mac;
  sh.kernel.noteCable(link);
  if (link.master) sh.bridges.portAddressChanged(link);
  return 0;
}

/** `ip link set X mtu N` on a veth: dev_set_mtu checks the device's range (veth: 68 to 65535, ETH_MIN_MTU and ETH_MAX_MTU). */
function setMtu(sh: Shell, link: Link, mtu: number): number {
  if (link.kind !== 'veth') return unsupported(sh, 'hoplab changes the MTU of veth devices only');
  if (mtu < 68 || mtu > 65535) {
    sh.err(`Error: mtu ${mtu < 68 ? 'less than device minimum' : 'greater than device maximum'}.`);
    return 2;
  }
  link.mtu = mtu;
  const iface = sh.kernel.hostInterface(link);
  if (iface) iface.mtu = mtu;
  return 0;
}

/** An interface, lo or a bridge goes up or down; a host's stack handles its own (routes, neighbours). */
function setUp(sh: Shell, link: Link, up: boolean): number {
  // A veth's peer loses or regains its carrier: the peer's stack hears it through linkwatch.
  let status = 0;
  sh.kernel.linkwatch.aroundPeer(link, sh.seq, () => {
    status = setUpNow(sh, link, up);
  });
  if (up) sh.kernel.linkwatch.opened(link);
  return status;
}

function setUpNow(sh: Shell, link: Link, up: boolean): number {
  if (up) link.qdisc = 'noqueue';
  if (link.kind === 'loopback' || (link.kind === 'veth' && sh.kernel.hostInterface(link))) {
    if (sh.kernel.isUp(link) !== up) link.ns.host.runCommand({ name: 'link-set', dev: link.name, up }, sh.seq);
    return 0;
  }
  if (link.up === up) return 0;
  link.up = up;
  const what = link.bridge ? `the bridge ${link.name}` : `${link.name}, a port of ${link.master!.name},`;
  // A bridge with an address is an interface of the stack too: the stack sets it, and its routes, up or down.
  if (sh.kernel.hostInterface(link)) link.ns.host.runCommand({ name: 'link-set', dev: link.name, up }, sh.seq);
  else sh.kernel.event(link.ns.name, link.name, up, sh.seq, `${link.ns.name} sets ${what} ${up ? 'up' : 'down'}`);
  return 0;
}

/** `netns NS` or `netns 1`: lo and bridges are bound to their namespace (NETIF_F_NETNS_LOCAL). */
function moveTo(sh: Shell, link: Link, to: Namespace): number {
  if (link.kind !== 'veth') return rtnetlink(sh, 'Invalid argument');
  if (to === link.ns) return 0;
  if (sh.kernel.find(to, link.name)) return fileExists(sh);
  sh.kernel.linkwatch.aroundPeer(link, sh.seq, () => sh.kernel.move(link, to, sh.seq));
  return 0;
}

/** A namespace named on the command line: a name in /var/run/netns, or a PID (only process 1, the root namespace, exists here). */
export function namespaceArg(sh: Shell, name: string | undefined): Namespace | undefined {
  const ns = name === undefined ? undefined : sh.kernel.lookup(name);
  if (!ns) sh.err(`Error: argument "${name ?? ''}" is wrong: Invalid "netns" value`);
  return ns;
}

export function rtnetlink(sh: Shell, message: string): number {
  sh.err(`RTNETLINK answers: ${message}`);
  return 2;
}

function fileExists(sh: Shell): number {
  return rtnetlink(sh, 'File exists');
}
