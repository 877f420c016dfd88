import { Host } from '../devices/host.js';
import { LearningBridge } from '../devices/learning-bridge.js';
import type { Network } from '../net/network.js';
import type { StartingConfig } from '../state/node-state.js';
import { routeFact } from '../tables/route-fact.js';
import { formatCidr } from '../wire/ipv4-address.js';

/**
 * The configuration the network starts from, read from its live devices
 * before the first event: every node, each port up or down, and each host's
 * and router's loopback, forwarding, addresses and routes, as they hold
 * them. The recording stores it (its start_* tables) so that the fold
 * starts from what the devices held, not from a parse of the topology.
 */
export function startingConfig(network: Network): StartingConfig {
  const start: StartingConfig = { nodes: [], ports: [], addresses: [], routes: [] };
  const specs = new Map(network.topology.nodes.map((n) => [n.name, n]));
  for (const [name, device] of network.devices) {
    if (device instanceof Host) {
      start.nodes.push({ name, kind: device.kind, lo: device.loUp, ipForward: device.ipForward });
      for (const i of device.interfaces.values()) {
        start.ports.push({ node: name, port: i.name, up: i.up });
        for (const a of i.addresses) start.addresses.push({ node: name, port: i.name, address: formatCidr(a) });
      }
      for (const r of device.routes.routes()) start.routes.push({ node: name, device: r.device, ...routeFact(r) });
    } else {
      start.nodes.push({ name, kind: device.kind });
      const ports = device instanceof LearningBridge ? device.portNames() : (specs.get(name)?.ports ?? []);
      for (const port of ports) start.ports.push({ node: name, port, up: device.isPortUp(port) });
    }
  }
  return start;
}
