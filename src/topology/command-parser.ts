import { parseMac } from '../wire/mac.js';
import { parseCidr, tryParseIpv4, type Cidr } from '../wire/ipv4-address.js';
import { InputError } from '../errors/input-error.js';
import { WireError } from '../wire/wire-error.js';
import type { Command, PingCommand } from './command.js';
import { parseDuration } from './units.js';

/**
 * A command that cannot be run; `offset` is where in the command text the problem
 * starts. The front ends place it in their file (`file:line:col`) before a user sees it.
 */
export class CommandSyntaxError extends InputError {
  override name = 'CommandSyntaxError';

  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Token {
  text: string;
  offset: number;
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) tokens.push({ text: m[0], offset: m.index });
  return tokens;
}

/** Reads tokens left to right, failing with the offset of the token at fault. */
class Cursor {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly lineLength: number,
  ) {}

  get done(): boolean {
    return this.i >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new CommandSyntaxError(`expected ${what}`, this.lineLength);
    return t;
  }
  fail(message: string, token?: Token): never {
    throw new CommandSyntaxError(message, token?.offset ?? this.lineLength);
  }
  expectEnd(): void {
    const t = this.peek();
    if (t) this.fail(`unexpected '${t.text}'`, t);
  }
}

export function parseCommand(line: string): Command {
  const c = new Cursor(tokenize(line), line.length);
  const head = c.next('a command');
  switch (head.text) {
    case 'ping':
      return parsePing(c);
    case 'arping':
      return parseArping(c);
    case 'send':
      return parseSend(c);
    case 'traceroute': {
      const numeric = c.peek()?.text === '-n';
      if (numeric) c.next('-n');
      const dest = c.next('a destination');
      c.expectEnd();
      return { name: 'traceroute', destination: dest.text, ...(numeric && { numeric }) };
    }
    case 'ip':
      return parseIp(c);
    case 'sysctl':
      return parseSysctl(c);
    case 'bridge': {
      const [a, b] = [c.next("'fdb'"), c.next("'flush'")];
      if (a.text !== 'fdb' || b.text !== 'flush') c.fail("only 'bridge fdb flush' runs in a scenario", a);
      c.expectEnd();
      return { name: 'fdb-flush' };
    }
    default:
      return c.fail(`unknown command '${head.text}' (known: ping, arping, send, traceroute, ip, sysctl, bridge)`, head);
  }
}

function integer(c: Cursor, what: string, min: number, max: number): number {
  const t = c.next(what);
  if (!/^\d+$/.test(t.text) || Number(t.text) < min || Number(t.text) > max) {
    c.fail(`${what} must be a whole number from ${min} to ${max}, not '${t.text}'`, t);
  }
  return Number(t.text);
}

function seconds(c: Cursor, what: string): number {
  const t = c.next(what);
  const ns = /^\d+(\.\d+)?$/.test(t.text) ? parseDuration(t.text) : undefined;
  if (ns === undefined) c.fail(`${what} must be a number of seconds, not '${t.text}'`, t);
  return ns;
}

