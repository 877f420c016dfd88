// A bridge's or switch's settings in a topology file: its VLANs, its spanning
// tree (`stp:`) and its per-port `ports:` settings, refused where they are
// written when the kernel would refuse them (its STP limits: stp-spec.ts).

import type { Node as YamlNode, YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from './yaml-library.js';
import { parseMac } from '../wire/mac.js';
import { WireError } from '../wire/wire-error.js';
import type { NodeSpec, VlanPortSpec } from './model.js';
import { RSTP_LIMITS, STP_LIMITS, type StpMode, type StpSpec, defaultStpSpec } from './stp-spec.js';

/** What these readers need of the YAML reader: located failures and checked scalars. */
export interface FieldReader {
  fail(node: YamlNode | null | undefined, problem: string): never;
  checkKeys(map: YAMLMap, allowed: string[], what: string): void;
  scalar(map: YAMLMap, key: string): { node: YamlNode; value: unknown } | undefined;
  optionalInteger(map: YAMLMap, key: string, min: number, max: number): number | undefined;
  optionalDuration(map: YAMLMap, key: string): number | undefined;
}

/**
 * `stp: true | false | stp | rstp | { mode, priority, helloTime, maxAge, forwardDelay }`:
 * `true` and `stp` run 802.1D-1998 STP as the Linux bridge does, within the
 * kernel's limits; `rstp` runs 802.1D-2004 RSTP, whose bridge priority is a
 * multiple of 4096 (802.1t, 17.13.7).
 */
export function readStp(r: FieldReader, node: YamlNode): StpSpec | undefined {
  const modeOf = (v: YamlNode): StpMode | undefined => {
    if (!isScalar(v) || (v.value !== true && v.value !== false && v.value !== 'stp' && v.value !== 'rstp'))
      r.fail(
        v,
        `\`stp\` is true, false, stp, rstp or a mapping { mode, priority, helloTime, maxAge, forwardDelay }, not '${isScalar(v) ? String(v.value) : 'a list'}'`,
      );
    return v.value === false ? undefined : v.value === 'rstp' ? 'rstp' : 'stp';
  };
  if (!isMap(node)) {
    const mode = modeOf(node);
    return mode ? defaultStpSpec(mode) : undefined;
  }
  r.checkKeys(node, ['mode', 'priority', 'helloTime', 'maxAge', 'forwardDelay'], 'spanning tree key');
  const modeNode = node.get('mode', true) as YamlNode | undefined;
  const mode = modeNode ? modeOf(modeNode) : 'stp';
  if (!mode) return undefined;
  const spec = defaultStpSpec(mode);
  const priority = r.optionalInteger(node, 'priority', STP_LIMITS.priority.min, STP_LIMITS.priority.max);
  if (priority !== undefined && mode === 'rstp') checkStep(r, node, 'priority', priority, RSTP_LIMITS.priority, 'bridge priority');
  if (priority !== undefined) spec.priority = priority;
  for (const [key, field] of [
    ['helloTime', 'helloTimeNs'],
    ['maxAge', 'maxAgeNs'],
    ['forwardDelay', 'forwardDelayNs'],
  ] as const) {
    const ns = r.optionalDuration(node, key);
    if (ns === undefined) continue;
    const { min, max } = STP_LIMITS[field];
    // The kernel takes them in centiseconds and answers ERANGE outside its limits (br_set_hello_time ...).
    if (ns < min || ns > max)
      r.fail(r.scalar(node, key)!.node, `\`${key}\` is from ${min / 1e9}s to ${max / 1e9}s, as the kernel takes it`);
    spec[field] = ns;
  }
  return spec;
}

/** RSTP's priorities come in steps (802.1t; 802.1D-2004 17.13.7 and 17.13.10, Table 17-2). */
function checkStep(
  r: FieldReader,
  map: YAMLMap,
  key: string,
  value: number,
  l: { min: number; max: number; step: number },
  what: string,
): void {
  if (value < l.min || value > l.max || value % l.step !== 0)
    r.fail(
      r.scalar(map, key)!.node,
      `RSTP's ${what} is a multiple of ${l.step} from ${l.min} to ${l.max} (802.1D-2004 17.13, Table 17-2), not ${value}`,
    );
}

/** A bridge's `ports: { p1: { mac, cost, priority, edge } }`: fixed MACs and spanning tree settings per port. */
export function readPorts(r: FieldReader, node: YamlNode, spec: NodeSpec): void {
  if (!isMap(node)) r.fail(node, '`ports` maps port names to { mac, cost, priority }');
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!/^[A-Za-z][\w.-]{0,14}$/.test(name)) r.fail(pair.key as YamlNode, `'${name}' is not a port name`);
    const v = pair.value as YamlNode;
    if (!isMap(v)) r.fail(v ?? (pair.key as YamlNode), `port '${name}' must be a mapping like { mac: 02:00:00:00:0a:01, cost: 4 }`);
    r.checkKeys(v, ['mac', 'cost', 'priority', 'edge'], 'port key');
    const mac = r.scalar(v, 'mac');
    if (mac) {
      try {
        (spec.portMacs ??= {})[name] = parseMac(String(mac.value));
      } catch (e) {
        if (e instanceof WireError) r.fail(mac.node, `'${String(mac.value)}' is not a MAC address (e.g. 02:00:00:00:00:01)`);
        throw e;
      }
    }
    const rstp = spec.stp?.mode === 'rstp';
    const limits = rstp ? RSTP_LIMITS : STP_LIMITS;
    const cost = r.optionalInteger(v, 'cost', limits.cost.min, limits.cost.max);
    const priority = r.optionalInteger(v, 'priority', limits.portPriority.min, limits.portPriority.max);
    if (priority !== undefined && rstp) checkStep(r, v, 'priority', priority, RSTP_LIMITS.portPriority, 'port priority');
    const edge = readEdge(r, v, name, rstp);
    if ((cost !== undefined || priority !== undefined) && !spec.stp)
      r.fail(v, `port '${name}' sets a spanning tree cost or priority, but ${spec.name} runs no spanning tree (add \`stp: true\`)`);
    if (spec.stp) {
      const port = (spec.stp.ports[name] ??= {});
      if (cost !== undefined) port.cost = cost;
      if (priority !== undefined) port.priority = priority;
      if (edge !== undefined) port.edge = edge;
    }
  }
}

