import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningViewer, startView } from '../helpers/browser.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';
import { renamedSwitch } from '../helpers/topology-variant.js';

// `hoplab view A.db B.db --map ...` answers /api/diff with what `hoplab diff --map ... --json`
// prints, and under `shown` what the Diff tab lists in diff's own words: the pairing, a
// warning for a run cut short, every ping reply's round-trip time, the chains collapsed.

const dir = tempDir();
const rec = (name: string): string => join(dir, `${name}.db`);
const MAP = 'h1=alice,h2=bob';
const viewers: RunningViewer[] = [];

function run(yaml: string, out: string, ...more: string[]): void {
  const r = hoplab(['run', yaml, '-o', out, '--quiet', ...more]);
  expect(r.status, r.stderr).toBe(0);
}

beforeAll(() => {
  run('recordings/hub-3-hosts.yaml', rec('hub'));
  // The renamed switch cut short by its event limit after the divergence (#18) and the first reply, before the second.
  run(renamedSwitch(dir), rec('renamed-cut'), '--max-events', '40');
  run('recordings/triangle-storm.yaml', rec('storm'));
  run('recordings/triangle-storm.yaml', rec('storm-longer'), '--max-events', '6000');
  // diff-chain.test.ts's storm whose sw3 takes its host's port down 100 us in: the chains go round the loop.
  const storm = readFileSync(join(REPO, 'recordings/triangle-storm.yaml'), 'utf8');
  const arping = '  - { at: 0ms, on: h1, run: arping -c 1 10.0.0.2 }\n';
  expect(storm).toContain(arping);
  writeFileSync(join(dir, 'storm-cut.yaml'), storm.replace(arping, `${arping}  - { at: 100us, on: sw3, run: ip link set p1 down }\n`));
  run(join(dir, 'storm-cut.yaml'), rec('storm-cut'));
}, 120_000);

afterAll(async () => {
  for (const v of viewers) expect(await v.stop()).toBe(0);
});

async function view(...args: string[]): Promise<RunningViewer> {
  const v = await startView(args);
  viewers.push(v);
  return v;
}

// biome-ignore lint/suspicious/noExplicitAny: the server's JSON, checked field by field
async function ask(v: RunningViewer, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, v.url));
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: await res.json() };
}

// biome-ignore lint/suspicious/noExplicitAny: `hoplab diff --json`, compared whole
function diffJson(...args: string[]): any {
  const out = hoplab(['diff', ...args, '--json']);
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout);
}

