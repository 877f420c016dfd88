import { get, rec } from './api.js';
import type { Info } from './types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The Charts tab: `hoplab stats --svg`'s plots for each recording (frames
 * sent and alive per bucket, drops by reason, MAC moves), fetched when the
 * tab is first shown, with the current time marked; a click on the time
 * plot seeks there, as does Enter on a focused bucket.
 */
export class Charts {
  private loaded = false;
  private readonly markers: SVGLineElement[] = [];
  private readonly plots: SVGGElement[] = [];

  constructor(
    private readonly pane: HTMLElement,
    private readonly info: Info,
    private readonly seek: (t: number) => void,
  ) {}

  async show(t: number): Promise<void> {
    if (!this.loaded) {
      this.loaded = true;
      this.pane.replaceChildren();
      for (let i = 0; i < this.info.recordings.length; i++) {
        const { svg } = await get<{ svg: string }>(rec(i, 'chart', {}));
        const box = document.createElement('div');
        box.className = 'charts';
        box.dataset.recording = String(i);
        box.innerHTML = svg;
        this.pane.append(box);
        this.wire(box.querySelector('svg')!);
      }
    }
    this.mark(t);
  }

  /** Moves the current-time line to `t` (no-op until the tab has been shown). */
  mark(t: number): void {
    this.plots.forEach((plot, i) => {
      const x = xOf(plot, t);
      const line = this.markers[i]!;
      line.setAttribute('x1', String(x));
      line.setAttribute('x2', String(x));
    });
    this.pane.dataset.time = String(t);
  }

  private wire(svg: SVGSVGElement): void {
    const plot = svg.querySelector<SVGGElement>('g.plot.time');
    if (!plot) return;
    const line = document.createElementNS(SVG_NS, 'line');
    line.setAttribute('class', 'now');
    line.setAttribute('y1', plot.dataset.top!);
    line.setAttribute('y2', plot.dataset.bottom!);
    line.setAttribute('stroke', '#d55e00');
    line.setAttribute('stroke-width', '2');
    plot.append(line);
    this.plots.push(plot);
    this.markers.push(line);
    plot.addEventListener('click', (e) => {
      const p = svg.createSVGPoint();
      p.x = e.clientX;
      p.y = e.clientY;
      const local = p.matrixTransform(plot.getScreenCTM()!.inverse());
      this.seek(tOf(plot, local.x));
    });
    for (const bar of plot.querySelectorAll<SVGRectElement>('rect.bar')) {
      bar.setAttribute('tabindex', '0');
      bar.setAttribute('role', 'button');
      bar.setAttribute('aria-label', bar.querySelector('title')?.textContent ?? 'a bucket');
      bar.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        this.seek(Number(bar.dataset.start));
      });
    }
  }
}

function xOf(plot: SVGGElement, t: number): number {
  const [t0, t1, x0, x1] = ['t0', 't1', 'x0', 'x1'].map((k) => Number(plot.dataset[k]));
  return x0! + ((x1! - x0!) * Math.min(Math.max(t, t0!), t1!)) / (t1! - t0! || 1);
}

function tOf(plot: SVGGElement, x: number): number {
  const [t0, t1, x0, x1] = ['t0', 't1', 'x0', 'x1'].map((k) => Number(plot.dataset[k]));
  return Math.round(t0! + ((t1! - t0!) * Math.min(Math.max(x - x0!, 0), x1! - x0!)) / (x1! - x0! || 1));
}
