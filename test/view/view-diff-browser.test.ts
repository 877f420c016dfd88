import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser, type RunningViewer, SCREENSHOTS, startView } from '../helpers/browser.js';
import { hoplab, tempDir } from '../helpers/cli.js';
import { renamedSwitch } from '../helpers/topology-variant.js';

// The Diff tab of `hoplab view A.db B.db --map ...` in a real Chromium: the hub against the
// switch whose hosts are alice, bob and carol. What the page lists is read back from it
// and compared with what `hoplab diff --map ...` prints for the same pair.

const dir = tempDir();
const rec = (name: string): string => join(dir, `${name}.db`);
const MAP = 'h1=alice,h2=bob,h3=carol';
let browser: Browser;
const viewers: RunningViewer[] = [];

beforeAll(async () => {
  const renamed = renamedSwitch(dir);
  for (const [yaml, name, more] of [
    ['recordings/hub-3-hosts.yaml', 'hub', []],
    [renamed, 'renamed', []],
    [renamed, 'renamed-cut', ['--max-events', '40']],
  ] as const) {
    const r = hoplab(['run', yaml, '-o', rec(name), '--quiet', ...more]);
    expect(r.status, r.stderr).toBe(0);
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const v of viewers) expect(await v.stop()).toBe(0);
  await browser?.close();
});

/** Opens `hoplab view A B --map MAP` and its Diff tab, once the page has listed the diff. */
async function openDiff(a: string, b: string): Promise<Page> {
  const v = await startView([rec(a), rec(b), '--map', MAP]);
  viewers.push(v);
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${v.url}#seq=0`);
  await page.waitForSelector('body[data-ready="0"]');
  await page.click('#tab-diff');
  await page.waitForSelector('body[data-diff="shown"]');
  return page;
}

const text = (page: Page, selector: string): Promise<string[]> => page.$$eval(selector, (els) => els.map((e) => e.textContent!.trim()));

describe('the viewer compares two topologies whose hosts are named differently', () => {
  it('lists the paired hosts, their round-trip times side by side, and marks the divergent decision on both pictures', async () => {
    const report = JSON.parse(hoplab(['diff', rec('hub'), rec('renamed'), '--map', MAP, '--json']).stdout);
    const printed = hoplab(['diff', rec('hub'), rec('renamed'), '--map', MAP]).stdout;
    const page = await openDiff('hub', 'renamed');

    expect(await text(page, '#pairing')).toEqual(["paired by --map: h1=alice, h2=bob, h3=carol (the lists use A's names)"]);
    expect(printed).toContain('paired by --map: h1=alice, h2=bob, h3=carol (');
    // h3 overheard the hub; carol, its pair behind the switch, did not.
    expect(await page.$$eval('#pane-diff li[data-host]', (lis) => lis.map((li) => (li as HTMLElement).dataset.host))).toEqual(['h3']);
    expect((await text(page, '#pane-diff li[data-host="h3"]'))[0]).toMatch(/^h3 \(carol in B\): saw \(rx\) 8 vs 1, /);

    // Every reply of h1 (alice in B), A's time beside B's, as `hoplab diff` prints them.
    const rows = await page.$$eval('table[aria-label="Ping round-trip times"] tr', (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent!)),
    );
    expect(rows[0]).toEqual(['host', 'pinging', '', 'A hub-3-hosts', 'B switch-3-renamed', 'B - A']);
    const rtt = report.rtt.h1 as Record<string, [number, number]>;
    expect(Object.keys(rtt)).toHaveLength(2);
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual(
      Object.entries(rtt).map(([key, [a, b]]) => ['h1 (alice)', ...key.split(' '), `${a} ms`, `${b} ms`]),
    );
    for (const r of rows.slice(1)) expect(printed).toMatch(new RegExp(` {4}${r[2]} +${r[3]} +${r[4]} +${r[5]!.replace('+', '\\+')}\\n`));

    // The decision `hoplab diff --map` names, in its words, marked on each picture at that recording's own node.
    const d = report.firstDivergence;
    expect(await text(page, '#divergence')).toEqual([d.summary]);
    expect(d.summary).toMatch(/ vs #\d+ sw1 forwards it out of p1 \(to alice\)$/);
    const marked = await page.$$eval('.picture g.node.diverge', (gs) =>
      gs.map((g) => `${(g.closest('.picture') as HTMLElement).dataset.recording} ${(g as SVGGElement).dataset.node}`),
    );
    expect(marked).toEqual([`0 ${d.a.node}`, `1 ${d.b.node}`]);
    expect(marked).toEqual(['0 hub1', '1 sw1']);
    // B's chain in B's own names: alice asked, bob answered.
    const chainB = await text(page, '#pane-diff ol[data-recording="1"] li');
    expect(chainB).toEqual(
      d.b.chain.map((l: { seq: number; node: string; kind: string; why: string }) => `#${l.seq} ${l.node} ${l.kind}: ${l.why}`),
    );
    expect(chainB[0]).toMatch(/^#1 alice command: /);
    expect(await page.$$eval('#truncation', (els) => els.length)).toBe(0);

    // h3's link shows the first frame it saw behind the hub and carol never saw: the reply to h1, overheard.
    const overheard = JSON.parse(hoplab(['events', rec('hub'), '--kind', 'rx', '--node', 'h3', '--json']).stdout.split('\n')[1]!);
    await page.click('#pane-diff li[data-host="h3"] a');
    await page.waitForSelector(`body[data-ready="${overheard.seq}"]`);
    await page.screenshot({ path: join(SCREENSHOTS, 'diff-renamed.png') });
    await page.close();
  });

  it('names a run cut short by its event limit, as `hoplab diff` warns', async () => {
    const printed = hoplab(['diff', rec('hub'), rec('renamed-cut'), '--map', MAP]).stdout.split('\n');
    const page = await openDiff('hub', 'renamed-cut');
    expect(await text(page, '#truncation li')).toEqual([`${printed[2]} ${printed[3]!.trim()}`]);
    expect(printed[2]).toMatch(/^warning: B \(switch-3-renamed\) was cut short by its event limit: 40 events/);
    // B printed its first reply only: the second is `no reply` beside A's.
    const b = await page.$$eval('table[aria-label="Ping round-trip times"] tr', (trs) =>
      trs.slice(1).map((tr) => tr.children[4]!.textContent),
    );
    expect(b[0]).toMatch(/^[\d.]+ ms$/);
    expect(b[1]).toBe('no reply');
    await page.screenshot({ path: join(SCREENSHOTS, 'diff-renamed-cut.png') });
    await page.close();
  });
});
