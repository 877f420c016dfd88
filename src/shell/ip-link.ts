import { checkNameAsKernel, checkNamesAsIproute } from './ifname.js';
import { invarg, lladdrArg, parseNewLink, type NewLinkWords } from './iplink-parse.js';
import { addressFacts, renderLink } from './render-ip-link.js';
import { briefLine, linkJson, onelineAddresses } from './render-ip-forms.js';
import { DEFAULT_IP_OPTIONS, type IpOptions } from './ip-options.js';
import { runSubcommand } from './ip-subcommand.js';
import { printJson } from './ip-json.js';
import { linkDetails } from './render-link-details.js';
import { statsJson, statsLines } from './render-link-stats.js';
import { parseBridgeOptions, rangeError } from './bridge-options.js';
import type { BridgeOptions } from './bridges.js';
import { DEFAULT_AGEING_CS } from './bridges.js';
import type { Link, Namespace } from './kernel.js';
import { device, matches, unsupported, type Shell, type Status } from './shell.js';
import { extack, rtnetlink } from './kernel-answer.js';
import { flushNeighbours, interfaceMtu } from '../devices/host-config.js';

/** `ip link add|delete|set|show` (iproute2 6.1 ip/iplink.c do_iplink) against the script's namespaces. */
export function ipLink(sh: Shell, args: string[], o: IpOptions = DEFAULT_IP_OPTIONS): Status {
  const [sub, ...rest] = args;
  if (sub === undefined) return show(sh, [], false, o);
  return runSubcommand(sh, 'link', sub, rest, [
    { words: ['add'], run: (a) => add(sh, a) },
    { words: ['change', 'set'], run: (a) => set(sh, a) },
    { words: ['replace'] },
    { words: ['delete'], run: (a) => del(sh, a) },
    { words: ['show', 'lst', 'list'], run: (a) => show(sh, a, false, o) },
    { words: ['xstats'] },
    { words: ['afstats'] },
    { words: ['property'] },
    { words: ['help'] },
  ]);
}

/**
 * `ip [-d|-br|-o|-j|-4] link show [dev] [NAME]` and, with addresses, `ip addr
 * show`: every device of the namespace in ifindex order. `-4 addr` and `-o
 * addr` list only the devices with an address (ipaddr_list_flush_or_save's
 * family filter and no_link).
 */
export function show(sh: Shell, args: string[], withAddresses: boolean, o: IpOptions = DEFAULT_IP_OPTIONS): number {
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') name = args[++i];
    else if (w.startsWith('-') || ['up', 'type', 'master', 'group', 'scope', 'label', 'to'].includes(w))
      return unsupported(sh, `hoplab does not support '${w}' in ip ${withAddresses ? 'addr' : 'link'} show`);
    else name = w;
  }
  if (o.json && (o.details || o.brief || o.oneline)) return unsupported(sh, 'hoplab prints -json alone, without -d, -br or -o');
  if (o.stats && withAddresses && (o.json || o.oneline || o.inet) && !o.brief)
    return unsupported(sh, 'hoplab prints ip -s addr as text only, without -j, -o or -4');
  const named = name === undefined ? undefined : sh.kernel.find(sh.ns, name);
  let links = name === undefined ? [...sh.ns.links].sort((a, b) => a.ifindex - b.ifindex) : named ? [named] : [];
  if (name !== undefined && links.length === 0) {
    sh.err(`Device "${name}" does not exist.`);
    return 1;
  }
  // rtnl_getlink (one device named) runs a pending linkwatch event for it first (linkwatch_sync_dev).
  if (name !== undefined) for (const link of links) sh.kernel.linkwatch.sync(link);
  if (withAddresses && (o.inet || o.oneline) && !o.brief) links = links.filter((l) => addressFacts(sh.kernel, l).length > 0);
  if (o.json) {
    printJson(
      sh,
      links.map((l) => ({ ...linkJson(sh.kernel, l, withAddresses), ...(o.stats && { stats64: statsJson(sh.counters.of(l)) }) })),
      o.pretty,
    );
    return 0;
  }
  for (const link of links) {
    if (o.brief) sh.out(briefLine(sh.kernel, link, withAddresses));
    else if (o.oneline && withAddresses) for (const line of onelineAddresses(sh.kernel, link)) sh.out(line);
    else {
      const extra = o.details ? linkDetails(sh.kernel, sh.bridges, link, withAddresses) : undefined;
      const lines = renderLink(sh.kernel, link, withAddresses, extra, withAddresses && o.inet);
      // print_linkinfo ends with the counters, after the details and the addresses.
      if (o.stats) lines.push(...statsLines(sh.counters.of(link)));
      if (o.oneline) sh.out(lines.join('\\'));
      else for (const line of lines) sh.out(line);
    }
  }
  return 0;
}

