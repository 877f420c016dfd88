import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const storm = join(dir, 'storm.db');
const veth = join(dir, 'veth.db');
hoplab(['run', 'recordings/triangle-storm.yaml', '-o', storm, '--quiet']);
hoplab(['run', 'recordings/veth-pair.yaml', '-o', veth, '--quiet']);

interface Node {
  seq: number;
  kind: string;
  node: string;
  port?: string;
  outcome?: string;
  children: Node[];
}

function flatten(n: Node): Node[] {
  return [n, ...n.children.flatMap(flatten)];
}

describe('hoplab trace', () => {
  it('names the copy of the frame an event concerns, and the copies it was made from', () => {
    expect(hoplab(['trace', storm, '3']).stdout.split('\n')[2]).toBe('  copy: #3, the first: h1 built the frame');
    // sw2 receives the copy sw1 sent out of p2 (#7), made from h1's (#3).
    expect(hoplab(['trace', storm, '9']).stdout.split('\n')[2]).toBe('  copy: #7, made from #3 (h1:eth0)');
    const late = hoplab(['trace', storm, '2500']).stdout.split('\n')[2];
    expect(late).toMatch(/^ {2}copy: #\d+, made from #\d+; \d+ copies back to the first, #3 \(h1:eth0\)$/);
    const j = JSON.parse(hoplab(['trace', storm, '11', '--json']).stdout) as { event: { copy: number }; causes: Array<{ copy?: number }> };
    expect(j.event.copy).toBe(7);
    expect(j.causes.map((c) => c.copy)).toEqual([7, 7, 3, 3, 3, undefined]);
    // A learn carries no frame: no copy.
    expect(hoplab(['trace', storm, '5']).stdout).not.toContain('copy:');
  });

  it("follows the storm's first broadcast into every copy, and says where each ended", () => {
    const r = hoplab(['trace', storm, '3', '--json', '--depth', '8']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      event: { seq: number; kind: string };
      causes: Array<{ seq: number; kind: string }>;
      consequences: Node;
      outcomes: Record<string, number>;
      cutShort?: string;
    };
    expect(j.event).toMatchObject({ seq: 3, kind: 'tx' });
    expect(j.causes.map((c) => [c.seq, c.kind])).toEqual([[1, 'command']]);
    const tree = j.consequences;
    // h1's broadcast reaches sw1, which floods one copy out of p2 and one out of p3.
    const rx = tree.children[0]!;
    expect([rx.kind, rx.node, rx.port]).toEqual(['rx', 'sw1', 'p1']);
    const flood = rx.children.find((c) => c.kind === 'flood')!;
    expect(flood.children.map((c) => [c.kind, c.port])).toEqual([
      ['tx', 'p2'],
      ['tx', 'p3'],
    ]);
    // Every copy reaches the next switch, which floods it on; h2 and h3 each get theirs.
    const all = flatten(tree);
    expect(
      all
        .filter((n) => n.kind === 'deliver')
        .map((n) => n.node)
        .sort(),
    ).toEqual(['h2', 'h3']);
    expect(all.filter((n) => n.kind === 'deliver').every((n) => n.outcome === 'delivered')).toBe(true);
    // Eight levels down the copies are still going round the loop: not followed, and said so.
    expect(j.cutShort).toMatch(/events below depth 8 are not shown/);
    expect(j.outcomes['not followed']).toBeGreaterThan(0);
  });

  it('prints the chain back to the scenario command and the tree with the fate of each branch', () => {
    const r = hoplab(['trace', veth, '12']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^#12 +0\.000002672 +nsA:veth0 +tx +IP 10\.1\.1\.1 > 10\.1\.1\.2: ICMP echo request/);
    expect(lines[1]).toBe('  why: nsA sends 98 bytes out of veth0 towards nsB:veth1');
    expect(lines[2]).toBe('  copy: #12, the first: nsA built the frame');
    const from = lines.indexOf('caused by, back to the scenario command:') + 1;
    const causes = lines.slice(from, lines.indexOf('', from));
    expect(causes.map((l) => /#(\d+)/.exec(l)![1])).toEqual(['11', '10', '9', '8', '6', '5', '4', '3', '1']);
    expect(causes.at(-1)).toMatch(/command +ping -c 2 10\.1\.1\.2$/);
    expect(r.stdout).toContain('└─ #13 ');
    expect(r.stdout).toMatch(/#19 .* app +64 bytes from 10\.1\.1\.2: icmp_seq=1 ttl=64 time=0\.006 ms$/m);
    expect(r.stdout).toMatch(/#14 .* deliver +nsB accepts the packet from 10\.1\.1\.1: 10\.1\.1\.2 is its own address {2}=> delivered$/m);
    expect(r.stdout).toMatch(/^where the branches ended: 4 delivered$/m);
  });

  it('says when an event has no cause, and refuses a seq that is not there (exit 2)', () => {
    expect(hoplab(['trace', veth, '1']).stdout).toContain('a scenario command: nothing caused it');
    const missing = hoplab(['trace', veth, '99']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^hoplab: SEQ: no event #99 in .* \(it has 38\)\n$/);
    expect(hoplab(['trace', veth, 'x']).stderr).toBe("hoplab: SEQ: 'x' is not an event number\n");
  });

  it('bounds the tree and says where it stopped', () => {
    const r = hoplab(['trace', storm, '3', '--limit', '25']);
    expect(r.stdout).toMatch(/\(the tree reached 25 events at #\d+; later consequences are not shown\)/);
    expect(r.stdout).toMatch(/^led to 24 events:$/m);
  });
});
