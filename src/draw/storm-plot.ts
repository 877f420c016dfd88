import { scaleLinear } from 'd3-scale';
import type { RecordingStats } from '../stats/stats.js';
import { DROP_COLOUR, PROTOCOL_COLOURS, SKY_BLUE } from './palette.js';
import { esc } from './topology-svg.js';

const WIDTH = 640;
const LEFT = 64;
const RIGHT = 16;
const PLOT_HEIGHT = 170;
const ROW = 18;
const BAR_LEFT = 150;

/**
 * `hoplab stats` as pictures, one SVG: frames sent (bars) and frames alive
 * (a line) per bucket of virtual time, drops by reason, MAC moves per
 * switch. Scales and ticks are d3-scale's. The time plot's group carries its
 * scale (`data-t0/t1`, `data-x0/x1`) and each bar its bucket, so that the
 * viewer can mark the current time on it and seek where it is clicked.
 * Deterministic: the same statistics give the same bytes.
 */
export function stormPlotSvg(name: string, s: RecordingStats, options: { bare?: boolean } = {}): string {
  const rows = s.buckets.rows;
  const width = s.buckets.width;
  const span = Math.max(width, rows.length * width);
  const x = scaleLinear()
    .domain([0, span])
    .range([LEFT, WIDTH - RIGHT]);
  const maxTx = Math.max(1, ...rows.map((r) => r.tx));
  const maxAlive = Math.max(1, ...rows.map((r) => r.inFlight));
  const top = 40;
  const yTx = scaleLinear()
    .domain([0, maxTx])
    .nice(4)
    .range([top + PLOT_HEIGHT, top]);
  const yAlive = scaleLinear()
    .domain([0, maxAlive])
    .nice(4)
    .range([top + PLOT_HEIGHT, top]);
  const out: string[] = [];
  const drops = Object.entries(s.drops).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const moves = Object.entries(s.moves).sort((a, b) => a[0].localeCompare(b[0]));
  const dropsTop = top + PLOT_HEIGHT + 64;
  const movesTop = dropsTop + 24 + Math.max(1, drops.length) * ROW + 16;
  const height = movesTop + 24 + Math.max(1, moves.length) * ROW + 12;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="hoplab-plot" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="plot-title">`,
    `<title id="plot-title">${esc(`${name}: frames sent and alive per ${seconds(width)} s, drops by reason, MAC moves per switch`)}</title>`,
  );
  if (!options.bare) out.push(`<style>${STYLE}</style>`);
  // Frames sent and alive over time.
  out.push(
    `<text class="heading" x="${LEFT}" y="${top - 22}">frames sent per ${esc(seconds(width))} s (bars) and alive at its end (line); peak ${s.peakInFlight}</text>`,
    `<g class="plot time" data-t0="0" data-t1="${span}" data-x0="${r(x(0))}" data-x1="${r(x(span))}" data-top="${top}" data-bottom="${top + PLOT_HEIGHT}">`,
    `<rect class="frame" x="${LEFT}" y="${top}" width="${r(x(span) - LEFT)}" height="${PLOT_HEIGHT}"/>`,
  );
  for (const tick of yTx.ticks(4)) out.push(`<text class="tick" x="${LEFT - 6}" y="${r(yTx(tick) + 4)}" text-anchor="end">${tick}</text>`);
  for (const tick of yAlive.ticks(4))
    out.push(`<text class="tick alive" x="${WIDTH - RIGHT - 2}" y="${r(yAlive(tick) - 2)}" text-anchor="end">${tick}</text>`);
  for (const tick of x.ticks(6))
    out.push(`<text class="tick" x="${r(x(tick))}" y="${top + PLOT_HEIGHT + 16}" text-anchor="middle">${esc(seconds(tick))}</text>`);
  out.push(`<text class="tick" x="${WIDTH - RIGHT}" y="${top + PLOT_HEIGHT + 32}" text-anchor="end">virtual time (s)</text>`);
  for (const row of rows) {
    const x0 = x(row.start);
    const x1 = x(row.start + width);
    const y = yTx(row.tx);
    out.push(
      `<rect class="bar" data-start="${row.start}" data-end="${row.start + width}" x="${r(x0 + 0.5)}" y="${r(y)}" width="${r(Math.max(0.5, x1 - x0 - 1))}" height="${r(top + PLOT_HEIGHT - y)}" fill="${PROTOCOL_COLOURS.icmp}"><title>${esc(`${seconds(row.start)} s: ${row.tx} sent, ${row.inFlight} alive, ${row.drops} dropped`)}</title></rect>`,
    );
  }
  const line = rows.map((row, i) => `${i === 0 ? 'M' : 'L'}${r(x(row.start + width))} ${r(yAlive(row.inFlight))}`).join('');
  if (line) out.push(`<path class="alive" d="${line}" fill="none" stroke="${SKY_BLUE}" stroke-width="2.5" stroke-dasharray="6 3"/>`);
  out.push('</g>');
  out.push(...barList('drops by reason', dropsTop, drops, DROP_COLOUR, 'no drops'));
  out.push(
    ...barList(
      'MAC moves per switch (a MAC seen on another port: flapping means a loop)',
      movesTop,
      moves.map(([sw, m]) => [sw, m.count]),
      PROTOCOL_COLOURS.arp,
      'no MAC moved',
    ),
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function barList(heading: string, top: number, items: Array<[string, number]>, colour: string, none: string): string[] {
  const out = [`<text class="heading" x="${LEFT}" y="${top}">${esc(heading)}</text>`];
  if (items.length === 0) {
    out.push(`<text class="tick" x="${BAR_LEFT}" y="${top + 20}">${esc(none)}</text>`);
    return out;
  }
  const max = Math.max(...items.map(([, n]) => n));
  const w = scaleLinear()
    .domain([0, max])
    .range([0, WIDTH - RIGHT - BAR_LEFT - 60]);
  items.forEach(([label, n], i) => {
    const y = top + 8 + i * ROW;
    out.push(
      `<text class="tick" x="${BAR_LEFT - 8}" y="${y + 12}" text-anchor="end">${esc(label)}</text>`,
      `<rect class="bar" x="${BAR_LEFT}" y="${y}" width="${r(Math.max(1, w(n)))}" height="${ROW - 5}" fill="${colour}"><title>${esc(`${label}: ${n}`)}</title></rect>`,
      `<text class="tick" x="${r(BAR_LEFT + Math.max(1, w(n)) + 6)}" y="${y + 12}">${n}</text>`,
    );
  });
  return out;
}

/** Seconds with as many digits as the value needs, to the nanosecond. */
function seconds(ns: number): string {
  return String(+(ns / 1e9).toFixed(9));
}

const r = (n: number): number => Math.round(n * 10) / 10;

const STYLE = [
  '.hoplab-plot{font-family:system-ui,sans-serif;background:#fff}',
  '.heading{font-size:13px;font-weight:600;fill:#16191d}',
  '.tick{font-size:11px;fill:#3b4452}',
  '.tick.alive{fill:#1f6f99}',
  '.frame{fill:none;stroke:#c7ced8}',
  '@media (prefers-color-scheme:dark){.hoplab-plot{background:#16191d}.heading{fill:#eef1f5}.tick{fill:#c3cad4}.tick.alive{fill:#56b4e9}.frame{stroke:#39414b}}',
].join('');
