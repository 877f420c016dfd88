import { evolve, type FoldEvent } from '../state/evolve.js';
import { type NetState, type NodeState, newPort } from '../state/node-state.js';
import { addConnected, rebuildDevice, removeDevice, staticRoute } from '../tables/fib.js';
import { flushedByFlushAll } from '../tables/neighbour-table.js';
import type { Command } from '../topology/command.js';
import { CommandSyntaxError, parseCommand } from '../topology/command-parser.js';
import { RecordingError } from './recording.js';

/**
 * The fold of a schema 1–3 recording. Those recordings hold no
 * configuration events: what a command changed in a host's or router's
 * tables, and what an interface going down or up took or brought, is
 * derived here, for them alone, as hoplab's fold then derived it: from the
 * text of each command event and from each link event, with the stack's own
 * table logic (tables/fib.ts, tables/neighbour-table.ts). A recording of
 * schema version 4 is folded by `evolve` alone.
 *
 * `path` names the recording in an error; `script` says it ran a shell
 * script, whose command events hold shell lines rather than scenario
 * commands.
 */
export function legacyFold(path: string, script: boolean): (state: NetState, e: FoldEvent) => void {
  return (state, e) => {
    const node = named(state, e);
    const wasUp = e.kind === 'link' && e.port && e.port !== 'lo' ? node.ports.get(e.port)?.up : undefined;
    evolve(state, e);
    if (e.kind === 'command' && e.text) {
      const command = commandOf(e.text, script, () => `${path}: event #${e.seq}`);
      if (command) applyCommand(node, command);
      // A command may add or remove an interface: what the events after it name is looked up again.
      state.shape = (state.shape ?? 0) + 1;
    } else if (wasUp !== undefined && wasUp !== (e.state === 'up')) linked(node, e.port!, e.state === 'up');
  };
}

/**
 * The scenario command an event ran. A YAML scenario's commands were parsed
 * when the topology was loaded, so one that does not parse means a damaged
 * recording. A script's lines are shell lines (`ip -n red addr`, `ifconfig`,
 * `ping`): one that is not also a scenario command changed nothing in the
 * fold of those versions, so none is applied.
 */
function commandOf(text: string, script: boolean, where: () => string): Command | undefined {
  try {
    return parseCommand(text);
  } catch (e) {
    if (!(e instanceof CommandSyntaxError)) throw e;
    if (script) return undefined;
    throw new RecordingError(`${where()}: damaged recording: the command '${text}' is not one its topology could run (${e.message})`);
  }
}

/**
 * Those recordings do not say when a script's nodes and ports appear: a
 * node is there once an event names it, and a port once a frame or a link
 * event does (up), as hoplab's fold then had it.
 */
function named(state: NetState, e: FoldEvent): NodeState {
  const shape = state.shape ?? 0;
  let node = state.nodes.get(e.node);
  if (!node) {
    state.nodes.set(e.node, (node = { name: e.node, kind: 'unknown', ports: new Map(), neigh: new Map(), fdb: new Map() }));
    state.shape = shape + 1;
  }
  const ports = e.kind === 'forward' || e.kind === 'flood' ? (e.out ?? []) : ['tx', 'rx', 'drop', 'link'].includes(e.kind) ? [e.port] : [];
  for (const p of ports) {
    if (!p || p === 'lo' || node.ports.has(p)) continue;
    node.ports.set(p, newPort(true, node.kind));
    state.shape = shape + 1;
  }
  return node;
}

/** A host's interface went down, taking its routes and neighbour entries, or came up with its connected routes. */
function linked(node: NodeState, dev: string, up: boolean): void {
  if (!up) for (const [key, n] of node.neigh) if (n.dev === dev) node.neigh.delete(key);
  if (!node.routes) return;
  if (up) addConnected(node.routes, dev, node.ports.get(dev)?.addresses ?? []);
  else removeDevice(node.routes, dev);
}

/**
 * What a configuration command did (`ip addr`, `ip route`, `ip neigh flush`,
 * `sysctl`); a refused one did nothing. A script's namespaces had no address
 * table in that fold (no `routes`), so only their neighbour flushes count.
 */
function applyCommand(node: NodeState, command: Command): void {
  if (command.name === 'neigh-flush') {
    for (const [key, n] of node.neigh) if (flushedByFlushAll(n.state)) node.neigh.delete(key);
    return;
  }
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
      if (command.op === 'del') {
        routes.remove({
          destination: command.destination,
          prefixLength: command.prefixLength,
          ...(command.via !== undefined && { gateway: command.via }),
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