function parsePing(c: Cursor): PingCommand {
  const ping: PingCommand = { name: 'ping', destination: '', intervalNs: 1e9, ttl: 64, size: 56, waitNs: 10e9, broadcast: false };
  let dest: Token | undefined;
  while (!c.done) {
    const t = c.next('an option');
    switch (t.text) {
      case '-c':
        ping.count = integer(c, 'ping -c', 1, 1e9);
        break;
      case '-i':
        ping.intervalNs = seconds(c, 'ping -i');
        break;
      case '-t':
        // 0 passes getopt; setsockopt(IP_TTL) refuses it when ping starts, as iputils finds out.
        ping.ttl = integer(c, 'ping -t', 0, 255);
        break;
      case '-s':
        ping.size = integer(c, 'ping -s', 0, 65507);
        break;
      case '-W':
        ping.waitNs = seconds(c, 'ping -W');
        break;
      case '-b':
        ping.broadcast = true;
        break;
      case '-q':
        ping.quiet = true;
        break;
      case '-n':
        ping.numeric = true;
        break;
      case '-M': {
        const m = c.next("'do', 'dont' or 'want'");
        if (m.text !== 'do' && m.text !== 'dont' && m.text !== 'want') c.fail(`ping -M takes do, dont or want, not '${m.text}'`, m);
        ping.pmtuDiscovery = m.text;
        break;
      }
      case '-w':
        ping.deadlineS = integer(c, 'ping -w', 0, 2147483647);
        break;
      default:
        if (t.text.startsWith('-')) c.fail(`ping: unsupported option '${t.text}' (supported: -c -i -t -s -W -w -b -q -n -M)`, t);
        if (dest) c.fail(`ping takes one destination; '${t.text}' is a second`, t);
        dest = t;
    }
  }
  if (!dest) c.fail('ping: a destination is required');
  ping.destination = dest.text;
  return ping;
}

function ipv4(c: Cursor, what: string): number {
  const t = c.next(what);
  const a = tryParseIpv4(t.text);
  if (a === undefined) c.fail(`${what} must be an IPv4 address, not '${t.text}'`, t);
  return a;
}

function parseArping(c: Cursor): Command {
  let count: number | undefined;
  let iface: string | undefined;
  let dest: number | undefined;
  while (!c.done) {
    const t = c.peek()!;
    if (t.text === '-c') {
      c.next('-c');
      count = integer(c, 'arping -c', 1, 1e9);
    } else if (t.text === '-I') {
      c.next('-I');
      iface = c.next('an interface').text;
    } else if (t.text.startsWith('-')) c.fail(`arping: unsupported option '${t.text}' (supported: -c -I)`, t);
    else dest = ipv4(c, 'arping destination');
  }
  if (dest === undefined) c.fail('arping: a destination is required');
  return { name: 'arping', destination: dest, ...(count !== undefined && { count }), ...(iface !== undefined && { iface }) };
}

function parseSend(c: Cursor): Command {
  const iface = c.next('an interface').text;
  let dst: number | undefined;
  let etherType = 0x88b5; // IEEE 802 "local experimental" EtherType
  let payload = '';
  let count = 1;
  while (!c.done) {
    const t = c.next('an option');
    if (t.text === '--dst') {
      const m = c.next('a MAC');
      try {
        dst = parseMac(m.text);
      } catch (e) {
        if (e instanceof WireError) c.fail(`send --dst: '${m.text}' is not a MAC address`, m);
        throw e;
      }
    } else if (t.text === '--type') {
      const m = c.next('an EtherType');
      if (!/^0x[0-9a-fA-F]{1,4}$/.test(m.text)) c.fail(`send --type takes 0xNNNN, not '${m.text}'`, m);
      etherType = Number.parseInt(m.text.slice(2), 16);
    } else if (t.text === '--payload') {
      payload = c.next('payload text').text;
    } else if (t.text === '--count') {
      count = integer(c, 'send --count', 1, 1e9);
    } else c.fail(`send: unknown option '${t.text}' (known: --dst --type --payload --count)`, t);
  }
  if (dst === undefined) c.fail('send: --dst MAC is required');
  return { name: 'send', iface, dst, etherType, payload, count };
}

