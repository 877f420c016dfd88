import { endName } from './graph.js';
import { ICON_SIZE, iconDefs, iconId } from './icons.js';
import { type CableGeometry, type Drawing, type Point, pointOn } from './layout.js';

/** How far from a node's centre a port's name sits along its cable. */
const PORT_LABEL_DISTANCE = 36;

export interface SvgOptions {
  /** Only these nodes and cables (by `cableKey`) are shown; the others are drawn hidden (a script's network at one event). */
  present?: { nodes: ReadonlySet<string>; cables: ReadonlySet<string> };
  /** Leave the stylesheet out: the page that embeds the drawing styles it. */
  bare?: boolean;
}

/**
 * The topology as one SVG document: a cable per link with its two port
 * names, a node per device with the icon of its kind and its name, each with
 * an accessible name (`role="img"`, `aria-label`) that screen readers, the
 * viewer and the tests read. Deterministic: the same drawing gives the same
 * bytes. Colours follow the reader's light or dark preference.
 */
export function topologySvg(d: Drawing, options: SvgOptions = {}): string {
  const hidden = (shown: boolean): string => (shown ? '' : ' visibility="hidden"');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="hoplab-topology" viewBox="0 0 ${d.width} ${d.height}" width="${d.width}" height="${d.height}" role="img" aria-labelledby="topology-title">`,
    `<title id="topology-title">${esc(`${d.name}: ${count(d.nodes.length, 'node')}, ${count(d.cables.length, 'cable')}`)}</title>`,
  );
  if (!options.bare) out.push(`<style>${STYLE}</style>`);
  out.push(`<defs>${iconDefs(d.nodes.map((n) => n.kind))}</defs>`);
  out.push('<g class="cables">');
  for (const c of d.cables) {
    const shown = options.present ? options.present.cables.has(c.key) : true;
    const a = endName(c.a);
    const b = endName(c.b);
    out.push(
      `<g class="cable" role="img" aria-label="cable ${esc(a)} to ${esc(b)}" data-cable="${esc(c.key)}" data-a="${esc(a)}" data-b="${esc(b)}"${hidden(shown)}>`,
      `<path d="${pathOf(c)}"/>`,
      portLabel(c, 'a'),
      portLabel(c, 'b'),
      '</g>',
    );
  }
  out.push('</g>', '<g class="nodes">');
  for (const n of d.nodes) {
    const shown = options.present ? options.present.nodes.has(n.name) : true;
    const half = ICON_SIZE / 2;
    out.push(
      `<g class="node" role="img" aria-label="${esc(`${n.kind} ${n.name}`)}" data-node="${esc(n.name)}" data-kind="${esc(n.kind)}" transform="translate(${n.x} ${n.y})"${hidden(shown)}>`,
      `<rect class="halo" x="${-half - 5}" y="${-half - 5}" width="${ICON_SIZE + 10}" height="${ICON_SIZE + 10}" rx="6"/>`,
      `<use href="#${iconId(n.kind)}" x="${-half}" y="${-half}" width="${ICON_SIZE}" height="${ICON_SIZE}"/>`,
      `<text class="name" x="${half + 4}" y="5">${esc(n.name)}</text>`,
      '</g>',
    );
  }
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

export function pathOf(c: CableGeometry): string {
  return `M${c.p0.x} ${c.p0.y}C${c.c1.x} ${c.c1.y} ${c.c2.x} ${c.c2.y} ${c.p3.x} ${c.p3.y}`;
}

/** A port's name beside its cable, near its own node, offset to the side so that the line does not strike it through. */
function portLabel(c: CableGeometry, which: 'a' | 'b'): string {
  const at = labelPoint(c, which);
  return `<text class="port" x="${at.x}" y="${at.y}">${esc(c[which].port)}</text>`;
}

function labelPoint(c: CableGeometry, which: 'a' | 'b'): Point {
  const length = Math.hypot(c.p3.x - c.p0.x, c.p3.y - c.p0.y);
  const loop = c.a.node === c.b.node;
  const u = loop ? (which === 'a' ? 0.25 : 0.75) : Math.min(0.45, PORT_LABEL_DISTANCE / (length || 1));
  const p = pointOn(c, which === 'a' ? u : 1 - u);
  const q = pointOn(c, which === 'a' ? u + 0.01 : 1 - u - 0.01);
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = Math.hypot(dx, dy) || 1;
  // To the side of the line, then a little down so that the text's baseline centres on it.
  return { x: round(p.x + (-dy / len) * 9), y: round(p.y + (dx / len) * 9 + 4) };
}

const round = (n: number): number => Math.round(n * 10) / 10;
const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Light by default, dark when the reader prefers it; the viewer page restyles the same classes. */
export const STYLE = [
  '.hoplab-topology{font-family:system-ui,sans-serif;background:#fff}',
  '.cable path{fill:none;stroke:#5b6573;stroke-width:2}',
  '.port{font-size:10px;fill:#3b4452;text-anchor:middle}',
  '.name{font-size:13px;font-weight:600;fill:#111}',
  // A halo in the background colour keeps text readable where a cable crosses it.
  'text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}',
  '.icon{fill:#dde7f3;stroke:#2b4c7e;stroke-width:1.5}',
  '.mark{fill:#f7fbff;stroke:#2b4c7e}',
  '.dot{fill:#2b4c7e}',
  '.halo{fill:none}',
  '@media (prefers-color-scheme:dark){.hoplab-topology{background:#16191d}text{stroke:#16191d}.cable path{stroke:#9aa5b4}.port{fill:#c3cad4}.name{fill:#eef1f5}',
  '.icon{fill:#23344d;stroke:#9cc0ee}.mark{fill:#16191d;stroke:#9cc0ee}.dot{fill:#9cc0ee}}',
].join('');
