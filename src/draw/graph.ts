import type { Topology } from '../topology/model.js';

/** A node as drawn: its name and kind (host, router, repeater, hub, bridge, switch). */
export interface GraphNode {
  name: string;
  kind: string;
}

/** One end of a cable: a node's port (or interface). */
export interface GraphEnd {
  node: string;
  port: string;
}

/** A cable (a veth pair, or a station's link to a hub) between two ports. */
export interface GraphCable {
  a: GraphEnd;
  b: GraphEnd;
}

/** What a topology drawing shows: nodes and cables, in the topology's own order, and any hand-placed positions. */
export interface TopologyGraph {
  name: string;
  nodes: GraphNode[];
  cables: GraphCable[];
  /** Positions from the topology's `layout:` key (node centres), which win over the automatic layout. */
  fixed: Record<string, { x: number; y: number }>;
}

/** What a recording's header says about its network: the same fields as `RecordingHeader`, as far as drawing needs them. */
export interface HeaderGraphSource {
  name: string;
  nodes: ReadonlyArray<{ name: string; kind: string }>;
  ports: ReadonlyArray<{ node: string; port: string; peerNode?: string; peerPort?: string }>;
}

export const endName = (e: GraphEnd): string => `${e.node}:${e.port}`;

/** A cable's name, the same whichever end is named first. */
export function cableKey(c: GraphCable): string {
  const [x, y] = [endName(c.a), endName(c.b)].sort();
  return `${x}|${y}`;
}

/** The graph of a topology file: its nodes and links as declared. A script's topology is its root namespace alone (it builds the rest as it runs). */
export function graphOfTopology(t: Topology): TopologyGraph {
  return {
    name: t.name,
    nodes: t.nodes.map((n) => ({ name: n.name, kind: n.kind })),
    cables: t.links.map((l) => ({ a: { ...l.a }, b: { ...l.b } })),
    fixed: { ...(t.layout ?? {}) },
  };
}

/**
 * The graph a recording's header describes: every node, and a cable for each
 * pair of ports that name each other (or one that names a peer), once. For a
 * script's recording these are every cable the script ever made.
 */
export function graphOfHeader(h: HeaderGraphSource, fixed: TopologyGraph['fixed'] = {}): TopologyGraph {
  const seen = new Set<string>();
  const cables: GraphCable[] = [];
  for (const p of h.ports) {
    if (!p.peerNode || !p.peerPort) continue;
    const cable = { a: { node: p.node, port: p.port }, b: { node: p.peerNode, port: p.peerPort } };
    const key = cableKey(cable);
    if (seen.has(key)) continue;
    seen.add(key);
    cables.push(cable);
  }
  return { name: h.name, nodes: h.nodes.map((n) => ({ name: n.name, kind: n.kind })), cables, fixed: { ...fixed } };
}
