import type { ConfigChange } from '../events/config-change.js';
import { routeFromFact } from '../tables/route-fact.js';
import { RouteTable } from '../tables/route-table.js';
import { parseCidr } from '../wire/ipv4-address.js';
import { type NetState, type NodeState, newPort } from './node-state.js';

/**
 * A `config` event folded in: the change it states, applied as stated.
 * The live stack made the change and worked out what follows from it (the
 * route an address gives, what an interface going down takes with it), and
 * each consequence is an event of its own (devices/host-config.ts): so
 * nothing here derives one change from another, and the fold cannot
 * disagree with the stack about them.
 */
export function applyConfig(state: NetState, name: string, dev: string | undefined, c: ConfigChange): void {
  if (c.change === 'newnode') return addNode(state, name, c);
  if (c.change === 'delnode') {
    state.nodes.delete(name);
    return;
  }
  const node = state.nodes.get(name);
  if (!node) return;
  if (c.change === 'forwarding') {
    node.ipForward = c.on;
    return;
  }
  if (dev === undefined) return;
  const port = node.ports.get(dev);
  switch (c.change) {
    case 'newlink': {
      const p = port ?? newPort(c.up, node.kind);
      p.up = c.up;
      // Carrier is news of an up interface: going down or away ends it, and it is not kept while true.
      if (c.carrier === false && c.up) p.carrier = false;
      else if (c.carrier === true || !c.up) delete p.carrier;
      if (c.mac !== undefined) p.mac = c.mac;
      if (c.mtu !== undefined) p.mtu = c.mtu;
      const peer = state.peers.get(`${name}:${dev}`);
      if (peer !== undefined) p.peer = peer;
      node.ports.set(dev, p);
      return;
    }
    case 'dellink':
      node.ports.delete(dev);
      return;
    case 'rename':
      renamePort(state, node, dev, c.to);
      return;
    case 'newaddr': {
      const a = parseCidr(c.address);
      if (port && !port.addresses.some((b) => b.address === a.address)) port.addresses.splice(c.at ?? port.addresses.length, 0, a);
      return;
    }
    case 'deladdr': {
      const a = parseCidr(c.address);
      if (port) port.addresses = port.addresses.filter((b) => b.address !== a.address);
      return;
    }
    // Each newroute is one the kernel took: beside a route of its prefix and metric, it came after it (`ip route append`).
    case 'newroute':
      (node.routes ??= new RouteTable()).add(routeFromFact(dev, c), true);
      return;
    case 'delroute':
      node.routes?.removeExact(routeFromFact(dev, c));
      return;
    case 'delneigh':
      node.neigh.delete(`${dev}/${c.ip}`);
      return;
  }
}

/** A host's interface renamed: its port, routes and neighbour entries are the same under the new name. */
function renamePort(state: NetState, node: NodeState, from: string, to: string): void {
  const port = node.ports.get(from);
  if (!port) return;
  node.ports.delete(from);
  const peer = state.peers.get(`${node.name}:${to}`);
  if (peer !== undefined) port.peer = peer;
  node.ports.set(to, port);
  // The far end's port names this one by its cable end, which moved with the name.
  const [farNode, farPort] = port.peer?.split(':') ?? [];
  const far = farNode === undefined ? undefined : state.nodes.get(farNode)?.ports.get(farPort!);
  if (far) far.peer = `${node.name}:${to}`;
  node.routes?.renameDevice(from, to);
  const entries = [...node.neigh];
  node.neigh.clear();
  for (const [key, e] of entries) {
    if (e.dev === from) node.neigh.set(`${to}/${e.ip}`, { ...e, dev: to });
    else node.neigh.set(key, e);
  }
}

function addNode(state: NetState, name: string, c: { kind: string; lo?: boolean; forwarding?: boolean }): void {
  const node: NodeState = { name, kind: c.kind, ports: new Map(), neigh: new Map(), fdb: new Map() };
  if (c.lo !== undefined) {
    node.lo = c.lo;
    node.ipForward = c.forwarding ?? false;
    node.routes = new RouteTable();
  }
  state.nodes.set(name, node);
}
