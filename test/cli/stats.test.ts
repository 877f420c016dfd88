import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { meshStormYaml } from '../helpers/topologies.js';

const MESH = meshStormYaml(5000);

const dir = tempDir();
const storm = join(dir, 'storm.db');
const ping = join(dir, 'switch.db');

beforeAll(() => {
  writeFileSync(join(dir, 'mesh.yaml'), MESH);
  expect(hoplab(['run', join(dir, 'mesh.yaml'), '-o', storm, '--quiet']).status).toBe(0);
  expect(hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', ping, '--quiet']).status).toBe(0);
});

describe('hoplab stats --json', () => {
  it('counts a storm per kind and node, its MAC moves, and its growth per bucket', () => {
    const out = hoplab(['stats', storm, '--json', '--bucket', '5us']);
    expect(out.status, out.stderr).toBe(0);
    const s = JSON.parse(out.stdout);
    expect(s.recording).toMatchObject({ name: 'mesh-storm', events: 5000, complete: false, stopReason: 'max-events' });
    expect(Object.values(s.kinds as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(5000);
    expect(s.nodes.s1.flood).toBeGreaterThan(0);
    expect(Object.keys(s.moves).sort()).toEqual(['s1', 's2', 's3', 's4']);
    expect(s.moves.s1.count).toBe(s.nodes.s1.move);
    expect(s.buckets.width).toBe(5000);
    const rows = s.buckets.rows as Array<{ start: number; tx: number; inFlight: number }>;
    expect(rows[0]!.start).toBe(0);
    expect(rows[1]!.tx).toBeGreaterThan(rows[0]!.tx);
    expect(rows[2]!.inFlight).toBeGreaterThan(rows[1]!.inFlight);
    expect(s.peakInFlight).toBeGreaterThanOrEqual(rows[2]!.inFlight);
  });

  it('counts a quiet ping: no drops, no moves, nothing left in flight', () => {
    const s = JSON.parse(hoplab(['stats', ping, '--json']).stdout);
    expect(s.kinds).toMatchObject({ tx: 17, rx: 17, flood: 1, forward: 7, learn: 2, move: 0, drop: 0 });
    expect(s.drops).toEqual({});
    expect(s.moves).toEqual({});
    expect(s.buckets.rows.at(-1).inFlight).toBe(0);
    expect(s.buckets.rows.length).toBeLessThanOrEqual(31);
  });
});

describe('hoplab stats (text)', () => {
  it('draws tx per bucket as bars and lists moves per switch', () => {
    const out = hoplab(['stats', storm, '--bucket', '5us']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^mesh-storm: 5000 events in 0\.\d+ s of virtual time, incomplete \(max-events\)/);
    expect(out.stdout).toContain('MAC moves');
    expect(out.stdout).toMatch(/\n {2}s1 +\d+ +[0-9a-f:]{17} \d+/);
    const bars = out.stdout.split('\n').filter((l) => /^ {2}0\.0000\d\d {2}█/.test(l));
    expect(bars.length).toBeGreaterThan(3);
    expect(bars[1]!.match(/█/g)!.length).toBeGreaterThan(bars[0]!.match(/█/g)?.length ?? 0);
  });

  it('gives the run length `hoplab run` gave: a run to `until` lasts until then, past its last event', () => {
    const db = join(dir, 'veth.db');
    const run = hoplab(['run', 'recordings/veth-pair.yaml', '-o', db]);
    const said = /(\d+) events in ([\d.]+) s of virtual time/.exec(run.stderr)!;
    expect(said[2]).toBe('10.000000000');
    expect(hoplab(['stats', db]).stdout.split('\n')[0]).toBe(
      `veth-pair: ${said[1]} events in ${said[2]} s of virtual time, complete (until)`,
    );
  });

  it('rejects a bad --bucket, naming the flag', () => {
    const out = hoplab(['stats', storm, '--bucket', 'soon']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--bucket');
  });
});
