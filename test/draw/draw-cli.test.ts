import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopologyFile } from '../../src/topology/load.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// `hoplab draw` on every example the repository ships: each node and cable
// of the topology is in the SVG, with its accessible name, and nothing else.

const dir = tempDir();
const examples = readdirSync(join(REPO, 'recordings'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function draw(args: string[]): string {
  const out = join(dir, `${args[0]!.replace(/\W/g, '_')}-${args.length}.svg`);
  const r = hoplab(['draw', ...args, '-o', out]);
  expect(r.stderr).toMatch(/nodes, \d+ cables\n$/);
  expect(r.status).toBe(0);
  return readFileSync(out, 'utf8');
}

/** The accessible names of the shown (not hidden) groups of a class. */
function labels(svg: string, cls: 'node' | 'cable'): string[] {
  return [...svg.matchAll(new RegExp(`<g class="${cls}" role="img" aria-label="([^"]+)"[^>]*>`, 'g'))]
    .filter((m) => !m[0].includes('visibility="hidden"'))
    .map((m) => m[1]!);
}

describe('hoplab draw', () => {
  it.each(examples)('%s: every node with its kind, every cable with its two ports', (file) => {
    const svg = draw([`recordings/${file}`]);
    const t = loadTopologyFile(join(REPO, 'recordings', file));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(labels(svg, 'node').sort()).toEqual(t.nodes.map((n) => `${n.kind} ${n.name}`).sort());
    expect(labels(svg, 'cable').sort()).toEqual(t.links.map((l) => `cable ${l.a.node}:${l.a.port} to ${l.b.node}:${l.b.port}`).sort());
    for (const l of t.links) expect(svg).toContain(`>${l.a.port}</text>`);
  });

  it('draws a recording exactly as the file it was run from, the same bytes every time', () => {
    const rec = join(dir, 'storm.db');
    expect(hoplab(['run', 'recordings/triangle-storm.yaml', '-o', rec, '--quiet', '--max-events', '200']).status).toBe(0);
    const fromFile = draw(['recordings/triangle-storm.yaml']);
    expect(draw([rec])).toBe(fromFile);
    expect(draw(['recordings/triangle-storm.yaml'])).toBe(fromFile);
  });

  it("the README's picture is `hoplab draw recordings/triangle-storm.yaml`, byte for byte", () => {
    expect(draw(['recordings/triangle-storm.yaml'])).toBe(readFileSync(join(REPO, 'docs/topology.svg'), 'utf8'));
  });

  it('puts hand-placed nodes (`layout:`) where the file says, relative to each other', () => {
    const file = join(dir, 'placed.yaml');
    writeFileSync(
      file,
      `nodes:
  a: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  b: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  s: { kind: switch }
links: [[a:eth0, s:p1], [b:eth0, s:p2]]
layout: { a: [0, 0], s: [300, 0], b: [600, 150] }
`,
    );
    const svg = draw([file]);
    const at = (n: string): number[] =>
      svg
        .match(new RegExp(`data-node="${n}"[^>]*transform="translate\\(([\\d.]+) ([\\d.]+)\\)"`))!
        .slice(1)
        .map(Number);
    const [ax, ay] = at('a');
    expect(at('s')).toEqual([ax! + 300, ay!]);
    expect(at('b')).toEqual([ax! + 600, ay! + 150]);
    const bad = hoplab(['draw', join(dir, 'bad.yaml'), '-o', join(dir, 'x.svg')], {});
    expect(bad.status).toBe(2);
    writeFileSync(join(dir, 'bad.yaml'), 'nodes: { a: { kind: hub } }\nlayout: { z: [1, 2] }\n');
    const r = hoplab(['draw', join(dir, 'bad.yaml'), '-o', join(dir, 'x.svg')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2:\d+: .*layout: no node 'z'/);
  });

  it("draws a script's network as it stands: at the end, and at any event of its recording", () => {
    const end = draw(['recordings/tutorial.sh']);
    expect(labels(end, 'node').sort()).toEqual(['host h1', 'host h2', 'host h3', 'host netns1', 'host root', 'switch br0']);
    expect(labels(end, 'cable').sort()).toEqual([
      'cable br0:h1-br to h1:eth0',
      'cable br0:h2-br to h2:eth0',
      'cable br0:h3-br to h3:eth0',
      'cable root:veth0 to root:veth1',
    ]);
    const rec = join(dir, 'tutorial.db');
    expect(hoplab(['run', 'recordings/tutorial.sh', '-o', rec]).status).toBe(1);
    expect(draw([rec])).toBe(end);
    // #54: veth1 has just arrived in netns1 (`ip link set veth1 netns netns1`, #50), so its cable end is there.
    const moved = draw([rec, '--at', '54']);
    expect(labels(moved, 'cable')).toEqual(['cable root:veth0 to netns1:veth1']);
    expect(labels(moved, 'node').sort()).toEqual(['host netns1', 'host root']);
    expect(labels(draw([rec, '--at', '50']), 'cable')).toEqual(['cable root:veth0 to root:veth1']);
  });

  it('refuses bad input with exit 2 and the name of the file or flag', () => {
    const missing = hoplab(['draw', join(dir, 'nope.db'), '-o', join(dir, 'x.svg')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.db/);
    const past = hoplab(['draw', join(dir, 'storm.db'), '--at', '100000', '-o', join(dir, 'x.svg')]);
    expect(past.status).toBe(2);
    expect(past.stderr).toMatch(/--at: 100000 is past the recording's last event/);
    const folder = hoplab(['draw', 'recordings/veth-pair.yaml', '-o', join(dir, 'no/such/x.svg')]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/cannot write .*x\.svg/);
  });
});
