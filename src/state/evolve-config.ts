import { parseCommand } from '../topology/command-parser.js';
import type { Command } from '../topology/command.js';
import { addConnected, rebuildDevice, staticRoute } from '../tables/fib.js';
import type { NodeState } from './node-state.js';

/**
 * The effects of a configuration command on a host's or router's tables, as
 * its stack applies them when the command runs (`ip addr`, `ip route`, `ip
 * neigh flush`, `sysctl ip_forward`). They are folded at the `command` event:
 * the stack emits no event of its own for a new address, a route or a flush.
 * `ip link set` is not here: the `link` event it produces carries it.
 * A refused command (a missing device, an existing route) changes nothing, as
 * in the stack.
 */
export function applyCommand(node: NodeState, text: string): void {
  let command: Command;
  try {
    command = parseCommand(text);
  } catch {
    return;
  }
  if (command.name === 'neigh-flush') {
    for (const [key, e] of node.neigh) if (e.state !== 'PERMANENT') node.neigh.delete(key);
    return;
  }
  // Addresses and routes are known when the topology declared the node (a script's namespaces are built as it runs).
  const routes = node.routes;
  if (!routes) return;
  switch (command.name) {
    case 'addr': {
      const port = node.ports.get(command.dev);
      if (!port) return;
      const i = port.addresses.findIndex((a) => a.address === command.cidr.address);
      if (command.op === 'add') {
        if (i >= 0) return;
        port.addresses.push(command.cidr);
        if (port.up) addConnected(routes, command.dev, [command.cidr]);
      } else {
        if (i < 0) return;
        port.addresses.splice(i, 1);
        rebuildDevice(routes, command.dev, port.addresses, port.up);
      }
      return;
    }
    case 'route': {
      const via = command.via !== undefined ? { gateway: command.via } : {};
      if (command.op === 'del') {
        routes.remove({
          destination: command.destination,
          prefixLength: command.prefixLength,
          ...via,
          ...(command.dev !== undefined && { device: command.dev }),
        });
        return;
      }
      const route = staticRoute(routes, command);
      if (route && node.ports.has(route.device)) routes.add(route);
      return;
    }
    case 'ip-forward':
      node.ipForward = command.on;
      return;
    default:
      return;
  }
}
