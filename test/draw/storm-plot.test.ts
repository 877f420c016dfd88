import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

// `hoplab stats --svg`: the storm plot, drawn from the same statistics the
// text report and --json print.

const dir = tempDir();
const rec = join(dir, 'mesh.db');
hoplab(['run', 'recordings/mesh-storm.yaml', '-o', rec, '--quiet']);

describe('hoplab stats --svg', () => {
  it('draws frames sent and alive per bucket, drops by reason and MAC moves per switch', () => {
    const out = join(dir, 'storm.svg');
    const r = hoplab(['stats', rec, '--svg', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mesh-storm: 4000 events/);
    const svg = readFileSync(out, 'utf8');
    const stats = JSON.parse(hoplab(['stats', rec, '--json']).stdout);
    const bars = [...svg.matchAll(/<rect class="bar" data-start="(\d+)" data-end="(\d+)"[^>]*><title>([^<]*)<\/title>/g)];
    expect(bars.map((b) => Number(b[1]))).toEqual(stats.buckets.rows.map((row: { start: number }) => row.start));
    const peak = stats.buckets.rows.reduce((best: { tx: number }, row: { tx: number }) => (row.tx > best.tx ? row : best));
    expect(bars.some((b) => b[3]!.includes(`: ${peak.tx} sent,`))).toBe(true);
    expect(Object.keys(stats.drops)).toContain('queue-full');
    expect(svg).toContain(`>queue-full</text>`);
    expect(svg).toContain(`>${stats.drops['queue-full']}</text>`);
    for (const [sw, m] of Object.entries(stats.moves as Record<string, { count: number }>)) {
      expect(svg).toContain(`<title>${sw}: ${m.count}</title>`);
    }
    expect(svg).toContain(`peak ${stats.peakInFlight}`);
    const again = join(dir, 'again.svg');
    hoplab(['stats', rec, '--svg', again]);
    expect(readFileSync(again, 'utf8')).toBe(svg);
  });

  it('refuses an output it cannot write with exit 2, naming it', () => {
    const r = hoplab(['stats', rec, '--svg', join(dir, 'no/such/dir/x.svg')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*x\.svg/);
  });
});