function add(sh: Shell, args: string[]): number {
  const link = parseNewLink(sh, args, sh.ns, (name) => namespaceArg(sh, name));
  if (typeof link === 'number') return link;
  const { type, typeArgs } = link;
  if (type === 'bridge') {
    // Without a name the kernel names it from the kind's template (rtnl_newlink: "bridge%d").
    const name = link.name ?? freeName(sh.ns, 'bridge');
    const refused = checkNamesAsIproute(sh, [{ name, word: link.word }]) ?? checkNameAsKernel(sh, name);
    return refused ?? addBridge(sh, link.ns, name, typeArgs);
  }
  if (type === undefined) {
    sh.err('Not enough information: "type" argument is required');
    return 1;
  }
  if (type !== 'veth') return unsupported(sh, `hoplab makes veth and bridge devices, not '${type}'`);
  if (link.name === undefined) return unsupported(sh, 'hoplab needs the veth named (ip link add NAME type veth peer name PEER)');
  return addVeth(sh, { ...link, name: link.name }, typeArgs);
}

/** The first `PREFIXn` the namespace has no device called (dev_alloc_name). */
function freeName(ns: Namespace, prefix: string): string {
  let n = 0;
  while (ns.byName.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function addVeth(sh: Shell, link: NewLinkWords & { name: string }, args: string[]): number {
  const { ns, name } = link;
  if (args.length > 0 && args[0] !== 'peer') return unsupported(sh, `hoplab does not support '${args[0]}' for a veth`);
  // veth_parse_opt reads the peer's words with iplink_parse too.
  const peer = parseNewLink(sh, args.slice(1), ns, (n) => namespaceArg(sh, n));
  if (typeof peer === 'number') return peer;
  if (peer.type !== undefined) return unsupported(sh, "hoplab does not support 'type' for a veth peer");
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
    } else if (w === 'mtu') {
      const text = args[++i] ?? '';
      if (!/^-?\d+$/.test(text)) return invarg(sh, text, 'Invalid "mtu" value');
      steps.push(() => setMtu(sh, link, Number(text)));
    } else if (matches(w, 'master')) {
      const bridgeName = args[++i] ?? '';
      const bridge = sh.kernel.find(sh.ns, bridgeName);
      if (!bridge) return invarg(sh, bridgeName, 'Device does not exist');
      steps.push(() => {
        if (!bridge.bridge || link.kind !== 'veth') return rtnetlink(sh, 'Operation not supported');
        sh.bridges.enslave(link, bridge, sh.seq);
        return 0;
      });
    } else if (matches(w, 'nomaster')) {
      steps.push(() => {
        sh.bridges.release(link, sh.seq);
        return 0;
      });
    } else if (w === 'name') {
      const newName = args[++i] ?? '';
      const refused = checkNamesAsIproute(sh, [{ name: newName, word: 'name' }]) ?? checkNameAsKernel(sh, newName);
      if (refused !== undefined) return refused;
      steps.push(() => rename(sh, link, newName));
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
    } else if (matches(w, 'address')) {
      const mac = lladdrArg(sh, args[++i] ?? '');
      if (typeof mac !== 'number') return mac.status;
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
 * (br_stp_recalculate_bridge_id on NETDEV_CHANGEADDR). The interface's
 * neighbour entries go, permanent ones too (arp_netdev_event's
 * neigh_changeaddr on NETDEV_CHANGEADDR): they were learned for the old MAC.
 */
function setAddress(sh: Shell, link: Link, mac: number): number {
  if (link.kind !== 'veth') return unsupported(sh, 'hoplab changes the address of veth devices only');
  link.mac = mac;
  const iface = sh.kernel.hostInterface(link);
  if (iface) {
    iface.mac = mac;
    flushNeighbours(link.ns.host, link.name, sh.seq);
  }
  sh.kernel.noteCable(link);
  if (link.master) sh.bridges.portAddressChanged(link);
  return 0;
}

/**
 * `ip link set X mtu N` on a veth: the kernel checks it against the device's
 * limits (dev_validate_mtu: veth's 68..65535), and the stack sends by it
 * from then on (fragmenting what exceeds it), announced as the interface's
 * new state.
 */
function setMtu(sh: Shell, link: Link, mtu: number): number {
  if (link.kind !== 'veth') return unsupported(sh, 'hoplab changes the MTU of veth devices only');
  if (mtu > 65535) return extack(sh, 'mtu greater than device maximum.');
  if (mtu < 68) return extack(sh, 'mtu less than device minimum.');
  link.mtu = mtu;
  const iface = sh.kernel.hostInterface(link);
  if (iface) interfaceMtu(link.ns.host, iface, mtu, sh.seq);
  return 0;
}

/**
 * `ip link set X name N`: dev_change_name, which kernel 6.18 allows on a
 * device that is up (oracle I6-iproute renames eth0 while it carries
 * traffic), and refuses for a name the namespace has (-EEXIST).
 */
function rename(sh: Shell, link: Link, to: string): number {
  if (to === link.name) return 0;
  if (sh.kernel.find(link.ns, to)) return fileExists(sh);
  if (link.kind !== 'veth' || link.master) return unsupported(sh, 'hoplab renames veth devices that are no bridge port only');
  sh.kernel.rename(link, to, sh.seq);
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
    if (sh.kernel.isUp(link) !== up)
      link.ns.host.runCommand({ name: 'link-set', dev: link.name, up, carrier: carrierOnOpen(sh, link) }, sh.seq);
    return 0;
  }
  if (link.up === up) return 0;
  link.up = up;
  const what = link.bridge ? `the bridge ${link.name}` : `${link.name}, a port of ${link.master!.name},`;
  // A bridge with an address is an interface of the stack too: the stack sets it, and its routes, up or down.
  if (sh.kernel.hostInterface(link))
    link.ns.host.runCommand({ name: 'link-set', dev: link.name, up, carrier: carrierOnOpen(sh, link) }, sh.seq);
  else sh.kernel.event(link.ns.name, link.name, up, sh.seq, `${link.ns.name} sets ${what} ${up ? 'up' : 'down'}`);
  return 0;
}

/** The carrier `link` has once it is up (Kernel.hasCarrier, asked before its stack has set it up): a veth's peer up, a bridge forwarding on a port. */
function carrierOnOpen(sh: Shell, link: Link): boolean {
  if (link.kind === 'veth') return !!link.peer && sh.kernel.isUp(link.peer);
  if (link.kind === 'bridge') return link.bridge!.ports.some((p) => sh.kernel.forwards(p));
  return true;
}

/** `netns NS` or `netns 1`: lo and bridges are bound to their namespace (NETIF_F_NETNS_LOCAL). */
function moveTo(sh: Shell, link: Link, to: Namespace): number {
  if (link.kind !== 'veth') return rtnetlink(sh, 'Invalid argument');
  if (to === link.ns) return 0;
  if (sh.kernel.find(to, link.name)) return fileExists(sh);
  sh.kernel.linkwatch.aroundPeer(link, sh.seq, () => sh.kernel.move(link, to, sh.seq));
  return 0;
}

/** A namespace named on the command line: a name in /run/netns, or a PID (only process 1, the root namespace, exists here). */
export function namespaceArg(sh: Shell, name: string | undefined): Namespace | undefined {
  const ns = name === undefined ? undefined : sh.kernel.lookup(name);
  if (!ns) invarg(sh, name ?? '', 'Invalid "netns" value');
  return ns;
}

function fileExists(sh: Shell): number {
  return rtnetlink(sh, 'File exists');
}
