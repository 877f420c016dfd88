import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { Point } from './curve.js';
import { type GraphCable, type GraphEnd, type TopologyGraph, cableKey } from './graph.js';

/** A node's box in the drawing: the icon, and its name below it. */
export const NODE_WIDTH = 96;
export const NODE_HEIGHT = 64;
/** Around the drawing, so that labels at the edge are not cut. */
const MARGIN = 40;
/** How far the cable's drawn path stays clear of a node's centre (the icon's radius, about). */
export const ICON_RADIUS = 22;
/** Between two cables that join the same two nodes. */
const PARALLEL_GAP = 26;

export { pointOn, type Point } from './curve.js';

/**
 * A cable as drawn: a cubic Bézier from end `a`'s node to end `b`'s (straight
 * for a single cable, bowed for parallel ones, a loop for a cable between two
 * ports of one node), and the stretch of it outside the two icons, where
 * frames travel.
 */
export interface CableGeometry extends GraphCable {
  key: string;
  p0: Point;
  c1: Point;
  c2: Point;
  p3: Point;
  /** The curve's parameters where it leaves `a`'s icon and enters `b`'s. */
  from: number;
  to: number;
}

/** Where everything goes: node centres, cable curves, and the drawing's size. */
export interface Drawing {
  name: string;
  width: number;
  height: number;
  nodes: Array<{ name: string; kind: string; x: number; y: number }>;
  cables: CableGeometry[];
}

/** Kinds that carry frames between others: a drawing grows from the busiest of them down to the hosts. */
const INFRASTRUCTURE = new Set(['switch', 'bridge', 'hub', 'repeater', 'router']);

/**
 * Lays a topology out the same way every time: a layered drawing (dagre, the
 * Sugiyama method) with the busiest switch, hub or router on top and each
 * host just below the device it is cabled to (`ranks`), then hand-placed
 * positions (`layout:`) on top of it. Everything is taken in the topology's
 * own order: the same input gives the same drawing, to the byte.
 */
export function layoutGraph(g: TopologyGraph): Drawing {
  const placed = autoPlace(g);
  for (const [name, p] of Object.entries(g.fixed)) if (placed.has(name)) placed.set(name, { x: p.x, y: p.y });
  // Shift everything into view: the drawing starts at the margin whatever the positions.
  const xs = [...placed.values()].map((p) => p.x);
  const ys = [...placed.values()].map((p) => p.y);
  const minX = xs.length ? Math.min(...xs) : 0;
  const minY = ys.length ? Math.min(...ys) : 0;
  const dx = MARGIN + NODE_WIDTH / 2 - minX;
  const dy = MARGIN + NODE_HEIGHT / 2 - minY;
  for (const p of placed.values()) {
    p.x = round(p.x + dx);
    p.y = round(p.y + dy);
  }
  const width = round(Math.max(0, ...[...placed.values()].map((p) => p.x)) + NODE_WIDTH / 2 + MARGIN);
  const height = round(Math.max(0, ...[...placed.values()].map((p) => p.y)) + NODE_HEIGHT / 2 + MARGIN);
  return {
    name: g.name,
    width,
    height,
    nodes: g.nodes.map((n) => ({ name: n.name, kind: n.kind, ...placed.get(n.name)! })),
    cables: cableGeometry(g.cables, placed),
  };
}

