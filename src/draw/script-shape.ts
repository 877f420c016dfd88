import { ROOT } from '../topology/script-load.js';
import { type GraphCable, type GraphEnd, type GraphNode, cableKey } from './graph.js';

/** The events a script's network is rebuilt from: its commands, and the link events that show each one took effect. */
export interface ShapeEvent {
  seq: number;
  kind: string;
  node: string;
  cause?: number | null;
  text?: string | null;
}

/** A script's network as it stands just after event `seq`: the namespaces and bridges that exist, and their cables. */
export interface Shape {
  seq: number;
  nodes: string[];
  cables: GraphCable[];
}

interface Iface {
  name: string;
  ns: string;
  master?: string;
  peer?: Iface;
}

type Op =
  | { op: 'netns-add'; ns: string }
  | { op: 'netns-del'; ns: string }
  | { op: 'veth'; name: string; ns: string; peer: string; peerNs: string }
  | { op: 'bridge'; name: string; ns: string }
  | { op: 'move'; name: string; ns: string; to: string }
  | { op: 'master'; name: string; ns: string; bridge?: string }
  | { op: 'del'; name: string; ns: string };

/**
 * The shapes a script's network takes as it runs (`ip netns add`, `ip link
 * add ... type veth|bridge`, `ip link set X netns|master|nomaster`, `ip link
 * del`, `ip netns delete`), one per change, from its recording. A command
 * changes the shape at the first `link` event it caused: a command the
 * kernel refused causes none and changes nothing, as in the shell.
 */
export class ScriptShapes {
  readonly history: Shape[] = [];
  /** Every bridge the script made: hoplab runs each as a switch (SPEC §2). */
  readonly bridges = new Set<string>();
  private readonly present = new Set<string>([ROOT]);
  private readonly ifaces: Iface[] = [];
  private readonly pending = new Map<number, Op>();

  constructor() {
    this.history.push(this.snapshot(0));
  }

  add(e: ShapeEvent): void {
    if (e.kind === 'command' && e.text) {
      const op = parseOp(e.text, e.node);
      if (op) this.pending.set(e.seq, op);
    } else if (e.kind === 'link' && e.cause != null) {
      const op = this.pending.get(e.cause);
      if (!op) return;
      this.pending.delete(e.cause);
      this.apply(op);
      this.history.push(this.snapshot(e.seq));
    }
  }

  /** The shape just after event `seq`. */
  at(seq: number): Shape {
    let lo = 0;
    let hi = this.history.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.history[mid]!.seq <= seq) lo = mid;
      else hi = mid - 1;
    }
    return this.history[lo]!;
  }

  /** Every node and cable any shape had, in order of first appearance: the graph a drawing lays out once, so that nothing jumps as the script runs. */
  union(kinds: ReadonlyMap<string, string> = new Map()): { nodes: GraphNode[]; cables: GraphCable[] } {
    const nodes = new Map<string, GraphNode>();
    const cables = new Map<string, GraphCable>();
    for (const s of this.history) {
      for (const n of s.nodes)
        if (!nodes.has(n)) nodes.set(n, { name: n, kind: kinds.get(n) ?? (this.bridges.has(n) ? 'switch' : 'host') });
      for (const c of s.cables) if (!cables.has(cableKey(c))) cables.set(cableKey(c), c);
    }
    return { nodes: [...nodes.values()], cables: [...cables.values()] };
  }

  private find(ns: string, name: string): Iface | undefined {
    return this.ifaces.find((i) => i.ns === ns && i.name === name);
  }

  private remove(i: Iface): void {
    for (const x of [i, i.peer]) {
      const at = x ? this.ifaces.indexOf(x) : -1;
      if (at >= 0) this.ifaces.splice(at, 1);
    }
  }

  private apply(op: Op): void {
    switch (op.op) {
      case 'netns-add':
        this.present.add(op.ns);
        return;
      case 'netns-del':
        this.present.delete(op.ns);
        // Destroying a namespace destroys its veths, and so their peers wherever they are.
        for (const i of this.ifaces.filter((x) => x.ns === op.ns)) this.remove(i);
        return;
      case 'veth': {
        const a: Iface = { name: op.name, ns: op.ns };
        const b: Iface = { name: op.peer, ns: op.peerNs, peer: a };
        a.peer = b;
        this.ifaces.push(a, b);
        return;
      }
      case 'bridge':
        this.present.add(op.name);
        this.bridges.add(op.name);
        return;
      case 'move': {
        const i = this.find(op.ns, op.name);
        if (i) {
          i.ns = op.to;
          delete i.master;
        }
        return;
      }
      case 'master': {
        const i = this.find(op.ns, op.name);
        if (!i) return;
        if (op.bridge) i.master = op.bridge;
        else delete i.master;
        return;
      }
      case 'del': {
        if (this.present.has(op.name) && !this.find(op.ns, op.name)) {
          // A bridge: its ports are their namespace's own interfaces again.
          this.present.delete(op.name);
          for (const i of this.ifaces) if (i.master === op.name) delete i.master;
          return;
        }
        const i = this.find(op.ns, op.name);
        if (i) this.remove(i);
        return;
      }
    }
  }

  private snapshot(seq: number): Shape {
    const end = (i: Iface): GraphEnd => ({ node: i.master ?? i.ns, port: i.name });
    const cables: GraphCable[] = [];
    for (const i of this.ifaces)
      if (i.peer && this.ifaces.indexOf(i) < this.ifaces.indexOf(i.peer)) cables.push({ a: end(i), b: end(i.peer) });
    return { seq, nodes: [...this.present], cables };
  }
}

