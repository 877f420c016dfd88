import { pointOn, type Point } from '../draw/curve.js';
import type { CableGeometry, Drawing } from '../draw/layout.js';
import { DROP_COLOUR, FRAME_CLASSES, PROTOCOL_COLOURS, PROTOCOL_NAMES } from '../draw/palette.js';
import { EnvelopeSprites, FrameBuffer } from './envelope-sprites.js';
import { PortMarks, portLegend } from './port-marks.js';
import type { DropMark, Envelope, PortChange, PortMark, RecInfo, Shape } from './types.js';

const FATE_WORDS = ['on the wire', 'received', 'dropped', 'collided', 'repeated by the hub'];

/** Where an envelope is, and what it says, for the list beside the picture (screen readers and tests read it). */
export interface Placed {
  env: Envelope;
  at: Point;
  fraction: number;
}

/**
 * One recording's picture: the topology's SVG (from the server, the same
 * drawing `hoplab draw` writes) and, over it, a canvas on which every frame
 * on a wire is an envelope, coloured by protocol, and every drop a cross
 * where it happened. One canvas, not an element per frame: a storm has
 * ten thousand on the wires.
 */
export class Picture {
  readonly root: HTMLElement;
  readonly svg: SVGSVGElement;
  readonly canvas: HTMLCanvasElement;
  private readonly drawing: Drawing;
  private readonly cables: CableGeometry[];
  placed: Placed[] = [];
  drops: Array<{ mark: DropMark; at: Point }> = [];
  private draws = 0;
  private shapeSeq = -1;
  private readonly portMarks: PortMarks;
  private readonly sprites = new EnvelopeSprites();
  private readonly buffer = new FrameBuffer();