describe('hoplab view A.db B.db --map: the Diff tab’s JSON', () => {
  it('is `hoplab diff --map --json` of a renamed pair, with its pairing, RTTs and the cut run in diff’s words', async () => {
    const v = await view(rec('hub'), rec('renamed-cut'), '--map', MAP);
    const { status, body } = await ask(v, '/api/diff');
    expect(status).toBe(200);
    const { shown, ...report } = body;
    expect(report).toEqual(diffJson(rec('hub'), rec('renamed-cut'), '--map', MAP));
    expect(report.pairing).toEqual([
      { a: 'h1', b: 'alice', by: 'map' },
      { a: 'h2', b: 'bob', by: 'map' },
      { a: 'h3', b: 'carol', by: 'address' },
    ]);
    expect(report.runs[1]).toMatchObject({ complete: false, stopReason: 'max-events', events: 40 });
    const text = hoplab(['diff', rec('hub'), rec('renamed-cut'), '--map', MAP]).stdout.split('\n');
    expect(text[1]).toBe(`paired ${shown.pairing} (rows use A's names; other nodes pair by name)`);
    expect(shown.hostsInB).toEqual({ h1: 'alice', h2: 'bob', h3: 'carol' });
    expect(shown.warnings).toEqual([`${text[2]} ${text[3]!.trim()}`]);
    expect(text[2]).toMatch(
      /^warning: B \(switch-3-renamed\) was cut short by its event limit: 40 events, up to 1\.\d+s of virtual time;$/,
    );
    expect(shown.cut).toBeNull();
    // Both replies, A's beside B's: B printed the first and was cut short before the second.
    const [a1, a2] = Object.values(report.rtt.h1) as Array<[number, number | null]>;
    expect(shown.rtt).toEqual([
      {
        host: 'h1',
        address: '10.0.0.2',
        seq: 'icmp_seq=1',
        a: `${a1![0]} ms`,
        b: `${a1![1]} ms`,
        change: expect.stringMatching(/^[-+]?[\d.]+ ms$/),
        differs: true,
      },
      { host: 'h1', address: '10.0.0.2', seq: 'icmp_seq=2', a: `${a2![0]} ms`, b: 'no reply', change: '', differs: true },
    ]);
    // The columns are as wide as the widest time, so match the words, not the spaces.
    expect(
      text.some((l: string) => new RegExp(`^ {4}icmp_seq=2 +${a2![0]} ms +no reply$`).test(l)),
      text.join('\n'),
    ).toBe(true);
    // The divergence (sw1 forwards at #18) is before B's end: it stands, and both chains are whole (nothing repeats).
    const d = report.firstDivergence;
    expect(d.b).toMatchObject({ seq: 18, node: 'sw1', kind: 'forward' });
    expect(d.b.chain.map((l: { node: string }) => l.node)).toContain('alice');
    expect(shown.chains).toEqual([d.a.chain, d.b.chain]);
  });

  it('finds a paired host’s first different frame in B under B’s name', async () => {
    const v = await view(rec('renamed-cut'), rec('hub'), '--map', 'alice=h1,bob=h2');
    // carol saw the ARP request only; h3, behind the hub, then overhears the reply to h1.
    const overheard = hoplab(['events', rec('hub'), '--kind', 'rx', '--node', 'h3', '--json'])
      .stdout.trim()
      .split('\n');
    expect(await ask(v, '/api/diff/host?name=carol')).toEqual({
      status: 200,
      body: { side: 1, seq: JSON.parse(overheard[1]!).seq, summary: expect.stringMatching(/^ARP, Reply 10\.0\.0\.2 is-at /) },
    });
    expect(await ask(v, '/api/diff/host?name=h3')).toEqual({ status: 404, body: { error: "no host 'h3' in either recording" } });
    expect(await ask(v, '/api/diff/host')).toEqual({ status: 400, body: { error: "missing parameter 'name'" } });
    expect(await ask(v, '/api/diff/nothing')).toEqual({ status: 404, body: { error: 'no such API: /api/diff/nothing' } });
  });

  it('collapses a storm’s repeated rounds as `hoplab diff` prints them, each repeat row naming its seqs', async () => {
    const v = await view(rec('storm'), rec('storm-cut'));
    const { body } = await ask(v, '/api/diff');
    const shown = body.shown as { chains: Array<Array<{ repeat?: string; seq?: number; from?: number; to?: number }>> };
    const text = hoplab(['diff', rec('storm'), rec('storm-cut')]).stdout;
    const repeats = shown.chains[1]!.filter((r) => r.repeat !== undefined);
    expect(repeats.length).toBeGreaterThan(0);
    for (const r of repeats) {
      expect(text).toContain(`\n      ${r.repeat}\n`);
      expect(r.repeat).toContain(`#${r.from} to #${r.to})`);
    }
    const links = shown.chains[1]!.filter((r) => r.repeat === undefined).map((r) => r.seq);
    const b = text.slice(text.indexOf('\n  B: '));
    const printed = b
      .slice(0, b.indexOf('    noted on the way'))
      .match(/^ {6}#(\d+) /gm)!
      .map((l) => Number(l.trim().slice(1)));
    expect(links).toEqual(printed);
  });

  it('says a run cut short explains what differs after it, and blames no decision there', async () => {
    const v = await view(rec('storm'), rec('storm-longer'));
    const { body } = await ask(v, '/api/diff');
    const shown = body.shown as { cut: string; warnings: string[]; chains: unknown[] };
    expect(body.firstDivergence).toBeNull();
    expect(shown.cut).toBe('no forwarding decision differs as far as both runs went: what one did after the other stopped is run length');
    expect(shown.warnings[0]).toMatch(/^warning: A \(triangle-storm\) was cut short by its event limit: 3000 events/);
    expect(shown.chains).toEqual([null, null]);
  });
});

describe('hoplab view --map: bad input, before the server starts (exit 2, as hoplab diff says it)', () => {
  it.each([
    ['h1=zed', 'hoplab: --map: zed is not a node of B (switch-3-renamed; its nodes: alice, bob, carol, sw1)'],
    ['h1', "hoplab: --map: 'h1' is not A_NODE=B_NODE (e.g. --map h1=alice,h2=bob)"],
    ['h1=alice,h2=alice', 'hoplab: --map: alice (of B) is paired twice (with h1 and h2)'],
  ])('--map %s', (map, message) => {
    const out = hoplab(['view', rec('hub'), rec('renamed-cut'), '--map', map]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim()).toBe(message);
    expect(hoplab(['diff', rec('hub'), rec('renamed-cut'), '--map', map]).stderr.trim()).toBe(message);
  });

  it('--map with one recording', () => {
    const out = hoplab(['view', rec('hub'), '--map', MAP]);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('hoplab: --map pairs the nodes of two recordings: hoplab view A.db B.db --map A=B\n');
  });
});
