import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// Issue 19 item 9: a storm's cause chain goes round the loop; the text collapses the repeats, JSON keeps every link.
const dir = tempDir();
const rec = (name: string): string => join(dir, `${name}.db`);

function run(yaml: string, out: string, ...more: string[]): void {
  const r = hoplab(['run', yaml, '-o', out, '--quiet', ...more]);
  expect(r.status, r.stderr).toBe(0);
}

beforeAll(() => {
  run('recordings/triangle-storm.yaml', rec('storm'));
  run('recordings/triangle-storm.yaml', rec('storm-longer'), '--max-events', '6000');
  run('recordings/triangle-stp.yaml', rec('stp'));
  // The same storm, but 100 us in sw3 takes its host's port down: sw3's floods part deep in the storm.
  const cut = join(dir, 'storm-cut.yaml');
  const storm = readFileSync(join(REPO, 'recordings/triangle-storm.yaml'), 'utf8');
  const arping = '  - { at: 0ms, on: h1, run: arping -c 1 10.0.0.2 }\n';
  expect(storm).toContain(arping);
  writeFileSync(cut, storm.replace(arping, `${arping}  - { at: 100us, on: sw3, run: ip link set p1 down }\n`));
  run(cut, rec('storm-cut'));
});

describe('hoplab diff collapses repeated blocks of a cause chain', () => {
  it('prints one round of the loop, then how many more rounds and their seqs', () => {
    const out = hoplab(['diff', rec('storm'), rec('storm-cut')]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/sw3 floods it out of p1 \(to h3\), p2 \(to sw1\) vs #\d+ sw3 floods it out of p2 \(to sw1\)/);
    const fromB = out.stdout.slice(out.stdout.indexOf('\n  B: '));
    // The chain only, not what it noted on the way (a MAC moving).
    const b = fromB.slice(0, fromB.includes('    noted on the way') ? fromB.indexOf('    noted on the way') : undefined);
    expect(b).toMatch(/how it got there \(last 40 of \d+ links\):\n/);
    const round = b.match(/ {6}#\d+ sw\d (rx|flood|tx): /g) ?? [];
    const collapsed = b.match(/\n {6}… \(the same (\d+) lines ×(\d+) more: #(\d+) to #(\d+)\)\n/);
    expect(collapsed, b).not.toBeNull();
    const [period, times] = [Number(collapsed![1]), Number(collapsed![2])];
    // Three switches, each receiving, flooding and sending: nine links a round.
    expect(period).toBe(9);
    expect(times).toBeGreaterThanOrEqual(2);
    expect(Number(collapsed![3])).toBeLessThan(Number(collapsed![4]));
    // The 40 links are all accounted for: printed, or in the collapsed rounds.
    expect(b.split('\n').filter((l) => /^ {6}#\d+ /.test(l)).length + period * times).toBe(40);
    expect(round.length).toBeGreaterThanOrEqual(period);
  });

  it('--json keeps the whole chain, every link', () => {
    const out = hoplab(['diff', rec('storm'), rec('storm-cut'), '--json']);
    const chain = JSON.parse(out.stdout).firstDivergence.b.chain as Array<{ node: string; kind: string; why: string }>;
    expect(chain).toHaveLength(40);
    const keys = chain.map((l) => `${l.node} ${l.kind} ${l.why}`);
    expect(keys[0]).toBe(keys[9]);
  });

  it('blames nothing on the topology past a run cut short: the storm at 3,000 events against the same at 6,000', () => {
    const out = hoplab(['diff', rec('storm'), rec('storm-longer')]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('first divergence');
    expect(out.stdout).toContain(
      '\nno forwarding decision differs as far as both runs went: what one did after the other stopped is run length\n',
    );
    const j = JSON.parse(hoplab(['diff', rec('storm'), rec('storm-longer'), '--json']).stdout);
    expect(j.firstDivergence).toBeNull();
    expect(j.identical).toBe(false);
  });

  it('leaves a chain without repeats as it is: the storm against spanning tree parts after seven links', () => {
    const out = hoplab(['diff', rec('storm'), rec('stp')]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('… (the same');
    const a = out.stdout.slice(out.stdout.indexOf('\n  A: '), out.stdout.indexOf('\n  B: '));
    expect(a.split('\n').filter((l) => /^ {6}#\d+ /.test(l))).toHaveLength(8);
  });
});
