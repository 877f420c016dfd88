import { ip, namedNamespaces, NETNS_RUN_DIR } from './ip.js';
import { ROOT } from '../topology/script-load.js';
import { unsupported, type Shell, type Status } from './shell.js';
import { ifconfig } from './ifconfig.js';
import { arping, bridge, iptables, ping, route, sleep, sysctl, traceroute } from './tools.js';
import { tcpdump } from './tcpdump.js';

/** The programs a script can run (SPEC §2); a path such as /sbin/ip names the same program. */
export function execute(sh: Shell, words: string[]): Status {
  const w = withoutSudo(words);
  const [path, ...args] = w;
  // `sudo` alone prints its usage and fails.
  if (path === undefined) return words.length === 0 ? 0 : unsupported(sh, 'sudo needs a command to run: sudo COMMAND');
  const program = path.slice(path.lastIndexOf('/') + 1);
  switch (program) {
    case 'ip':
      return ip(sh, args, execute);
    case 'ping':
      return ping(sh, ['ping', ...args]);
    case 'ifconfig':
      return ifconfig(sh, args);
    case 'route':
      return route(sh, args);
    case 'iptables':
      return iptables(sh, args);
    case 'sysctl':
      return sysctl(sh, args);
    case 'bridge':
      return bridge(sh, args);
    case 'sleep':
      return sleep(sh, args);
    case 'tcpdump':
      return tcpdump(sh, args);
    case 'arping':
      return arping(sh, ['arping', ...args]);
    case 'traceroute':
      return traceroute(sh, ['traceroute', ...args]);
    case 'wait':
      // bash's `wait` with no operand: until every background job has ended, then status 0.
      if (args.length > 0) return unsupported(sh, `hoplab's wait waits for every background job; it takes no '${args[0]}'`);
      sh.waitForJobs(() => sh.finish(0));
      return undefined;
    case 'ls':
      return ls(sh, args);
    case 'echo':
      sh.out(args.join(' '));
      return 0;
    case 'true':
    case ':':
      return 0;
    case 'false':
      return 1;
    default:
      return unsupported(
        sh,
        `hoplab does not emulate '${program}' (it runs ip, ping, arping, traceroute, tcpdump, ifconfig, route, iptables -L, sysctl, bridge, sleep, wait, echo, ls /run/netns)`,
      );
  }
}

/** A leading `sudo` (and its options) changes nothing: hoplab's namespaces are the user's to change. */
export function withoutSudo(words: string[]): string[] {
  return words.slice(sudoEnd(words, 0));
}

/** The index of the first word after any `sudo` (and its options) from `from` on. */
export function sudoEnd(words: readonly string[], from: number): number {
  let i = from;
  while (words[i] === 'sudo') {
    i++;
    while (words[i]?.startsWith('-')) i++;
  }
  return i;
}

/**
 * `ls /run/netns` (or /var/run/netns, a link to it): the names `ip netns add`
 * made there, one a line as ls writes to a pipe, in the C locale's order.
 * The directory appears with the first `ip netns add`.
 */
function ls(sh: Shell, args: string[]): number {
  const dir = args.length === 1 ? args[0]!.replace(/\/+$/, '').replace(/^\/var\/run\//, '/run/') : undefined;
  if (dir !== NETNS_RUN_DIR) return unsupported(sh, `hoplab's ls lists ${NETNS_RUN_DIR} only, not '${args.join(' ')}'`);
  if (!sh.kernel.nodes.some((n) => n.kind === 'host' && n.name !== ROOT)) {
    sh.err(`ls: cannot access '${args[0]}': No such file or directory`);
    return 2;
  }
  const names = namedNamespaces(sh).map((n) => n.name);
  for (const name of names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) sh.out(name);
  return 0;
}