function autoPlace(g: TopologyGraph): Map<string, Point> {
  const placed = new Map<string, Point>();
  if (g.nodes.length === 0) return placed;
  const d = new Graph({ multigraph: true });
  d.setGraph({ rankdir: 'TB', nodesep: 44, ranksep: 56, marginx: 0, marginy: 0 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) d.setNode(n.name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const rank = ranks(g);
  g.cables.forEach((c, i) => {
    const ra = rank.get(c.a.node);
    const rb = rank.get(c.b.node);
    // A cable within one rank does not shape the layering: it is drawn across it (and bowed round any node in its way).
    if (ra === undefined || rb === undefined || ra === rb) return;
    const [from, to] = ra < rb ? [c.a.node, c.b.node] : [c.b.node, c.a.node];
    d.setEdge(from, to, { minlen: Math.abs(ra - rb), weight: 1 }, `c${i}`);
  });
  dagreLayout(d);
  for (const n of g.nodes) {
    const label = d.node(n.name);
    placed.set(n.name, { x: label.x ?? 0, y: label.y ?? 0 });
  }
  return placed;
}

/**
 * Each node's layer, counted down from the busiest switch, hub or router of
 * its connected part: a step between two such devices is two layers, a step
 * to or from a host one, so hosts hang in the layer just below the device
 * they are cabled to and the devices form the layers in between. A part with
 * no such device starts from its first host. Ties go to the topology's order.
 */
function ranks(g: TopologyGraph): Map<string, number> {
  const kind = new Map(g.nodes.map((n) => [n.name, n.kind]));
  const neighbours = new Map<string, string[]>(g.nodes.map((n) => [n.name, []]));
  for (const c of g.cables) {
    if (c.a.node === c.b.node || !neighbours.has(c.a.node) || !neighbours.has(c.b.node)) continue;
    neighbours.get(c.a.node)!.push(c.b.node);
    neighbours.get(c.b.node)!.push(c.a.node);
  }
  const infra = (name: string): boolean => INFRASTRUCTURE.has(kind.get(name) ?? '');
  const degree = (name: string): number => neighbours.get(name)!.length;
  const starts = [...g.nodes].sort((x, y) => Number(infra(y.name)) - Number(infra(x.name)) || degree(y.name) - degree(x.name));
  const rank = new Map<string, number>();
  for (const start of starts) {
    if (rank.has(start.name)) continue;
    // Dijkstra with steps of one or two layers: a bucket queue, each bucket in the order nodes were reached.
    const buckets: string[][] = [[start.name]];
    const best = new Map([[start.name, 0]]);
    for (let r = 0; r < buckets.length; r++) {
      for (const here of buckets[r] ?? []) {
        if (rank.has(here) || best.get(here) !== r) continue;
        rank.set(here, r);
        for (const next of neighbours.get(here)!) {
          const step = infra(here) && infra(next) ? 2 : 1;
          if (rank.has(next) || (best.get(next) ?? Number.POSITIVE_INFINITY) <= r + step) continue;
          best.set(next, r + step);
          (buckets[r + step] ??= []).push(next);
        }
      }
    }
  }
  return rank;
}

function cableGeometry(cables: readonly GraphCable[], placed: Map<string, Point>): CableGeometry[] {
  // Cables between the same two nodes bow apart, symmetrically about the straight line.
  const pairOf = (c: GraphCable): string => [c.a.node, c.b.node].sort().join('|');
  const siblings = new Map<string, number>();
  for (const c of cables) siblings.set(pairOf(c), (siblings.get(pairOf(c)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: CableGeometry[] = [];
  for (const c of cables) {
    const pa = placed.get(c.a.node);
    const pb = placed.get(c.b.node);
    if (!pa || !pb) continue;
    const pair = pairOf(c);
    const index = seen.get(pair) ?? 0;
    seen.set(pair, index + 1);
    const count = siblings.get(pair)!;
    const bend = c.a.node === c.b.node ? index + 1 : index - (count - 1) / 2;
    out.push(curve(c, pa, pb, bend, count === 1 ? clearance(c, pa, pb, placed) : 0));
  }
  return out;
}

/**
 * How far a straight cable must bow to pass clear of the nodes it would cross
 * (a cable within one layer, past the nodes between its ends): signed, to
 * the side away from the nearest node in its way; 0 when nothing is in the way.
 */
function clearance(c: GraphCable, pa: Point, pb: Point, placed: Map<string, Point>): number {
  const dx = pb.x - pa.x;
  const dy = pb.y - pa.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  const flip = pa.x < pb.x || (pa.x === pb.x && pa.y < pb.y) ? 1 : -1;
  let need = 0;
  for (const [name, p] of placed) {
    if (name === c.a.node || name === c.b.node) continue;
    const u = ((p.x - pa.x) * dx + (p.y - pa.y) * dy) / len2;
    if (u <= 0.05 || u >= 0.95) continue;
    // Signed distance from the line, on the same side convention as `curve`'s normal.
    const side = (((p.x - pa.x) * -dy + (p.y - pa.y) * dx) / Math.sqrt(len2)) * flip;
    if (Math.abs(side) >= NODE_HEIGHT / 2 + 4) continue;
    const away = side >= 0 ? -1 : 1;
    const bow = away * (NODE_HEIGHT / 2 + 12 + Math.abs(side));
    if (Math.abs(bow) > Math.abs(need)) need = bow;
  }
  return need;
}

function curve(c: GraphCable, pa: Point, pb: Point, bend: number, bow = 0): CableGeometry {
  const base = { a: end(c.a), b: end(c.b), key: cableKey(c) };
  if (c.a.node === c.b.node) {
    // A loop above the node, wider for each further cable between two of its own ports.
    const r = 34 + 14 * bend;
    const p0 = { x: pa.x - 12, y: pa.y - 10 };
    const p3 = { x: pa.x + 12, y: pa.y - 10 };
    return { ...base, p0, c1: pt(pa.x - r, pa.y - 2 * r), c2: pt(pa.x + r, pa.y - 2 * r), p3, from: 0.15, to: 0.85 };
  }
  const dx = pb.x - pa.x;
  const dy = pb.y - pa.y;
  const len = Math.hypot(dx, dy) || 1;
  // Normal to the line, oriented the same way whichever end comes first, so parallel cables never cross.
  const flip = pa.x < pb.x || (pa.x === pb.x && pa.y < pb.y) ? 1 : -1;
  const nx = (-dy / len) * flip;
  const ny = (dx / len) * flip;
  // A cubic's control points offset by h move its middle by 3h/4.
  const off = bend * PARALLEL_GAP * 1.5 + (bow * 4) / 3;
  const c1 = pt(pa.x + dx / 3 + nx * off, pa.y + dy / 3 + ny * off);
  const c2 = pt(pa.x + (2 * dx) / 3 + nx * off, pa.y + (2 * dy) / 3 + ny * off);
  const clear = Math.min(0.45, ICON_RADIUS / len);
  return { ...base, p0: pt(pa.x, pa.y), c1, c2, p3: pt(pb.x, pb.y), from: round3(clear), to: round3(1 - clear) };
}

const end = (e: GraphEnd): GraphEnd => ({ node: e.node, port: e.port });
const pt = (x: number, y: number): Point => ({ x: round(x), y: round(y) });
/** Positions to a tenth of a unit: the same bytes on every machine, and no float noise in the SVG. */
export const round = (n: number): number => Math.round(n * 10) / 10;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;