/** The structural part of an `ip` command, as iproute2 reads it; anything else (addresses, up/down, output) is not the drawing's. */
export function parseOp(text: string, node: string): Op | undefined {
  const w = text.trim().split(/\s+/);
  if (w[0] !== 'ip') return undefined;
  let ns = node;
  let i = 1;
  while (w[i]?.startsWith('-')) {
    if ((w[i] === '-n' || w[i] === '-netns') && w[i + 1]) {
      ns = w[i + 1]!;
      i += 2;
    } else i++;
  }
  const object = w[i];
  const verb = w[i + 1];
  const rest = w.slice(i + 2);
  if (object === 'netns') {
    if (verb === 'add' && rest[0]) return { op: 'netns-add', ns: rest[0] };
    if ((verb === 'delete' || verb === 'del') && rest[0]) return { op: 'netns-del', ns: rest[0] };
    return undefined;
  }
  if (object !== 'link' && object !== 'l') return undefined;
  const name = rest[0] === 'dev' || rest[0] === 'name' ? rest[1] : rest[0];
  if (!name) return undefined;
  const after = (word: string): string | undefined => {
    const at = rest.indexOf(word);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  const nsOf = (v: string | undefined, fallback: string): string => (v === undefined ? fallback : v === '1' ? ROOT : v);
  if (verb === 'add') {
    const type = after('type');
    if (type === 'bridge') return { op: 'bridge', name, ns };
    if (type !== 'veth') return undefined;
    // `ip link add A [netns X] type veth peer [name] B [netns Y]`: each end in its own namespace, the command's by default.
    const peerAt = rest.indexOf('peer');
    if (peerAt < 0) return undefined;
    const own = rest.slice(0, peerAt);
    const theirs = rest.slice(peerAt + 1);
    const peer = theirs[0] === 'name' ? theirs[1] : theirs[0];
    if (!peer) return undefined;
    const ownNs = own.includes('netns') ? nsOf(own[own.indexOf('netns') + 1], ns) : ns;
    const peerNs = theirs.includes('netns') ? nsOf(theirs[theirs.indexOf('netns') + 1], ns) : ns;
    return { op: 'veth', name, ns: ownNs, peer, peerNs };
  }
  if (verb === 'set') {
    const to = after('netns');
    if (to !== undefined) return { op: 'move', name, ns, to: nsOf(to, ns) };
    const bridge = after('master');
    if (bridge !== undefined) return { op: 'master', name, ns, bridge };
    if (rest.includes('nomaster')) return { op: 'master', name, ns };
    return undefined;
  }
  if (verb === 'del' || verb === 'delete') return { op: 'del', name, ns };
  return undefined;
}
