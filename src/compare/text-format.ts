/**
 * Plain-text layout for `hoplab stats` and `hoplab diff`: aligned tables and
 * horizontal bars a terminal shows at a glance. No colour here: it would only
 * be for terminals (SPEC §3) and the tables read without it.
 */

const UNITS: Array<[number, string]> = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'us'],
  [1, 'ns'],
];

/** A duration as a topology file writes one: 200ms, 1.5s, 336ns. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  for (const [size, unit] of UNITS) {
    if (Math.abs(ns) >= size) return `${Number((ns / size).toPrecision(4))}${unit}`;
  }
  return `${ns}ns`;
}

/** A bucket's start in seconds, with as many decimals as the bucket width needs. */
export function formatBucketStart(ns: number, widthNs: number): string {
  const decimals = Math.min(9, Math.max(0, 9 - Math.floor(Math.log10(widthNs))));
  return (ns / 1e9).toFixed(decimals);
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `width` cells long at `max`, in eighths of a cell; any non-zero value shows at least a sliver. */
export function bar(value: number, max: number, width: number): string {
  if (value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

export type Align = 'left' | 'right';

/**
 * Rows of cells as aligned columns, two spaces apart; trailing spaces trimmed.
 * A row given as a plain string is a heading: printed as is, not measured.
 */
export function table(rows: Array<string[] | string>, align: Align[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    if (typeof row === 'string') continue;
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
  }
  return rows.map((row) =>
    typeof row === 'string'
      ? row
      : row
          .map((cell, i) => {
            const pad = ' '.repeat(widths[i]! - displayWidth(cell));
            return (align[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? cell + pad : pad + cell;
          })
          .join('  ')
          .trimEnd(),
  );
}

/** Columns a string takes on a terminal (the bar glyphs are one cell each). */
function displayWidth(s: string): number {
  return [...s].length;
}

/** "5 frames", "1 frame", "no frames". */
export function plural(n: number, noun: string): string {
  if (n === 0) return `no ${noun}s`;
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
