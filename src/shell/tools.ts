import { getoptWords, pingRefusal } from './ping-args.js';
import { parseSleepInterval } from './sleep-interval.js';
import { setForwarding } from '../devices/host-config.js';
import { ArpingApp } from '../devices/arping.js';
import { PingApp } from '../devices/ping.js';
import { TracerouteApp } from '../devices/traceroute.js';
import type { Command } from '../topology/command.js';
import { CommandSyntaxError, parseCommand } from '../topology/command-parser.js';
import { renderBridgeLinks, renderFdb, type FdbFilter } from './render-bridge.js';
import { STP_LIMITS } from '../topology/stp-spec.js';
import { renderIptables, IPTABLES_CHAINS } from './render-iptables.js';
import { renderNetToolsRoutes } from './render-routes.js';
import { device, matches, unsupported, type Shell, type Status } from './shell.js';

/**
 * `ping ...` with the scenario language's options; the line ends when ping
 * does, with ping's exit status. iputils' own refusals of its arguments come
 * first, in its words; without -c or -w ping runs until interrupted.
 */
export function ping(sh: Shell, words: string[]): Status {
  const args = getoptWords(words.slice(1));
  const refusal = pingRefusal(args);
  if (refusal) {
    sh.err(refusal.message);
    return refusal.status;
  }
  const command = parsed(sh, ['ping', ...args], /^$/);
  if (typeof command === 'number') return command;
  if (command.name !== 'ping') return 1;
  const app = new PingApp(sh.ns.host.appContext('ping'), command, sh.seq, (status) => sh.finish(status));
  app.start();
  if (command.count === undefined && !command.deadlineS) sh.untilInterrupted(() => app.interrupt());
  return undefined;
}

/** `arping [-c N] [-I IFACE] ADDR` as the scenario language runs it; the line ends when arping does, or without -c when interrupted. */
export function arping(sh: Shell, words: string[]): Status {
  const command = parsed(sh, words, /^-[cI]./);
  if (typeof command === 'number') return command;
  if (command.name !== 'arping') return 1;
  const app = new ArpingApp(sh.ns.host.appContext('arping'), command, sh.seq, (status) => sh.finish(status));
  app.start();
  if (command.count === undefined) sh.untilInterrupted(() => app.interrupt());
  return undefined;
}

/** `traceroute [-n] HOST` as the scenario language runs it; the line ends when traceroute does. */
export function traceroute(sh: Shell, words: string[]): Status {
  const command = parsed(sh, words, /^$/);
  if (typeof command === 'number') return command;
  if (command.name !== 'traceroute') return 1;
  new TracerouteApp(sh.ns.host.appContext('traceroute'), command, sh.seq, (status) => sh.finish(status)).start();
  return undefined;
}

/**
 * A program's words read by the scenario language's parser. iputils reads its
 * options with getopt, so an option matching `glued` is split: `-c1` is `-c 1`.
 */
function parsed(sh: Shell, words: string[], glued: RegExp): Command | number {
  const split = words.flatMap((w) => (glued.test(w) ? [w.slice(0, 2), w.slice(2)] : [w]));
  try {
    return parseCommand(split.join(' '));
  } catch (e) {
    if (e instanceof CommandSyntaxError) return unsupported(sh, e.message);
    throw e;
  }
}

/** net-tools `route [-n]`: the kernel IP routing table. */
export function route(sh: Shell, args: string[]): number {
  const numeric = args.includes('-n');
  if (args.some((a) => a !== '-n')) return unsupported(sh, `hoplab's route only lists the table (route [-n]); use ip route to change it`);
  for (const line of renderNetToolsRoutes(sh.ns.host, numeric)) sh.out(line);
  return 0;
}

/** `iptables [-t TABLE] -L [CHAIN] [-n]`: a namespace's own netfilter tables, empty with policy ACCEPT. */
export function iptables(sh: Shell, args: string[]): number {
  let table = 'filter';
  let list = false;
  let chain: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === '-t' || w === '--table') table = args[++i] ?? '';
    else if (w === '-L' || w === '--list') {
      list = true;
      if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) chain = args[++i];
    } else if (w === '--numeric' || /^-[nL]+$/.test(w)) {
      // -n only spares name lookups, which print nothing here; -nL and -Ln list too.
      if (w.includes('L')) list = true;
    } else return unsupported(sh, `hoplab has no packet filter: iptables ${w} is not supported`);
  }
  if (!list) return unsupported(sh, 'hoplab has no packet filter: only iptables -L lists its empty chains');
  if (!IPTABLES_CHAINS[table]) {
    sh.err(`iptables v1.8.9 (nf_tables): table '${table}' does not exist`);
    return 1;
  }
  if (chain !== undefined && !IPTABLES_CHAINS[table]!.includes(chain)) {
    sh.err(`iptables: No chain/target/match by that name.`);
    return 1;
  }
  for (const line of renderIptables(table, chain)) sh.out(line);
  return 0;
}

