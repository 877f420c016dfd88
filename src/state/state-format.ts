import { formatSeconds } from '../events/time.js';
import { describeRoute } from '../tables/route-table.js';
import { formatCidr } from '../wire/ipv4-address.js';
import { stpLines } from './evolve-stp.js';
import type { InFlight, NetState, NodeState, PortState } from './node-state.js';

/** Describes a frame by id (tcpdump-style summary), when the caller can look its bytes up. */
export type FrameSummary = (frameId: number) => string | undefined;

/** `ip neigh show`: `10.1.1.2 dev veth0 lladdr 76:b1:71:ed:91:a1 REACHABLE` (iproute2 omits lladdr while unresolved). */
export function neighLines(n: NodeState): string[] {
  return [...n.neigh.values()].map((e) => `${e.ip} dev ${e.dev}${e.mac ? ` lladdr ${e.mac}` : ''} ${e.state}`);
}

/** `bridge fdb show`: `02:00:00:00:00:01 dev p1 master sw1` (`... dev p1 vlan 10 master sw1` on a VLAN-aware switch), with when the entry was learned. */
export function fdbLines(n: NodeState, now: number): string[] {
  return [...n.fdb.values()].map(
    (e) =>
      `${e.mac} dev ${e.port}${e.vlan === undefined ? '' : ` vlan ${e.vlan}`} master ${n.name}  (learned at #${e.learnedSeq}, ${formatSeconds(now - e.learnedAt)} s ago)`,
  );
}

/** `ip route show`: with `linkdown` after a route whose device has lost its carrier (fib_sync_down_dev's RTNH_F_LINKDOWN). */
export function routeLines(n: NodeState): string[] {
  if (!n.routes) return [];
  return n.routes.routes().map((r) => `${describeRoute(r)}${n.ports.get(r.device)?.carrier === false ? ' linkdown' : ''}`);
}

function queuedOf(p: PortState): number | undefined {
  if (!p.queued) return undefined;
  let n = 0;
  for (const c of p.queued.values()) n += c;
  return n;
}

function portLine(name: string, p: PortState): string {
  const parts = [name.padEnd(8), p.up ? 'UP  ' : 'DOWN'];
  if (p.carrier === false) parts.push('NO-CARRIER');
  if (p.mac) parts.push(p.mac);
  if (p.addresses.length) parts.push(p.addresses.map(formatCidr).join(' '));
  if (p.peer) parts.push(`peer ${p.peer}`);
  parts.push(`tx ${p.tx} rx ${p.rx} drops ${p.drops}`);
  const q = queuedOf(p);
  if (q !== undefined) parts.push(`queued ${q}`);
  return parts.join('  ');
}

function destinationOf(state: NetState, f: InFlight): string {
  return state.nodes.get(f.node)?.ports.get(f.port)?.peer ?? '?';
}

/** One node's tables as text, indented, in the forms iproute2 users know. */
export function nodeTablesText(state: NetState, n: NodeState): string[] {
  const out = [`${n.name} (${n.kind})`, '  ports:'];
  if (n.lo !== undefined) out.push(`    ${'lo'.padEnd(8)}  ${n.lo ? 'UP' : 'DOWN'}`);
  for (const [name, p] of n.ports) out.push(`    ${portLine(name, p)}`);
  if (n.routes) {
    out.push(`  ip route:${n.ipForward ? '  (forwarding on)' : ''}`);
    const routes = routeLines(n);
    out.push(...(routes.length ? routes.map((l) => `    ${l}`) : ['    (none)']));
  }
  if (n.routes || n.kind === 'host' || n.kind === 'router' || n.neigh.size > 0) {
    out.push('  ip neigh:');
    const neigh = neighLines(n);
    out.push(...(neigh.length ? neigh.map((l) => `    ${l}`) : ['    (empty)']));
  }
  out.push(...stpLines(n));
  if (n.kind === 'switch' || n.kind === 'bridge') {
    out.push('  bridge fdb:');
    const fdb = fdbLines(n, state.t);
    out.push(...(fdb.length ? fdb.map((l) => `    ${l}`) : ['    (empty)']));
  }
  return out;
}

export function inFlightLines(state: NetState, summary: FrameSummary, node?: string): string[] {
  const out: string[] = [];
  for (const f of state.inFlight.values()) {
    const to = destinationOf(state, f);
    if (node !== undefined && f.node !== node && !to.startsWith(`${node}:`)) continue;
    const what = f.frame !== undefined ? (summary(f.frame) ?? `frame ${f.frame}`) : 'frame';
    out.push(`  #${f.txSeq} ${f.node}:${f.port} -> ${to}  sent ${formatSeconds(f.t)}  ${what}`);
  }
  return out;
}

/** The whole state (or one node's) as text: what `hoplab state` prints. */
export function stateText(state: NetState, summary: FrameSummary, node?: string): string[] {
  const out = [`state just after #${state.seq} at ${formatSeconds(state.t)} s`];
  for (const n of state.nodes.values()) {
    if (node !== undefined && n.name !== node) continue;
    out.push('', ...nodeTablesText(state, n));
  }
  const flying = inFlightLines(state, summary, node);
  out.push('', `frames on the wire: ${flying.length}`, ...flying);
  return out;
}

/** The same as one JSON object. */
export function stateJson(state: NetState, summary: FrameSummary, node?: string): object {
  const nodes: Record<string, object> = {};
  for (const n of state.nodes.values()) {
    if (node !== undefined && n.name !== node) continue;
    const ports: Record<string, object> = {};
    for (const [name, p] of n.ports) {
      const { queued, addresses, ...rest } = p;
      ports[name] = { ...rest, addresses: addresses.map(formatCidr), ...(queued && { queued: queuedOf(p) }) };
    }
    nodes[n.name] = {
      kind: n.kind,
      ports,
      ...(n.lo !== undefined && { lo: n.lo ? 'up' : 'down' }),
      ...(n.ipForward !== undefined && { ipForward: n.ipForward }),
      ...(n.routes && { routes: routeLines(n) }),
      ...((n.routes || n.kind === 'host' || n.kind === 'router' || n.neigh.size > 0) && { neigh: [...n.neigh.values()] }),
      ...((n.kind === 'switch' || n.kind === 'bridge') && { fdb: [...n.fdb.values()] }),
      ...(n.stp && { stp: n.stp }),
    };
  }
  const inFlight = [...state.inFlight.values()]
    .map((f) => ({ ...f, to: destinationOf(state, f), ...(f.frame !== undefined && { summary: summary(f.frame) }) }))
    .filter((f) => node === undefined || f.node === node || f.to.startsWith(`${node}:`));
  return { seq: state.seq, t: state.t, nodes, inFlight };
}
