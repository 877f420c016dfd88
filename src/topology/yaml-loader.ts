import { basename, extname } from 'node:path';
import type { LineCounter, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { parseCidr, formatIpv4, tryParseIpv4 } from '../wire/ipv4-address.js';
import { parseMac } from '../wire/mac.js';
import { readLayout } from './yaml-layout.js';
import { WireError } from '../wire/wire-error.js';
import { CommandSyntaxError, parseCommand } from './command-parser.js';
import type { SendCommand } from './command.js';
import {
  DEFAULT_AGING_NS,
  HUB_DEFAULT_RATE_BPS,
  LINK_DEFAULTS,
  type Endpoint,
  type InterfaceSpec,
  type LinkSpec,
  type NodeKind,
  type NodeSpec,
  type RouteSpec,
  type ScenarioStep,
  type Topology,
} from './model.js';
import { portCost, rstpPortCost } from './stp-spec.js';
import { readPorts, readStp, readVlans } from './yaml-bridge.js';
import { TopologyError } from './topology-error.js';
import { onLink } from './on-link.js';
import { firstDuplicateKey } from './yaml-duplicate-key.js';
import { composeFromEvents } from './yaml-events.js';
import { isMap, isScalar, isSeq, yamlLibrary } from './yaml-library.js';
import { parseDuration, parseRate } from './units.js';

/** The kernel's limit on a bridge's ageing time, in centiseconds, and a centisecond in ns. */
const MAX_AGING_CS = 0xffffffff;
const NS_PER_CS = 10_000_000;

const NODE_KINDS: readonly NodeKind[] = ['host', 'router', 'repeater', 'hub', 'bridge', 'switch'];
const TOP_KEYS = ['name', 'seed', 'nodes', 'links', 'scenario', 'limits', 'layout'];
const NODE_KEYS: Record<NodeKind, string[]> = {
  host: ['kind', 'interfaces', 'lo', 'routes', 'forwarding'],
  router: ['kind', 'interfaces', 'lo', 'routes'],
  repeater: ['kind', 'rate'],
  hub: ['kind', 'rate'],
  bridge: ['kind', 'agingTime', 'stp', 'ports'],
  switch: ['kind', 'agingTime', 'vlans', 'stp', 'ports'],
};
const LINK_KEYS = ['ends', 'delay', 'rate', 'queue', 'mtu'];

/**
 * Reads a topology file (YAML, or JSON, which is YAML) into the validated
 * model. Every problem is a TopologyError naming file:line:col.
 */
export function loadYamlTopology(text: string, file: string): Topology {
  return new YamlTopologyReader(text, file).read();
}

class YamlTopologyReader {
  private readonly lines: LineCounter = new (yamlLibrary().LineCounter)();
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly cabled = new Map<string, YamlNode>();

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  fail(node: YamlNode | Pair | null | undefined, problem: string, extraOffset = 0): never {
    let offset = 0;
    if (node && 'range' in node && node.range) offset = node.range[0];
    else if (node && 'key' in node) offset = (node.key as YamlNode | null)?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset + extraOffset);
    throw new TopologyError(this.file, pos.line, pos.col, problem);
  }

  read(): Topology {
    const root = this.compose();
    if (!isMap(root)) this.fail(root, 'a topology is a mapping with at least `nodes:`');
    this.checkKeys(root, TOP_KEYS, 'top-level key');
    const name = this.optionalString(root, 'name') ?? basename(this.file, extname(this.file));
    const seed = this.optionalInteger(root, 'seed', 0, 2 ** 32 - 1) ?? 1;
    const nodesNode = root.get('nodes', true) as YamlNode | undefined;
    if (!nodesNode) this.fail(root, 'missing `nodes:`');
    this.readNodes(nodesNode);
    const links = this.readLinks(root.get('links', true) as YamlNode | undefined);
    this.checkPortCounts(links);
    const scenario = this.readScenario(root.get('scenario', true) as YamlNode | undefined);
    const limits = this.readLimits(root.get('limits', true) as YamlNode | undefined);
    const layout = readLayout(root.get('layout', true) as YamlNode | undefined, this.nodes, (n, problem) => this.fail(n, problem));
    const topology = { name, seed, nodes: [...this.nodes.values()], links, scenario, limits, source: this.text, sourcePath: this.file };
    return layout ? { ...topology, layout } : topology;
  }

  /** The document's root node, read quickly where composeFromEvents can, keys checked unique. */
  private compose(): YamlNode | null {
    const quick = composeFromEvents(this.text, this.lines);
    if (quick === undefined) return this.parse();
    this.checkUniqueKeys(quick);
    return quick;
  }

  private checkUniqueKeys(root: unknown): void {
    const duplicate = firstDuplicateKey(root);
    if (duplicate) this.fail(duplicate, 'YAML: Map keys must be unique');
  }

  /**
   * The yaml library's own reading, for what composeFromEvents leaves to it:
   * its syntax errors, in its words, and what a topology seldom holds.
   */
  private parse(): YamlNode | null {
    // The yaml library's own duplicate-key check compares each key with every one before it:
    // 13.6 s for 40,000 nodes. checkUniqueKeys checks them instead, one set per mapping (firstDuplicateKey).
    const doc = yamlLibrary().parseDocument(this.text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
    const err = doc.errors[0];
    if (err) {
      const pos = this.lines.linePos(err.pos[0]);
      throw new TopologyError(this.file, pos.line, pos.col, `YAML: ${err.message.split('\n')[0]}`);
    }
    this.checkUniqueKeys(doc.contents);
    // YAML 1.1 reads 02:00:00:00:00:01 as a base-60 number and `no` as false: a topology is YAML 1.2.
    if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== '1.2') {
      const at = this.text.indexOf('%YAML');
      const pos = this.lines.linePos(Math.max(0, at));
      throw new TopologyError(
        this.file,
        pos.line,
        pos.col,
        `YAML: a topology is YAML 1.2, not ${doc.directives.yaml.version} (which reads a MAC address as a number); remove the %YAML directive`,
      );
    }
    return doc.contents;
  }

  checkKeys(map: YAMLMap, allowed: string[], what: string): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !allowed.includes(key)) {
        this.fail(pair.key as YamlNode, `unknown ${what} '${key}' (expected one of: ${allowed.join(', ')})`);
      }
    }
  }

  scalar(map: YAMLMap, key: string): { node: YamlNode; value: unknown } | undefined {
    const node = map.get(key, true) as YamlNode | undefined;
    if (node === undefined) return undefined;
    if (!isScalar(node)) this.fail(node, `\`${key}\` must be a single value`);
    return { node, value: node.value };
  }

  private optionalString(map: YAMLMap, key: string): string | undefined {
    const s = this.scalar(map, key);
    if (!s) return undefined;
    if (typeof s.value !== 'string' && typeof s.value !== 'number') this.fail(s.node, `\`${key}\` must be text`);
    return String(s.value);
  }

  optionalInteger(map: YAMLMap, key: string, min: number, max: number): number | undefined {
    const s = this.scalar(map, key);
    if (!s) return undefined;
    if (typeof s.value !== 'number' || !Number.isInteger(s.value) || s.value < min || s.value > max) {
      this.fail(s.node, `\`${key}\` must be a whole number from ${min} to ${max}, not '${String(s.value)}'`);
    }
    return s.value;
  }

  /**
   * A duration in nanoseconds. Virtual time counts integer nanoseconds: past 2^53 (about 104 days)
   * they are no longer exact, so that is the limit unless the caller bounds the value itself.
   */
  optionalDuration(map: YAMLMap, key: string, maxNs = Number.MAX_SAFE_INTEGER): number | undefined {
    const s = this.scalar(map, key);
    if (!s) return undefined;
    const ns = parseDuration(s.value as string | number);
    if (ns === undefined) this.fail(s.node, `\`${key}\`: '${String(s.value)}' is not a duration (e.g. 5us, 10ms, 2s)`);
    if (ns > maxNs) this.fail(s.node, `\`${key}\`: '${String(s.value)}' is past what the virtual clock counts (about 104 days)`);
    return ns;
  }

  /**
   * A bridge's `agingTime`, within what the kernel takes: 2^32 - 1 centiseconds (IFLA_BR_AGEING_TIME,
   * a u32 of clock_t). That is past 2^53 ns; the MAC table clamps it (MAX_AGING_NS), so no entry ages sooner.
   */
  private agingTime(map: YAMLMap): number {
    const ns = this.optionalDuration(map, 'agingTime', Number.POSITIVE_INFINITY) ?? DEFAULT_AGING_NS;
    if (ns > MAX_AGING_CS * NS_PER_CS)
      this.fail(this.scalar(map, 'agingTime')!.node, '`agingTime`: at most 42949672.95s, the 2^32-1 centiseconds the kernel takes');
    return ns;
  }

  private optionalRate(map: YAMLMap, key: string): number | undefined {
    const s = this.scalar(map, key);
    if (!s) return undefined;
    const bps = parseRate(s.value as string | number);
    if (bps === undefined) this.fail(s.node, `\`${key}\`: '${String(s.value)}' is not a rate (e.g. 10Mbps, 1Gbps)`);
    return bps;
  }

  private readNodes(nodesNode: YamlNode): void {
    if (!isMap(nodesNode)) this.fail(nodesNode, '`nodes` must map node names to their description');
    const seenAddresses = new Map<number, string>();
    for (const pair of nodesNode.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!/^[A-Za-z][\w.-]*$/.test(name)) this.fail(pair.key as YamlNode, `'${name}' is not a node name (letters, digits, '-', '_', '.')`);
      const body = pair.value as YamlNode;
      if (!isMap(body)) this.fail(body ?? (pair.key as YamlNode), `node '${name}' must be a mapping with a \`kind\``);
      const kindScalar = this.scalar(body, 'kind');
      if (!kindScalar) this.fail(pair.key as YamlNode, `node '${name}' has no \`kind\` (one of: ${NODE_KINDS.join(', ')})`);
      const kind = String(kindScalar.value) as NodeKind;
      if (!NODE_KINDS.includes(kind)) this.fail(kindScalar.node, `unknown node kind '${kind}' (one of: ${NODE_KINDS.join(', ')})`);
      this.checkKeys(body, NODE_KEYS[kind], `key for a ${kind}`);
      const spec: NodeSpec = { name, kind, interfaces: [], loUp: false, routes: [], ipForward: kind === 'router', ports: [] };
      if (kind === 'host' || kind === 'router') this.readInterfaces(body, spec, seenAddresses);
      if (kind === 'host' && body.get('forwarding') !== undefined) {
        const forwarding = this.scalar(body, 'forwarding')!;
        if (typeof forwarding.value !== 'boolean') this.fail(forwarding.node, '`forwarding` is true or false');
        spec.ipForward = forwarding.value;
      }
      if (kind === 'bridge' || kind === 'switch') spec.agingTimeNs = this.agingTime(body);
      if (kind === 'hub' || kind === 'repeater') spec.rateBps = this.optionalRate(body, 'rate') ?? HUB_DEFAULT_RATE_BPS;
      if (kind === 'bridge' || kind === 'switch') {
        const stp = body.get('stp', true) as YamlNode | undefined;
        if (stp) {
          const spec1 = readStp(this, stp);
          if (spec1) spec.stp = spec1;
        }
        const ports = body.get('ports', true) as YamlNode | undefined;
        if (ports) readPorts(this, ports, spec);
      }
      if (kind === 'switch') {
        const vlans = body.get('vlans', true) as YamlNode | undefined;
        if (vlans) spec.vlans = readVlans(this, vlans);
      }
      this.nodes.set(name, spec);
    }
  }

  private readInterfaces(body: YAMLMap, spec: NodeSpec, seen: Map<number, string>): void {
    const lo = this.optionalString(body, 'lo');
    if (lo !== undefined && lo !== 'up' && lo !== 'down') this.fail(body.get('lo', true) as YamlNode, "`lo` is 'up' or 'down'");
    spec.loUp = lo === 'up';
    const ifs = body.get('interfaces', true) as YamlNode | undefined;
    if (ifs !== undefined) {
      if (!isMap(ifs)) this.fail(ifs, '`interfaces` maps interface names to { ip, mac }');
      for (const pair of ifs.items) {
        const ifName = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!/^[A-Za-z][\w.-]{0,14}$/.test(ifName) || ifName === 'lo')
          this.fail(pair.key as YamlNode, `'${ifName}' is not an interface name`);
        const iface: InterfaceSpec = { name: ifName, addresses: [], up: true };
        const v = pair.value as YamlNode | null;
        if (v !== null && v !== undefined) {
          if (!isMap(v)) this.fail(v, `interface '${ifName}' must be a mapping like { ip: 10.0.0.1/24 }`);
          this.checkKeys(v, ['ip', 'mac'], 'interface key');
          const ip = this.scalar(v, 'ip');
          if (ip) {
            try {
              iface.addresses.push(parseCidr(String(ip.value)));
            } catch (e) {
              if (e instanceof WireError)
                this.fail(ip.node, `'${String(ip.value)}' is not an IPv4 address with a prefix (e.g. 10.0.0.1/24)`);
              throw e;
            }
            const addr = iface.addresses[0]!.address;
            const owner = seen.get(addr);
            if (owner) this.fail(ip.node, `duplicate address ${formatIpv4(addr)}: already on ${owner}`);
            seen.set(addr, `${spec.name}:${ifName}`);
          }
          const mac = this.scalar(v, 'mac');
          if (mac) {
            try {
              iface.mac = parseMac(String(mac.value));
            } catch (e) {
              if (e instanceof WireError) this.fail(mac.node, `'${String(mac.value)}' is not a MAC address (e.g. 02:00:00:00:00:01)`);
              throw e;
            }
          }
        }
        spec.interfaces.push(iface);
      }
    }
    const routes = body.get('routes', true) as YamlNode | undefined;
    if (routes !== undefined) spec.routes = this.readRoutes(routes, spec);
  }

  private readRoutes(node: YamlNode, spec: NodeSpec): RouteSpec[] {
    if (!isSeq(node)) this.fail(node, '`routes` is a list like [ { to: default, via: 10.0.0.254 } ]');
    return node.items.map((item) => {
      const r = item as YamlNode;
      if (!isMap(r)) this.fail(r, 'a route is { to: NET/LEN | default, via: ADDR } or { to: ..., dev: IFACE }');
      this.checkKeys(r, ['to', 'via', 'dev'], 'route key');
      const to = this.scalar(r, 'to');
      if (!to) this.fail(r, 'a route needs `to`');
      let destination = 0;
      let prefixLength = 0;
      if (to.value !== 'default') {
        try {
          const c = parseCidr(String(to.value).includes('/') ? String(to.value) : `${String(to.value)}/32`);
          destination = c.address;
          prefixLength = c.prefixLength;
        } catch (e) {
          if (e instanceof WireError) this.fail(to.node, `'${String(to.value)}' is not a route destination (default or A.B.C.D/N)`);
          throw e;
        }
      }
      const route: RouteSpec = { destination, prefixLength };
      const via = this.scalar(r, 'via');
      if (via) {
        const a = tryParseIpv4(String(via.value));
        if (a === undefined) this.fail(via.node, `'${String(via.value)}' is not an IPv4 address`);
        route.via = a;
      }
      const dev = this.optionalString(r, 'dev');
      if (dev !== undefined) {
        // ip route add ... dev X answers so when X does not exist (iproute2 ll_name_to_index).
        if (!spec.interfaces.some((i) => i.name === dev))
          this.fail(this.scalar(r, 'dev')!.node, `Cannot find device "${dev}" on ${spec.name}`);
        route.dev = dev;
      }
      if (route.via === undefined && route.dev === undefined) this.fail(r, 'a route needs `via` or `dev`');
      // The kernel wants a gateway on a network an interface is on (fib_check_nh): else this error.
      if (route.via !== undefined && !onLink(spec, route.via, route.dev)) this.fail(via!.node, 'Error: Nexthop has invalid gateway.');
      return route;
    });
  }

  private endpoint(node: YamlNode | undefined, where: YamlNode): Endpoint {
    if (!node || !isScalar(node) || typeof node.value !== 'string') this.fail(node ?? where, 'a link end is NODE:PORT, like h1:eth0');
    const text = node.value;
    const m = /^([^:\s]+):([^:\s]+)$/.exec(text);
    if (!m) this.fail(node, `'${text}' is not NODE:PORT`);
    const [, nodeName, port] = m as unknown as [string, string, string];
    const spec = this.nodes.get(nodeName);
    if (!spec) this.fail(node, `link to undeclared node '${nodeName}'`);
    if (spec.kind === 'host' || spec.kind === 'router') {
      if (!spec.interfaces.some((i) => i.name === port)) {
        this.fail(node, `${nodeName} has no interface '${port}' (declared: ${spec.interfaces.map((i) => i.name).join(', ') || 'none'})`);
      }
    } else if (!spec.ports.includes(port)) {
      spec.ports.push(port);
    }
    const key = `${nodeName}:${port}`;
    if (this.cabled.has(key)) {
      const first = this.lines.linePos(this.cabled.get(key)!.range?.[0] ?? 0);
      this.fail(node, `${key} is already cabled (line ${first.line}): a port takes one cable`);
    }
    this.cabled.set(key, node);
    return { node: nodeName, port };
  }

  private readLinks(node: YamlNode | undefined): LinkSpec[] {
    if (node === undefined) return [];
    if (!isSeq(node)) this.fail(node, '`links` is a list of [A:PORT, B:PORT] or { ends: [...], delay, rate, queue }');
    return node.items.map((item) => {
      const l = item as YamlNode;
      let ends: YamlNode | undefined = l;
      const link = { ...LINK_DEFAULTS } as Omit<LinkSpec, 'a' | 'b'>;
      if (isMap(l)) {
        this.checkKeys(l, LINK_KEYS, 'link key');
        ends = l.get('ends', true) as YamlNode | undefined;
        link.delayNs = this.optionalDuration(l, 'delay') ?? link.delayNs;
        link.rateBps = this.optionalRate(l, 'rate') ?? link.rateBps;
        link.queue = this.optionalInteger(l, 'queue', 1, 1e7) ?? link.queue;
        link.mtu = this.optionalInteger(l, 'mtu', 68, 65535) ?? link.mtu;
      }
      if (!ends || !isSeq(ends) || ends.items.length !== 2) this.fail(ends ?? l, 'a link has exactly two ends: [A:PORT, B:PORT]');
      const a = this.endpoint(ends.items[0] as YamlNode, ends);
      const b = this.endpoint(ends.items[1] as YamlNode, ends);
      // A link with a `rate` is a port of that speed, which sets its default path cost (br_port_cost); without one it is a veth (cost 2).
      if (isMap(l) && l.get('rate') !== undefined) for (const end of [a, b]) this.defaultCost(end, link.rateBps);
      if (a.node === b.node && a.port === b.port) this.fail(ends, 'a link cannot join a port to itself');
      for (const end of [a, b]) {
        const iface = this.nodes.get(end.node)!.interfaces.find((i) => i.name === end.port);
        if (iface) iface.mtu = link.mtu;
      }
      return { a, b, ...link };
    });
  }

  private defaultCost(end: Endpoint, rateBps: number): void {
    const stp = this.nodes.get(end.node)!.stp;
    if (!stp) return;
    const port = (stp.ports[end.port] ??= {});
    port.cost ??= stp.mode === 'rstp' ? rstpPortCost(rateBps) : portCost(rateBps);
  }

  private checkPortCounts(links: LinkSpec[]): void {
    for (const spec of this.nodes.values()) {
      if ((spec.kind === 'repeater' || spec.kind === 'bridge') && spec.ports.length > 2) {
        const extra = links.find(
          (l) => (l.a.node === spec.name && l.a.port === spec.ports[2]) || (l.b.node === spec.name && l.b.port === spec.ports[2]),
        )!;
        const end = extra.a.node === spec.name && extra.a.port === spec.ports[2] ? extra.a : extra.b;
        this.fail(
          this.cabled.get(`${end.node}:${end.port}`),
          `a ${spec.kind} has exactly two ports; ${spec.name} is given a third, '${end.port}'`,
        );
      }
    }
  }

  private readScenario(node: YamlNode | undefined): ScenarioStep[] {
    if (node === undefined) return [];
    if (!isSeq(node)) this.fail(node, '`scenario` is a list of { at: TIME, on: NODE, run: COMMAND }');
    return node.items.map((item) => {
      const s = item as YamlNode;
      if (!isMap(s)) this.fail(s, 'a scenario step is { at: TIME, on: NODE, run: COMMAND }');
      this.checkKeys(s, ['at', 'on', 'run'], 'scenario key');
      const atNs = this.optionalDuration(s, 'at') ?? 0;
      const on = this.scalar(s, 'on');
      if (!on) this.fail(s, 'a scenario step needs `on: NODE`');
      const nodeName = String(on.value);
      if (!this.nodes.has(nodeName)) this.fail(on.node, `scenario runs on undeclared node '${nodeName}'`);
      const run = this.scalar(s, 'run');
      if (!run || typeof run.value !== 'string') this.fail(run?.node ?? s, 'a scenario step needs `run: COMMAND`');
      const text = run.value;
      try {
        const command = parseCommand(text);
        if (command.name === 'send') this.checkFrameFits(nodeName, command, run.node);
        return { atNs, node: nodeName, text, command };
      } catch (e) {
        if (e instanceof CommandSyntaxError) {
          const quoted = this.text[run.node.range![0]] === '"' || this.text[run.node.range![0]] === "'" ? 1 : 0;
          this.fail(run.node, e.message, e.offset + quoted);
        }
        throw e;
      }
    });
  }

  /**
   * A raw frame's payload within its interface's MTU: a packet socket refuses
   * a longer one (packet_snd(): EMSGSIZE, "Message too long"), so no such
   * frame can be on a wire.
   */
  private checkFrameFits(nodeName: string, send: SendCommand, at: YamlNode): void {
    const iface = this.nodes.get(nodeName)?.interfaces.find((i) => i.name === send.iface);
    const mtu = iface?.mtu ?? LINK_DEFAULTS.mtu;
    const bytes = new TextEncoder().encode(send.payload).length;
    if (iface && bytes > mtu) {
      this.fail(at, `send: a ${bytes}-byte payload does not fit ${send.iface}'s MTU of ${mtu}: Message too long`);
    }
  }

  private readLimits(node: YamlNode | undefined): Topology['limits'] {
    if (node === undefined) return {};
    if (!isMap(node)) this.fail(node, '`limits` is { until: TIME, maxEvents: N }');
    this.checkKeys(node, ['until', 'maxEvents'], 'limit');
    const limits: Topology['limits'] = {};
    const until = this.optionalDuration(node, 'until');
    if (until !== undefined) limits.untilNs = until;
    const max = this.optionalInteger(node, 'maxEvents', 1, Number.MAX_SAFE_INTEGER);
    if (max !== undefined) limits.maxEvents = max;
    return limits;
  }
}