/** `edge: true`: an RSTP edge port (AdminEdge, 802.1D-2004 17.13.1); STP as Linux runs it has none. */
function readEdge(r: FieldReader, v: YAMLMap, name: string, rstp: boolean): boolean | undefined {
  const edge = r.scalar(v, 'edge');
  if (!edge) return undefined;
  if (typeof edge.value !== 'boolean') r.fail(edge.node, '`edge` is true or false');
  if (!rstp) r.fail(edge.node, `port '${name}' sets \`edge\`, which only RSTP has (\`stp: rstp\`)`);
  return edge.value;
}

export function readVlans(r: FieldReader, node: YamlNode): Record<string, VlanPortSpec> {
  if (!isMap(node)) r.fail(node, '`vlans` maps ports to { access: VID } or { trunk: [VID, ...] }');
  const out: Record<string, VlanPortSpec> = {};
  for (const pair of node.items) {
    const port = isScalar(pair.key) ? String(pair.key.value) : '';
    const v = pair.value as YamlNode;
    if (!isMap(v)) r.fail(v ?? (pair.key as YamlNode), `vlans.${port} must be { access: VID } or { trunk: [VID, ...] }`);
    r.checkKeys(v, ['access', 'trunk'], 'VLAN mode');
    const access = r.optionalInteger(v, 'access', 1, 4094);
    if (access !== undefined) out[port] = { access };
    const trunk = v.get('trunk', true) as YamlNode | undefined;
    if (trunk !== undefined) {
      if (!isSeq(trunk)) r.fail(trunk, 'trunk is a list of VLAN ids');
      out[port] = {
        trunk: trunk.items.map((i) => {
          const s = i as YamlNode;
          if (!isScalar(s) || typeof s.value !== 'number' || !Number.isInteger(s.value) || s.value < 1 || s.value > 4094)
            r.fail(s, 'a VLAN id is a whole number from 1 to 4094');
          return s.value;
        }),
      };
    }
  }
  return out;
}
