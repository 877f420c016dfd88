import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { renamedSwitch } from '../helpers/topology-variant.js';

// Issue 19 item 7: the same switch with its hosts renamed (same IPs, alice's interface
// renamed too) must give the diff against the hub that the same-named switch gives.
const dir = tempDir();
const rec = (name: string): string => join(dir, `${name}.db`);

function run(yaml: string, out: string): void {
  const r = hoplab(['run', yaml, '-o', out, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
}

// biome-ignore lint/suspicious/noExplicitAny: the --json output, checked field by field
function json(...args: string[]): any {
  const out = hoplab(['diff', ...args, '--json']);
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout);
}

beforeAll(() => {
  run('recordings/hub-3-hosts.yaml', rec('hub'));
  run('recordings/switch-3-hosts.yaml', rec('switch'));
  run(renamedSwitch(dir), rec('renamed'));
});

describe('hoplab diff of topologies whose hosts are named differently', () => {
  it('pairs the hosts by IP address and finds the divergence the same-named pair has', () => {
    const same = json(rec('hub'), rec('switch'));
    const byIp = json(rec('hub'), rec('renamed'));
    expect(same.pairing).toEqual([]);
    expect(byIp.pairing).toEqual([
      { a: 'h1', b: 'alice', by: 'address' },
      { a: 'h2', b: 'bob', by: 'address' },
      { a: 'h3', b: 'carol', by: 'address' },
    ]);
    expect(byIp.totals).toEqual(same.totals);
    expect(byIp.hosts).toEqual(same.hosts);
    expect(byIp.steps).toEqual(same.steps);
    const [d, s] = [byIp.firstDivergence, same.firstDivergence];
    expect(d).toMatchObject({ step: s.step, depth: s.depth, index: s.index, frame: s.frame, a: s.a });
    expect(d.b).toMatchObject({ seq: s.b.seq, node: 'sw1', kind: 'forward', port: 'p2', out: ['p1'] });
    // B's sentence names B's own hosts.
    const [a, b] = s.summary.split(' vs ');
    expect(d.summary).toBe(`${a} vs ${b.replace('(to h1)', '(to alice)')}`);
    expect(byIp.notes).toEqual(same.notes.map((n: string) => n.replace('switch-3-hosts', 'switch-3-renamed')));
  });

  it('pairs them by --map alike, and says which pairing it used', () => {
    const byIp = json(rec('hub'), rec('renamed'));
    const byMap = json(rec('hub'), rec('renamed'), '--map', 'h1=alice,h2=bob,h3=carol');
    expect(byMap.pairing.map((p: { by: string }) => p.by)).toEqual(['map', 'map', 'map']);
    expect({ ...byMap, pairing: [] }).toEqual({ ...byIp, pairing: [] });
    const text = hoplab(['diff', rec('hub'), rec('renamed'), '--map', 'h1=alice']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[1]).toBe(
      "paired by --map: h1=alice; by IP address: h2=bob, h3=carol (rows use A's names; other nodes pair by name)",
    );
    expect(text.stdout).toMatch(/#\d+ hub1 floods it out of p1 \(to h1\), p3 \(to h3\) vs #\d+ sw1 forwards it out of p1 \(to alice\)/);
  });

  it('a --map that pairs the wrong hosts makes the traffic differ: exit 2', () => {
    const out = hoplab(['diff', rec('hub'), rec('renamed'), '--map', 'h2=alice,h1=bob']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(
      /record different scenarios: traffic command 1 differs \(A runs `ping -c 2 10\.0\.0\.2` on h1, B runs .* on h2\)/,
    );
    expect(out.stderr).toMatch(/\(B's nodes read as A's: by --map: h2=alice, h1=bob; by IP address: h3=carol\)\n$/);
  });

  it.each([
    ['h1', "hoplab: --map: 'h1' is not A_NODE=B_NODE (e.g. --map h1=alice,h2=bob)"],
    ['h1=alice=bob', "hoplab: --map: 'h1=alice=bob' is not A_NODE=B_NODE (e.g. --map h1=alice,h2=bob)"],
    ['h9=alice', 'hoplab: --map: h9 is not a node of A (hub-3-hosts; its nodes: h1, h2, h3, hub1)'],
    ['h1=zed', 'hoplab: --map: zed is not a node of B (switch-3-renamed; its nodes: alice, bob, carol, sw1)'],
    ['h1=alice,h2=alice', 'hoplab: --map: alice (of B) is paired twice (with h1 and h2)'],
    ['h1=alice,h1=bob', 'hoplab: --map: h1 (of A) is paired twice (with alice and bob)'],
  ])('a bad --map %s is named, exit 2', (map, message) => {
    const out = hoplab(['diff', rec('hub'), rec('renamed'), '--map', map]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim()).toBe(message);
  });
});