/** `sysctl [-w] net.ipv4.ip_forward[=0|1]` (also conf.all.forwarding). */
export function sysctl(sh: Shell, args: string[]): number {
  const words = args[0] === '-w' ? args.slice(1) : args;
  const m = words.length === 1 ? /^(net\.ipv4\.ip_forward|net\.ipv4\.conf\.all\.forwarding)(?:=([01]))?$/.exec(words[0]!) : null;
  if (!m) return unsupported(sh, 'hoplab emulates only sysctl net.ipv4.ip_forward');
  const host = sh.ns.host;
  if (m[2] === undefined) {
    sh.out(`${m[1]} = ${host.ipForward ? 1 : 0}`);
    return 0;
  }
  if (args[0] !== '-w') return unsupported(sh, `sysctl sets a value with -w: sysctl -w ${words[0]}`);
  sh.out(`${m[1]} = ${m[2]}`);
  setForwarding(host, m[2] === '1', sh.seq);
  return 0;
}

/** `bridge fdb show [br BR] [dev DEV] [dynamic]`, `bridge link [show]` (iproute2 6.1 bridge/). */
export function bridge(sh: Shell, args: string[]): number {
  const [object, sub, ...rest] = args;
  if (matches(object, 'link') && (sub === undefined || matches(sub, 'show'))) {
    for (const line of renderBridgeLinks(sh.kernel, sh.bridges, sh.ns)) sh.out(line);
    return 0;
  }
  if (matches(object, 'link') && matches(sub ?? '', 'set')) return bridgeLinkSet(sh, rest);
  if (matches(object, 'fdb') && (sub === undefined || matches(sub, 'show'))) {
    const filter: FdbFilter = {};
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      if (w === 'br' || w === 'dev') {
        const link = device(sh, rest[++i] ?? '');
        if (!link) return 1;
        if (w === 'br') filter.bridge = link;
        else filter.dev = link;
      } else if (w === 'dynamic') filter.dynamic = true;
      else return unsupported(sh, `hoplab does not support '${w}' in bridge fdb show`);
    }
    for (const line of renderFdb(sh.kernel, sh.bridges, sh.ns, filter)) sh.out(line);
    return 0;
  }
  return unsupported(sh, `hoplab supports bridge fdb show and bridge link show, not 'bridge ${args.join(' ')}'`);
}

/**
 * `bridge link set dev X cost N priority N` (bridge/link.c): a port's path
 * cost (1..65535) and priority (0..63), the kernel's ERANGE beyond them
 * (br_stp_set_path_cost, br_stp_set_port_priority; checked on 6.18).
 */
function bridgeLinkSet(sh: Shell, args: string[]): number {
  let dev: string | undefined;
  const set: { cost?: number; priority?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = args[i + 1];
    if (w === 'dev') dev = args[++i];
    else if (w === 'cost' || w === 'priority') {
      if (v === undefined || !/^\d+$/.test(v)) {
        sh.err(`Invalid "${w}" value`);
        return 255;
      }
      set[w] = Number(v);
      i++;
    } else return unsupported(sh, `hoplab's bridge link set takes dev, cost and priority, not '${w}'`);
  }
  const link = device(sh, dev ?? '');
  if (!link) return 1;
  if (!link.master) {
    sh.err('RTNETLINK answers: Operation not supported');
    return 255;
  }
  const { cost, portPriority } = STP_LIMITS;
  if (
    (set.cost !== undefined && (set.cost < cost.min || set.cost > cost.max)) ||
    (set.priority !== undefined && set.priority > portPriority.max)
  ) {
    sh.err('RTNETLINK answers: Numerical result out of range');
    return 255;
  }
  sh.bridges.setPort(link, set, sh.seq);
  return 0;
}

/**
 * `sleep N...`: virtual time passes and the network runs on. The virtual
 * clock counts integer nanoseconds up to 2^53 (about 104 days): a sleep past
 * that fails in hoplab's words rather than leaving the next lines unrun.
 */
export function sleep(sh: Shell, args: string[]): Status {
  const interval = parseSleepInterval(args);
  if ('errors' in interval) {
    for (const line of interval.errors) sh.err(line);
    return 1;
  }
  // `sleep infinity` never wakes: Ctrl-C kills it (SIGINT's default action), which bash reports as 128 + 2.
  if (interval.seconds === Number.POSITIVE_INFINITY) {
    sh.untilInterrupted(() => sh.finish(130));
    return undefined;
  }
  const now = sh.kernel.network.now;
  const wake = now + Math.round(interval.seconds * 1e9);
  if (!(wake <= Number.MAX_SAFE_INTEGER)) {
    return unsupported(
      sh,
      `sleep ${args.join(' ')}: hoplab's virtual clock stops at 2^53 ns (about 104 days), before this sleep would end`,
    );
  }
  sh.kernel.network.schedule(wake, () => sh.finish(0), undefined);
  return undefined;
}
