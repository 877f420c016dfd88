import type { StartingConfig } from '../state/node-state.js';
import { bootRoutes } from '../tables/fib.js';
import { routeFact } from '../tables/route-fact.js';
import { RouteTable } from '../tables/route-table.js';
import type { Topology } from '../topology/model.js';
import { loadYamlTopology } from '../topology/yaml-loader.js';
import { formatCidr } from '../wire/ipv4-address.js';
import type { RecordingHeader } from './recording.js';

/**
 * The starting configuration of a schema 1–3 recording, which does not
 * store one: derived as hoplab then derived it, for these recordings alone.
 * Every node and port of the header exists from the start, up; hosts and
 * routers take the loopback, forwarding, interface states and addresses of
 * the YAML topology the recording holds, and the routes the stack boots
 * with (tables/fib.ts, the stack's own). A script's recording gets nodes
 * and ports only: its namespaces were built as it ran.
 */
export function legacyStart(header: RecordingHeader): StartingConfig {
  const start: StartingConfig = {
    nodes: header.nodes.map((n) => ({ ...n })),
    ports: header.ports.map((p) => ({ node: p.node, port: p.port, up: true })),
    addresses: [],
    routes: [],
  };
  const topology = yamlTopology(header);
  for (const spec of topology?.nodes ?? []) {
    const node = start.nodes.find((n) => n.name === spec.name);
    if (!node || (spec.kind !== 'host' && spec.kind !== 'router')) continue;
    node.lo = spec.loUp;
    node.ipForward = spec.ipForward;
    for (const i of spec.interfaces) {
      const port = start.ports.find((p) => p.node === spec.name && p.port === i.name);
      if (port) port.up = i.up;
      else start.ports.push({ node: spec.name, port: i.name, up: i.up });
      for (const a of i.addresses) start.addresses.push({ node: spec.name, port: i.name, address: formatCidr(a) });
    }
    const routes = new RouteTable();
    bootRoutes(routes, spec.interfaces, spec.routes);
    for (const r of routes.routes()) start.routes.push({ node: spec.name, device: r.device, ...routeFact(r) });
  }
  return start;
}

/** The recording's YAML topology, if it has one this hoplab reads. */
function yamlTopology(header: RecordingHeader): Topology | undefined {
  if (!header.topologySource || header.topologyPath.endsWith('.sh')) return undefined;
  try {
    return loadYamlTopology(header.topologySource, header.topologyPath || 'topology');
  } catch {
    return undefined;
  }
}