  constructor(
    readonly index: number,
    readonly info: RecInfo,
    onNode: (index: number, node: string) => void,
  ) {
    this.drawing = info.drawing;
    this.cables = info.drawing.cables;
    this.root = document.createElement('div');
    this.root.className = 'picture';
    this.root.dataset.recording = String(index);
    const title = document.createElement('h2');
    title.textContent = `${info.name} — ${info.events} events`;
    const box = document.createElement('div');
    box.className = 'canvas-box';
    box.innerHTML = info.svg;
    this.svg = box.querySelector('svg')!;
    this.svg.removeAttribute('width');
    this.svg.removeAttribute('height');
    this.svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    box.append(this.canvas);
    this.root.append(title, box, legend());
    this.portMarks = new PortMarks(this.svg, this.cables);
    for (const g of this.svg.querySelectorAll<SVGGElement>('.node')) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      const name = g.dataset.node!;
      g.setAttribute('aria-label', `${g.dataset.kind} ${name}`);
      g.addEventListener('click', () => onNode(index, name));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onNode(index, name);
        }
      });
    }
    new ResizeObserver(() => this.redraw()).observe(box);
  }

  select(node: string | undefined): void {
    for (const g of this.svg.querySelectorAll<SVGGElement>('.node')) g.classList.toggle('selected', g.dataset.node === node);
  }

  /** Marks the node of the current event. */
  current(node: string | undefined): void {
    for (const g of this.svg.querySelectorAll<SVGGElement>('.node')) g.classList.toggle('current', g.dataset.node === node);
  }

  mark(node: string | undefined, cls: string): void {
    for (const g of this.svg.querySelectorAll<SVGGElement>('.node')) g.classList.toggle(cls, g.dataset.node === node);
  }

  /** A script's network as it stands: the nodes and cables that exist are shown, the others hidden. */
  shape(shape: Shape | undefined): void {
    if (!shape || shape.seq === this.shapeSeq) return;
    this.shapeSeq = shape.seq;
    const nodes = new Set(shape.nodes);
    for (const g of this.svg.querySelectorAll<SVGGElement>('.node')) setShown(g, nodes.has(g.dataset.node!));
    const cables = [...this.svg.querySelectorAll<SVGGElement>('.cable')];
    cables.forEach((g, i) => {
      setShown(g, shape.cables[i] === true);
    });
  }

  /** Bridge ports' spanning tree states, as the server gave them, with the changes due by `t` while playing. */
  ports(marks: readonly PortMark[], changes?: readonly PortChange[], t?: number): void {
    this.portMarks.show(marks, changes, t);
  }

  /** The frames on the wires at virtual time `t`: each envelope where its trip has got to (paused: every one given is alive). */
  show(envelopes: readonly Envelope[], drops: readonly DropMark[], t: number, alive: (e: Envelope) => boolean = () => true): void {
    const placed: Placed[] = [];
    for (const env of envelopes) {
      if (!alive(env)) continue;
      const cable = this.cables[env[3]];
      const [, t0, t1] = env;
      const fraction = t1 < 0 ? 0.5 : t1 <= t0 ? 1 : Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
      if (!cable) {
        placed.push({ env, at: { x: -1, y: -1 }, fraction });
        continue;
      }
      const u = env[4] === 0 ? cable.from + fraction * (cable.to - cable.from) : cable.to - fraction * (cable.to - cable.from);
      placed.push({ env, at: pointOn(cable, u), fraction });
    }
    this.placed = placed;
    this.drops = drops.map((mark) => {
      const cable = this.cables[mark[2]];
      const at = cable ? pointOn(cable, mark[3] === 0 ? cable.from : cable.to) : { x: -1, y: -1 };
      return { mark, at };
    });
    this.redraw();
  }

  /** The names of a cable's two ends, for the list. */
  cableEnds(index: number, direction: number): string {
    const c = this.cables[index];
    if (!c) return '?';
    const [from, to] = direction === 0 ? [c.a, c.b] : [c.b, c.a];
    return `${from.node}:${from.port} → ${to.node}:${to.port}`;
  }

  /** What the list beside the picture says about an envelope. */
  describe(p: Placed): string {
    const [txSeq, , , cable, dir, cls, fate] = p.env;
    const name = PROTOCOL_NAMES[FRAME_CLASSES[cls] ?? 'other'];
    return `#${txSeq} ${name} ${this.cableEnds(cable, dir)} ${(p.fraction * 100).toFixed(1)}%${fate ? `, then ${FATE_WORDS[fate]}` : ''}`;
  }

  private redraw(): void {
    const box = this.canvas.parentElement!;
    const ratio = window.devicePixelRatio || 1;
    const w = box.clientWidth;
    const h = box.clientHeight;
    if (this.canvas.width !== Math.round(w * ratio) || this.canvas.height !== Math.round(h * ratio)) {
      this.canvas.width = Math.round(w * ratio);
      this.canvas.height = Math.round(h * ratio);
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    // The SVG is scaled to fit, centred (preserveAspectRatio meet): the canvas follows the same transform.
    const scale = Math.min(w / this.drawing.width, h / this.drawing.height) || 1;
    const ox = (w - this.drawing.width * scale) / 2;
    const oy = (h - this.drawing.height * scale) / 2;
    // Envelopes are copied at whole device pixels, each where its centre falls (envelope-sprites.ts).
    const sprites = this.sprites.at(ratio * scale, getComputedStyle(document.body).color);
    this.buffer.clear(this.canvas.width, this.canvas.height);
    for (const p of this.placed) {
      const sprite = sprites[p.env[5]];
      if (sprite === undefined || p.at.x < 0) continue;
      this.buffer.put(sprite, Math.round(ratio * (ox + p.at.x * scale)) - sprite.cx, Math.round(ratio * (oy + p.at.y * scale)) - sprite.cy);
    }
    this.buffer.paint(ctx);
    ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * ox, ratio * oy);
    ctx.strokeStyle = DROP_COLOUR;
    ctx.lineWidth = 3;
    ctx.beginPath();
    for (const d of this.drops) {
      if (d.at.x < 0) continue;
      ctx.moveTo(d.at.x - 6, d.at.y - 6);
      ctx.lineTo(d.at.x + 6, d.at.y + 6);
      ctx.moveTo(d.at.x + 6, d.at.y - 6);
      ctx.lineTo(d.at.x - 6, d.at.y + 6);
    }
    ctx.stroke();
    this.canvas.setAttribute('aria-label', `${this.placed.length} frames on the wires, ${this.drops.length} drops marked`);
    this.canvas.dataset.count = String(this.placed.length);
    // Counted for the bench's frames-per-second figure while playing.
    this.canvas.dataset.draws = String(++this.draws);
    this.canvas.dataset.digest = digest(this.placed);
  }
}

function setShown(g: SVGGElement, shown: boolean): void {
  if (shown) g.removeAttribute('visibility');
  else g.setAttribute('visibility', 'hidden');
}

/**
 * A short fingerprint of where every envelope is (to a tenth of a unit): equal
 * pictures have equal digests. FNV-1a over the numbers themselves, made every
 * frame while playing, so it builds no string.
 */
function digest(placed: readonly Placed[]): string {
  let h = 0x811c9dc5;
  for (const p of placed) {
    h = Math.imul(h ^ p.env[0], 0x01000193);
    h = Math.imul(h ^ Math.round(p.at.x * 10), 0x01000193);
    h = Math.imul(h ^ Math.round(p.at.y * 10), 0x01000193);
  }
  return `${placed.length}:${(h >>> 0).toString(16)}`;
}

function legend(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'legend';
  el.setAttribute('aria-label', 'Colours');
  for (const c of FRAME_CLASSES) {
    const item = document.createElement('span');
    item.innerHTML = `<i style="background:${PROTOCOL_COLOURS[c]}"></i>${PROTOCOL_NAMES[c]}`;
    el.append(item);
  }
  const drop = document.createElement('span');
  drop.innerHTML = `<b style="color:${DROP_COLOUR}">✕</b> dropped`;
  el.append(drop, ...portLegend());
  return el;
}
