import { Host } from '../../src/devices/host.js';
import { LearningBridge } from '../../src/devices/learning-bridge.js';
import { Cable } from '../../src/net/cable.js';
import { HubSegment } from '../../src/net/hub-segment.js';
import type { Network } from '../../src/net/network.js';
import { QUEUE_DERIVABLE, type NetState } from '../../src/state/node-state.js';
import { describeRoute } from '../../src/tables/route-table.js';
import { formatCidr, formatIpv4 } from '../../src/wire/ipv4-address.js';
import { formatMac } from '../../src/wire/mac.js';

/** The tables of one node in a shape both the live devices and the fold can be read into. */
export interface NodeView {
  ports: Record<string, string>;
  lo?: boolean;
  ipForward?: boolean;
  routes?: string[];
  neigh: string[];
  fdb: string[];
  queues?: Record<string, number>;
  /** Bridges running the spanning tree: root, root port, cost, flag, and each port's role and state. */
  stp?: string[];
}

/** What the live devices hold right now. */
export function liveView(network: Network): Record<string, NodeView> {
  const out: Record<string, NodeView> = {};
  for (const [name, device] of network.devices) {
    const v: NodeView = { ports: {}, neigh: [], fdb: [] };
    if (device instanceof Host) {
      for (const i of device.interfaces.values()) v.ports[i.name] = `${i.up ? 'up' : 'down'} ${i.addresses.map(formatCidr).join(' ')}`;
      v.lo = device.loUp;
      v.ipForward = device.ipForward;
      v.routes = device.routes.routes().map(describeRoute);
      for (const e of device.neighbours.entries()) {
        if ((e.state as string) === 'NONE') continue;
        v.neigh.push(`${e.dev} ${formatIpv4(e.ip)} ${e.mac === undefined ? '-' : formatMac(e.mac)} ${e.state}`);
      }
    }
    if (device instanceof LearningBridge) {
      for (const e of device.table.entries())
        v.fdb.push(`${formatMac(e.mac)} ${e.port}${e.vlan === 0 ? '' : ` vlan ${e.vlan}`} @${e.learnedAt} #${e.learnedSeq}`);
      const tree = device.stp?.tree;
      if (tree) {
        const d = tree.describe();
        v.stp = [
          `root ${d.root} ${d.rootPort} ${d.cost} ${d.topologyChange}`,
          ...tree.ports.map((p) => `${p.name} ${tree.role(p)} ${p.state}`),
        ];
      }
    }
    // A shell script's bridges are not in the topology: their ports are the ones enslaved now.
    const ports =
      device instanceof LearningBridge ? device.portNames() : (network.topology.nodes.find((n) => n.name === name)?.ports ?? []);
    // A bridge port is up in the fold when it passes frames: administratively up and, in a topology file, with carrier.
    const up = (p: string): boolean => (device instanceof LearningBridge ? device.isPortOperational(p) : device.isPortUp(p));
    if (!(device instanceof Host)) for (const p of ports) v.ports[p] = `${up(p) ? 'up' : 'down'} `;
    if (QUEUE_DERIVABLE.has(device.kind)) {
      v.queues = {};
      for (const p of ports) {
        const m = network.media.get(`${name}:${p}`);
        v.queues[p] = m instanceof Cable || m instanceof HubSegment ? m.queueDepth(name, p) : 0;
      }
    }
    v.neigh.sort();
    v.fdb.sort();
    out[name] = v;
  }
  return out;
}

/** What the fold says. */
export function foldView(state: NetState): Record<string, NodeView> {
  const out: Record<string, NodeView> = {};
  for (const [name, n] of state.nodes) {
    const v: NodeView = { ports: {}, neigh: [], fdb: [] };
    for (const [p, s] of n.ports) v.ports[p] = `${s.up ? 'up' : 'down'} ${s.addresses.map(formatCidr).join(' ')}`;
    if (n.routes) {
      v.lo = n.lo;
      v.ipForward = n.ipForward;
      v.routes = n.routes.routes().map(describeRoute);
    }
    for (const e of n.neigh.values()) v.neigh.push(`${e.dev} ${e.ip} ${e.mac ?? '-'} ${e.state}`);
    for (const e of n.fdb.values())
      v.fdb.push(`${e.mac} ${e.port}${e.vlan === undefined ? '' : ` vlan ${e.vlan}`} @${e.learnedAt} #${e.learnedSeq}`);
    if (n.stp)
      v.stp = [
        `root ${n.stp.root} ${n.stp.rootPort} ${n.stp.cost} ${n.stp.topologyChange}`,
        ...Object.entries(n.stp.ports).map(([p, x]) => `${p} ${x.role} ${x.state}`),
      ];
    if (QUEUE_DERIVABLE.has(n.kind)) {
      v.queues = {};
      for (const [p, s] of n.ports) v.queues[p] = [...(s.queued?.values() ?? [])].reduce((a, b) => a + b, 0);
    }
    v.neigh.sort();
    v.fdb.sort();
    out[name] = v;
  }
  return out;
}
