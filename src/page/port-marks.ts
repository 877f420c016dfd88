import { pointOn, type Point } from '../draw/curve.js';
import type { CableGeometry } from '../draw/layout.js';
import { STP_STATE_COLOURS, STP_STATES, type StpStateName } from '../draw/palette.js';
import type { PortChange, PortMark } from './types.js';

const SVG = 'http://www.w3.org/2000/svg';
/** How far along its cable from the node's centre a port's mark sits: just outside the icon, before the port's name. */
const MARK_DISTANCE = 29;
const R = 5.5;

/**
 * The spanning tree state of each bridge port, marked at the port's end of
 * its cable in the topology's SVG: a shape per state (so that it reads without
 * colour), in its colour, with the state in words as its accessible name and
 * tooltip. The states are the server's (the fold's `stp` events); while
 * playing, the changes it sent with the chunk apply as their time comes.
 */
export class PortMarks {
  private readonly layer: SVGGElement;
  private readonly marks = new Map<string, SVGGElement>();

  constructor(
    svg: SVGSVGElement,
    private readonly cables: readonly CableGeometry[],
  ) {
    this.layer = document.createElementNS(SVG, 'g');
    this.layer.setAttribute('class', 'port-states');
    // Over the cables, under the nodes: a node's halo stays on top.
    const nodes = svg.querySelector('g.nodes');
    svg.insertBefore(this.layer, nodes);
  }

  /** Marks the ports as `marks` says, then applies the `changes` that have happened by `t`. */
  show(marks: readonly PortMark[] = [], changes: readonly PortChange[] = [], t = Number.POSITIVE_INFINITY): void {
    const now = new Map<string, [number, number, string, string]>();
    for (const [cable, end, state, role] of marks) now.set(`${cable}/${end}`, [cable, end, state, role]);
    for (const [at, cable, end, state, role] of changes) if (at <= t) now.set(`${cable}/${end}`, [cable, end, state, role]);
    for (const [key, g] of this.marks)
      if (!now.has(key)) {
        g.remove();
        this.marks.delete(key);
      }
    for (const [key, [cable, end, state, role]] of now) {
      const c = this.cables[cable];
      if (!c) continue;
      let g = this.marks.get(key);
      if (g?.dataset.state === state && g.dataset.role === role) continue;
      g?.remove();
      g = mark(c, end === 0 ? 'a' : 'b', state, role);
      this.marks.set(key, g);
      this.layer.append(g);
    }
  }
}

function mark(c: CableGeometry, which: 'a' | 'b', state: string, role: string): SVGGElement {
  const at = markPoint(c, which);
  const port = `${c[which].node}:${c[which].port}`;
  const words = `${port} ${state}${role && role !== state ? ` (${role} port)` : ''}`;
  const g = document.createElementNS(SVG, 'g');
  g.setAttribute('class', `port-state ${state}`);
  g.setAttribute('role', 'img');
  g.setAttribute('aria-label', words);
  g.setAttribute('transform', `translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`);
  g.dataset.port = port;
  g.dataset.state = state;
  g.dataset.role = role;
  const title = document.createElementNS(SVG, 'title');
  title.textContent = words;
  g.append(title, ...shape(state));
  return g;
}

/** On the cable, MARK_DISTANCE from the node's centre (a quarter of the way along for a short or looped cable). */
function markPoint(c: CableGeometry, which: 'a' | 'b'): Point {
  const length = Math.hypot(c.p3.x - c.p0.x, c.p3.y - c.p0.y);
  const u = c.a.node === c.b.node ? 0.2 : Math.min(0.3, MARK_DISTANCE / (length || 1));
  return pointOn(c, which === 'a' ? u : 1 - u);
}

/** The state's shape: what says it to a reader who cannot tell the colours apart. */
function shape(state: string): SVGElement[] {
  const colour = STP_STATE_COLOURS[state as StpStateName] ?? STP_STATE_COLOURS.disabled;
  const el = (name: string, attrs: Record<string, string | number>): SVGElement => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const ring = { cx: 0, cy: 0, r: R, class: 'ring', stroke: colour, 'stroke-width': 2.5 };
  switch (state) {
    case 'forwarding':
      return [el('circle', { cx: 0, cy: 0, r: R + 1, fill: colour, class: 'edge' })];
    case 'learning':
      return [el('circle', ring), el('path', { d: `M0 ${-R}A${R} ${R} 0 0 0 0 ${R}Z`, fill: colour })];
    case 'listening':
      return [el('circle', ring)];
    case 'blocking':
      return [
        el('rect', { x: -R, y: -R, width: 2 * R, height: 2 * R, fill: colour, class: 'edge' }),
        el('path', { d: `M${-R + 2} 0H${R - 2}`, class: 'bar', 'stroke-width': 2.5 }),
      ];
    case 'discarding':
      return [el('circle', { ...ring, fill: colour }), el('path', { d: `M${-R + 2} 0H${R - 2}`, class: 'bar', 'stroke-width': 2.5 })];
    default:
      return [el('circle', ring), el('path', { d: `M-3 -3L3 3M3 -3L-3 3`, stroke: colour, 'stroke-width': 2 })];
  }
}

/** The legend's entries for the states: each shape, small, with its name. */
export function portLegend(): HTMLElement[] {
  return STP_STATES.map((state) => {
    const item = document.createElement('span');
    item.className = 'port-legend';
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '-8 -8 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', `port-state ${state}`);
    svg.append(...shape(state));
    item.append(svg, `port ${state}`);
    return item;
  });
}