function parseIp(c: Cursor): Command {
  const object = c.next("'link', 'addr', 'route' or 'neigh'");
  switch (object.text) {
    case 'link': {
      const set = c.next("'set'");
      if (set.text !== 'set') c.fail(`ip link: only 'set' runs in a scenario, not '${set.text}'`, set);
      let dev = c.next('an interface');
      if (dev.text === 'dev') dev = c.next('an interface');
      const state = c.next("'up' or 'down'");
      if (state.text !== 'up' && state.text !== 'down') c.fail(`ip link set: expected 'up' or 'down', not '${state.text}'`, state);
      c.expectEnd();
      return { name: 'link-set', dev: dev.text, up: state.text === 'up' };
    }
    case 'addr':
    case 'address': {
      const op = c.next("'add' or 'del'");
      if (op.text !== 'add' && op.text !== 'del') c.fail(`ip addr: expected 'add' or 'del', not '${op.text}'`, op);
      const cidrToken = c.next('an address/prefix');
      let cidr: Cidr;
      try {
        cidr = parseCidr(cidrToken.text.includes('/') ? cidrToken.text : `${cidrToken.text}/32`);
      } catch (e) {
        if (e instanceof WireError) c.fail(`'${cidrToken.text}' is not an IPv4 address/prefix`, cidrToken);
        throw e;
      }
      const devWord = c.next("'dev'");
      if (devWord.text !== 'dev') c.fail(`expected 'dev', not '${devWord.text}'`, devWord);
      const dev = c.next('an interface').text;
      c.expectEnd();
      return { name: 'addr', op: op.text, cidr, dev };
    }
    case 'route':
      return parseRoute(c);
    case 'neigh':
    case 'neighbour': {
      const f = c.next("'flush'");
      if (f.text !== 'flush') c.fail(`ip neigh: only 'flush all' runs in a scenario`, f);
      const all = c.peek();
      if (all && all.text !== 'all') c.fail(`ip neigh flush: expected 'all'`, all);
      if (all) c.next('all');
      c.expectEnd();
      return { name: 'neigh-flush' };
    }
    default:
      return c.fail(`ip: unknown object '${object.text}' (known: link, addr, route, neigh)`, object);
  }
}

function parseRoute(c: Cursor): Command {
  const op = c.next("'add' or 'del'");
  if (op.text !== 'add' && op.text !== 'del') c.fail(`ip route: expected 'add' or 'del', not '${op.text}'`, op);
  const to = c.next("a destination ('default' or A.B.C.D/N)");
  let destination = 0;
  let prefixLength = 0;
  if (to.text !== 'default') {
    try {
      const cidr = parseCidr(to.text.includes('/') ? to.text : `${to.text}/32`);
      destination = cidr.address;
      prefixLength = cidr.prefixLength;
    } catch (e) {
      if (e instanceof WireError) c.fail(`'${to.text}' is not a route destination`, to);
      throw e;
    }
  }
  let via: number | undefined;
  let dev: string | undefined;
  let metric: number | undefined;
  while (!c.done) {
    const t = c.next("'via', 'dev' or 'metric'");
    if (t.text === 'via') via = ipv4(c, 'via');
    else if (t.text === 'dev') dev = c.next('an interface').text;
    else if (t.text === 'metric') {
      // RTA_PRIORITY, a u32 (iproute.c reads `metric`, `priority` and `preference` alike).
      const n = c.next('a metric');
      if (!/^\d+$/.test(n.text) || Number(n.text) > 0xffffffff) c.fail(`ip route: metric must be 0..4294967295, not '${n.text}'`, n);
      metric = Number(n.text);
    } else c.fail(`ip route: unexpected '${t.text}' (known: via, dev, metric)`, t);
  }
  if (via === undefined && dev === undefined && op.text === 'add') c.fail("ip route add needs 'via GATEWAY' or 'dev IFACE'");
  return {
    name: 'route',
    op: op.text,
    destination,
    prefixLength,
    ...(via !== undefined && { via }),
    ...(dev !== undefined && { dev }),
    ...(metric !== undefined && { metric }),
  };
}

function parseSysctl(c: Cursor): Command {
  let t = c.next('a setting');
  if (t.text === '-w') t = c.next('a setting');
  const m = /^net\.ipv4\.(?:ip_forward|conf\.all\.forwarding)=([01])$/.exec(t.text);
  if (!m) c.fail(`sysctl: only net.ipv4.ip_forward=0|1 is supported, not '${t.text}'`, t);
  c.expectEnd();
  return { name: 'ip-forward', on: m[1] === '1' };
}
