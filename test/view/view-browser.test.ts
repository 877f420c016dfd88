import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_COLOURS } from '../../src/draw/palette.js';
import { loadTopologyFile } from '../../src/topology/load.js';
import { type Browser, launchBrowser, type RunningViewer, SCREENSHOTS, startView } from '../helpers/browser.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';
import { HUB_COLLISION_YAML } from '../helpers/topologies.js';

// The viewer in a real browser (Debian's Chromium, driven by playwright-core),
// over the real `hoplab view`: what the page shows is read back from it and
// compared with what `hoplab draw`, `state --at` and `trace` say.

const dir = tempDir();
const EXAMPLES = ['hub-3-hosts', 'switch-3-hosts', 'router-2-networks', 'vlan-2-groups', 'triangle-storm'];
const rec = (name: string): string => join(dir, `${name}.db`);
/** h1 and h2 send on an idle hub at the same instant: the frames collide (#5), both back off. */
let browser: Browser;
const viewers = new Map<string, RunningViewer>();

beforeAll(async () => {
  for (const name of EXAMPLES) expect(hoplab(['run', `recordings/${name}.yaml`, '-o', rec(name), '--quiet']).status).toBe(0);
  expect(hoplab(['run', 'recordings/tutorial.sh', '-o', rec('tutorial')]).status).toBe(1);
  writeFileSync(join(dir, 'hub-collision.yaml'), HUB_COLLISION_YAML);
  expect(hoplab(['run', join(dir, 'hub-collision.yaml'), '-o', rec('hub-collision'), '--quiet']).status).toBe(0);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const v of viewers.values()) expect(await v.stop()).toBe(0);
  await browser?.close();
});

async function viewer(...names: string[]): Promise<RunningViewer> {
  const key = names.join('+');
  let v = viewers.get(key);
  if (!v) {
    v = await startView(names.map(rec));
    viewers.set(key, v);
  }
  return v;
}

/** Opens the viewer at event `seq` (the URL names it) and waits until the page shows it. */
async function open(names: string | string[], seq: number): Promise<Page> {
  const v = await viewer(...(Array.isArray(names) ? names : [names]));
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${v.url}#seq=${seq}`);
  await page.waitForSelector(`body[data-ready="${seq}"]`);
  return page;
}

/** Presses a key and waits until the page has moved to another event (or to `seq`). */
async function press(page: Page, key: string, seq?: number): Promise<number> {
  const before = await page.evaluate(() => document.body.dataset.ready);
  await page.keyboard.press(key);
  if (seq !== undefined) await page.waitForSelector(`body[data-ready="${seq}"]`);
  else await page.waitForFunction((b) => document.body.dataset.ready !== b && document.body.dataset.ready !== undefined, before);
  return Number(await page.evaluate(() => document.body.dataset.ready));
}

/** The colours of the envelope canvas's opaque pixels, as `#rrggbb`. */
const opaqueColours = (page: Page): Promise<string[]> =>
  page.$eval('.picture[data-recording="0"] canvas', (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 255) continue;
      seen.add(`#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
    }
    return [...seen];
  });

const shown = (page: Page, cls: 'node' | 'cable', index = 0): Promise<string[]> =>
  page.$$eval(`.picture[data-recording="${index}"] g.${cls}`, (els) =>
    els.filter((e) => e.getAttribute('visibility') !== 'hidden').map((e) => e.getAttribute('aria-label')!),
  );

/** Everything the page says about the moment: envelope positions (digest and words), drops, the selected node's table rows. */
async function moment(page: Page): Promise<{ digest: string; wire: string; tables: string[] }> {
  return {
    digest: await page.$eval('.picture[data-recording="0"] canvas', (c) => (c as HTMLCanvasElement).dataset.digest!),
    wire: await page.$eval('#pane-wire', (p) => p.textContent!),
    tables: await page.$$eval('#pane-tables li', (lis) => lis.map((li) => li.textContent!)),
  };
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

describe('hoplab view in a browser', () => {
  it.each(EXAMPLES)('%s: draws every node and cable of the topology, with accessible names', async (name) => {
    const page = await open(name, 0);
    const t = loadTopologyFile(join(REPO, 'recordings', `${name}.yaml`));
    expect((await shown(page, 'node')).sort()).toEqual(t.nodes.map((n) => `${n.kind} ${n.name}`).sort());
    expect((await shown(page, 'cable')).sort()).toEqual(
      t.links.map((l) => `cable ${l.a.node}:${l.a.port} to ${l.b.node}:${l.b.port}`).sort(),
    );
    await shot(page, `topology-${name}`);
    await page.close();
  });

  it('colours envelopes by protocol and marks drops where frames die: not-for-me, and both frames of a hub collision', async () => {
    const wire = (page: Page): Promise<string[]> => page.$$eval('#pane-wire li', (lis) => lis.map((li) => li.textContent!));
    const collision = JSON.parse(hoplab(['events', rec('hub-collision'), '--kind', 'collision', '--json']).stdout.split('\n')[0]!);
    expect(collision).toMatchObject({ seq: 5, senders: ['h1:eth0', 'h2:eth0'] });
    const page = await open('hub-collision', 4);
    await page.click('#tab-wire');
    expect(await wire(page)).toEqual(['#2 other h1:eth0 → hub1:p1 0.0%, then collided', '#4 other h2:eth0 → hub1:p2 0.0%, then collided']);
    await page.keyboard.press('Escape');
    await press(page, 'ArrowRight', 5);
    // Both frames die where they meet, at the hub's end of each sender's cable.
    expect(await wire(page)).toEqual(['✕ #5 collision at hub1:p1', '✕ #5 collision at hub1:p2']);
    expect(await page.$eval('.picture canvas', (c) => c.getAttribute('aria-label'))).toBe('0 frames on the wires, 2 drops marked');
    await shot(page, 'hub-collision');
    await page.close();
    // On hub-3-hosts h3 drops the ARP reply meant for h1 (#21, not-for-me), where it arrived; the reply was an ARP envelope.
    const notForMe = JSON.parse(hoplab(['events', rec('hub-3-hosts'), '--kind', 'drop', '--json']).stdout.split('\n')[0]!);
    expect(notForMe).toMatchObject({ node: 'h3', port: 'eth0', reason: 'not-for-me' });
    const sent = JSON.parse(hoplab(['events', rec('hub-3-hosts'), '--from', '16', '--to', '16', '--json']).stdout);
    expect(sent).toMatchObject({ kind: 'tx', node: 'hub1', port: 'p3', summary: expect.stringMatching(/^ARP, Reply/) });
    const hub = await open('hub-3-hosts', 16);
    await hub.click('#tab-wire');
    expect(await wire(hub)).toContain('#16 ARP hub1:p3 → h3:eth0 0.0%, then received');
    // Drawn in ARP's colour, and in no other protocol's: the canvas's opaque pixels say so.
    const colours = await opaqueColours(hub);
    expect(colours).toContain(PROTOCOL_COLOURS.arp.toLowerCase());
    expect(colours.filter((c) => c === PROTOCOL_COLOURS.icmp.toLowerCase() || c === PROTOCOL_COLOURS.other.toLowerCase())).toEqual([]);
    await hub.goto(`${(await viewer('hub-3-hosts')).url}#seq=${notForMe.seq - 1}`);
    await hub.reload();
    await hub.waitForSelector(`body[data-ready="${notForMe.seq - 1}"]`);
    await hub.click('#tab-wire');
    await hub.keyboard.press('Escape');
    await press(hub, 'ArrowRight', notForMe.seq);
    expect((await wire(hub)).filter((l) => l.startsWith('✕'))).toEqual([`✕ #${notForMe.seq} not-for-me at h3:eth0`]);
    await hub.close();
  });

  it('steps forward then back to the identical envelopes, drops and table rows', async () => {
    const page = await open('triangle-storm', 1500);
    await page.click('[data-node="sw2"]');
    await page.waitForFunction(() => document.body.dataset.tables === 'sw2@1500');
    const start = await moment(page);
    expect(Number(start.digest.split(':')[0])).toBeGreaterThan(0);
    const seen = [start.digest];
    for (const seq of [1501, 1502, 1503]) {
      await press(page, 'ArrowRight', seq);
      seen.push((await moment(page)).digest);
    }
    expect(new Set(seen).size).toBeGreaterThan(1);
    for (const seq of [1502, 1501, 1500]) await press(page, 'ArrowLeft', seq);
    await page.waitForFunction(() => document.querySelectorAll('#pane-tables li').length > 0);
    expect(await moment(page)).toEqual(start);
    await shot(page, 'storm-step-back');
    await page.close();
  });

  it('shows, for a switch clicked at an event, the MAC table `hoplab state --at` prints', async () => {
    for (const seq of [4, 6, 30, 67]) {
      const page = await open('switch-3-hosts', seq);
      await page.click('[data-node="sw1"]');
      await page.waitForFunction((s) => document.body.dataset.tables === `sw1@${s}`, seq);
      await page.waitForSelector('#pane-tables li');
      const rows = await page.$$eval('#pane-tables li', (lis) => lis.map((li) => li.textContent!));
      const printed = hoplab(['state', rec('switch-3-hosts'), '--at', String(seq), '--node', 'sw1'])
        .stdout.trimEnd()
        .split('\n');
      expect(rows).toEqual(printed);
      // sw1 learns h1's MAC at #6, from the first frame it receives.
      expect(rows.some((r) => r.includes(' master sw1'))).toBe(seq > 5);
      // #6 is sw1 learning h1's MAC: that row, and only it, is lit.
      const lit = await page.$$eval('#pane-tables li.changed', (lis) => lis.map((li) => li.textContent!));
      expect(lit).toEqual(seq === 6 ? [printed.find((l) => l.includes(' dev p1 master sw1'))] : []);
      if (seq === 67) await shot(page, 'switch-tables');
      await page.close();
    }
  });

  it('follows one storm copy hop by hop through the events `hoplab trace` lists, and into the copies made from it', async () => {
    // A copy sw1 sends round the loop (p2 is cabled to sw2), not to its host.
    const first = hoplab(['events', rec('triangle-storm'), '--kind', 'tx', '--node', 'sw1', '--from', '200', '--json'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.port === 'p2');
    const trace = JSON.parse(
      hoplab(['trace', rec('triangle-storm'), String(first.seq), '--depth', '12', '--limit', '100000', '--json']).stdout,
    );
    type Node = { seq: number; kind: string; port?: string; frame?: number; copy?: number; children: Node[] };
    // In trace's tree, a copy is its tx and what followed from it with the same bytes, up to the next txs: the copies made from it.
    const copyIn = (tx: Node): { members: number[]; made: Node[] } => {
      const members: number[] = [];
      const made: Node[] = [];
      const visit = (n: Node): void => {
        members.push(n.seq);
        for (const c of n.children) {
          if (c.frame !== tx.frame) continue;
          if (c.kind === 'tx') made.push(c);
          else visit(c);
        }
      };
      visit(tx);
      return { members: members.sort((a, b) => a - b), made: made.sort((a, b) => a.seq - b.seq) };
    };
    const page = await open('triangle-storm', first.seq);
    const note = (): Promise<string> => page.$eval('#copy-note', (e) => e.textContent ?? '');
    let tx: Node = trace.consequences;
    for (let generation = 0; generation < 3; generation++) {
      const { members, made } = copyIn(tx);
      expect(members.length).toBeGreaterThanOrEqual(3);
      // N: the copy's own events, every one with the copy `events --json` names.
      const visited = [tx.seq];
      while (visited.length < members.length) visited.push(await press(page, 'Shift+N'));
      expect(visited).toEqual(members);
      // At its end N stays, and names the copies made from it.
      await page.keyboard.press('Shift+N');
      await page.waitForFunction(() => document.getElementById('copy-note')!.textContent !== '');
      expect(await note()).toBe(
        `copy #${tx.seq} ends at #${visited.at(-1)}; copies made from it: ${made.map((m) => `#${m.seq}`).join(', ')}`,
      );
      expect(await press(page, 'Shift+P')).toBe(visited.at(-2));
      // ]: into the first copy made from it; then on round the loop (a switch's p1 goes to its host).
      expect(await press(page, ']')).toBe(made[0]!.seq);
      tx = made.find((m) => m.port !== 'p1')!;
      if (tx.seq !== made[0]!.seq) {
        await page.evaluate((seq) => (location.hash = `#seq=${seq}`), tx.seq);
        await page.waitForSelector(`body[data-ready="${tx.seq}"]`);
      }
    }
    const copies = hoplab(['events', rec('triangle-storm'), '--from', String(tx.seq), '--to', String(tx.seq), '--json']).stdout;
    expect(JSON.parse(copies).copy).toBe(tx.seq);
    expect(await page.$eval('#pane-event', (p) => p.textContent)).toContain(`copy #${tx.seq}, made from #`);
    // [: back to the copy it was made from.
    const parent = trace.consequences.seq === tx.seq ? undefined : await press(page, '[');
    expect(parent).toBeLessThan(tx.seq);
    await shot(page, 'storm-follow-copy');
    // A late storm copy's causes run back to the first broadcast: the pane lists the nearest 64, as `trace` orders them, and says there are more.
    const late = JSON.parse(hoplab(['trace', rec('triangle-storm'), '3000', '--depth', '1', '--json']).stdout);
    const detail = await (await fetch(`${(await viewer('triangle-storm')).url}api/r/0/event?seq=3000`)).json();
    expect(late.causes.length).toBeGreaterThan(64);
    expect(detail.causes.map((c: { seq: number }) => c.seq)).toEqual(late.causes.slice(0, 64).map((c: { seq: number }) => c.seq));
    expect(detail.moreCauses).toBe(true);
    await page.close();
  });

  it("moves a script's cable end when `ip link set veth1 netns netns1` runs", async () => {
    // #50 runs the command; #51-#54 are its config and link events; at #54 veth1 has arrived in netns1.
    const page = await open('tutorial', 50);
    expect(await shown(page, 'cable')).toEqual(['cable root:veth0 to root:veth1']);
    await page.keyboard.press('g');
    await page.keyboard.type('#54');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready="54"]');
    await page.keyboard.press('Escape');
    expect(await shown(page, 'cable')).toEqual(['cable root:veth0 to netns1:veth1']);
    expect((await shown(page, 'node')).sort()).toEqual(['host netns1', 'host root']);
    for (const seq of [53, 52, 51, 50]) await press(page, 'ArrowLeft', seq);
    expect(await shown(page, 'cable')).toEqual(['cable root:veth0 to root:veth1']);
    await page.keyboard.press('End');
    await page.waitForSelector('body[data-ready="375"]', { timeout: 10_000 }).catch(() => undefined);
    const last = Number(await page.evaluate(() => document.body.dataset.ready));
    const drawn = hoplab(['draw', rec('tutorial'), '--at', String(last), '-o', join(dir, 'tutorial.svg')]);
    expect(drawn.status).toBe(0);
    expect((await shown(page, 'cable')).sort()).toEqual([
      'cable br0:h1-br to h1:eth0',
      'cable br0:h2-br to h2:eth0',
      'cable br0:h3-br to h3:eth0',
      'cable root:veth0 to root:veth1',
    ]);
    await shot(page, 'tutorial');
    await page.close();
  });

  it('works with the keyboard alone: filter, step through it, jump to a time, play and pause', async () => {
    const page = await open('switch-3-hosts', 0);
    await page.keyboard.press('f');
    await page.keyboard.type('kind=tx node=h2');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#event-list [role=option]')].every((r) => / h2:eth0 +tx /.test(r.textContent!)),
    );
    await page.keyboard.press('Escape');
    const sent = hoplab(['events', rec('switch-3-hosts'), '--kind', 'tx', '--node', 'h2', '--json'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l).seq as number);
    expect(await press(page, 'ArrowRight')).toBe(sent[0]);
    expect(await press(page, 'ArrowRight')).toBe(sent[1]);
    // A click on a line of the list goes to that event.
    await page.click(`#event-list [role=option][data-seq="${sent[2]}"]`);
    await page.waitForSelector(`body[data-ready="${sent[2]}"]`);
    await page.keyboard.press('g');
    await page.keyboard.type('1.5s');
    await page.keyboard.press('Enter');
    await page.waitForFunction((s) => Number(document.body.dataset.ready) !== s, sent[2]);
    const atTime = Number(await page.evaluate(() => document.body.dataset.ready));
    const events = hoplab(['events', rec('switch-3-hosts'), '--json'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(atTime).toBe(events.filter((e) => e.t <= 1.5e9).pop().seq);
    await page.keyboard.press('Escape');
    for (let i = 0; i < 20; i++) await page.keyboard.press('+');
    await page.keyboard.press(' ');
    await page.waitForFunction((s) => Number(document.body.dataset.ready) > s, atTime, { timeout: 15_000 });
    await page.keyboard.press(' ');
    expect(await page.$eval('#play', (b) => b.getAttribute('aria-label'))).toBe('Play');
    await page.close();
  });

  it("shows the event's decision, its causes as `trace` lists them, and its frame by layer beside the bytes", async () => {
    const events = hoplab(['events', rec('router-2-networks'), '--kind', 'forward', '--json'])
      .stdout.trim()
      .split('\n');
    const forward = JSON.parse(events[0]!);
    const trace = JSON.parse(hoplab(['trace', rec('router-2-networks'), String(forward.seq), '--depth', '1', '--json']).stdout);
    const page = await open('router-2-networks', forward.seq);
    expect(await page.$eval('#pane-event .why', (p) => p.textContent)).toBe(forward.why);
    const chain = await page.$$eval('#pane-event .chain li', (lis) => lis.map((li) => li.textContent!));
    expect(chain.map((l) => Number(/^#(\d+)/.exec(l)![1]))).toEqual(trace.causes.map((c: { seq: number }) => c.seq));
    await page.click('#tab-frame');
    const layers = await page.$$eval('#pane-frame summary', (s) => s.map((x) => x.textContent));
    expect(layers).toEqual(['Ethernet II', 'IPv4', 'ICMP']);
    // The IPv4 header starts at byte 14: its TTL is byte 22 (RFC 791), and pointing at the row lights exactly that byte.
    await page.hover('#pane-frame tr:has(td:text-is("Time to Live"))');
    expect(await page.$$eval('#pane-frame .hex span.hot', (s) => s.map((x) => x.getAttribute('data-i')))).toEqual(['22']);
    await page.hover('#pane-frame .hex span[data-i="31"]');
    expect(await page.$eval('#pane-frame tr.hot td', (td) => td.textContent)).toBe('Destination Address');
    await shot(page, 'router-frame');
    await page.close();
  });

  it('charts frames sent and alive over time, marks the current time, and seeks where the plot is clicked', async () => {
    const page = await open('triangle-storm', 1500);
    await page.click('#tab-charts');
    await page.waitForSelector('body[data-charts="shown"]');
    const plot = page.locator('#pane-charts g.plot.time');
    const scale = await plot.evaluate((g) => ({ ...(g as SVGGElement).dataset }));
    const t = Number(await page.evaluate(() => document.getElementById('pane-charts')!.dataset.time));
    const x = Number(await page.getAttribute('#pane-charts line.now', 'x1'));
    const x0 = Number(scale.x0);
    const x1 = Number(scale.x1);
    expect(x).toBeCloseTo(x0 + ((x1 - x0) * t) / Number(scale.t1), 3);
    // Click three quarters of the way along the time axis: the viewer goes to the last event at or before that time.
    const box = (await page.locator('#pane-charts g.plot.time rect.frame').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForFunction(() => document.body.dataset.ready !== '1500');
    const seq = Number(await page.evaluate(() => document.body.dataset.ready));
    const clicked = Number(await page.evaluate(() => document.getElementById('pane-charts')!.dataset.time));
    const events = hoplab(['events', rec('triangle-storm'), '--kind', 'tx,rx,flood,learn,move,forward,deliver,drop', '--json']);
    const times = events.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; t: number });
    expect(seq).toBe(times.filter((e) => e.t <= clicked).pop()!.seq);
    expect(clicked).toBeGreaterThan(Number(scale.t1) * 0.7);
    await shot(page, 'storm-charts');
    await page.close();
  });

  it('compares two recordings: marks the decision `hoplab diff` names on both pictures, with its chains, and the hosts that differ', async () => {
    const report = JSON.parse(hoplab(['diff', rec('hub-3-hosts'), rec('switch-3-hosts'), '--json']).stdout);
    const { a, b } = report.firstDivergence;
    const page = await open(['hub-3-hosts', 'switch-3-hosts'], 0);
    expect(await shown(page, 'node', 1)).toContain('switch sw1');
    await page.click('#tab-diff');
    await page.waitForSelector('body[data-diff="shown"]');
    expect(await page.$eval('#divergence', (p) => p.textContent)).toBe(report.firstDivergence.summary);
    const marked = await page.$$eval('.picture g.node.diverge', (gs) =>
      gs.map((g) => `${(g.closest('.picture') as HTMLElement).dataset.recording} ${(g as SVGGElement).dataset.node}`),
    );
    expect(marked).toEqual([`0 ${a.node}`, `1 ${b.node}`]);
    const chain = (i: number): Promise<number[]> =>
      page.$$eval(`#pane-diff ol[data-recording="${i}"] a`, (as) => as.map((x) => Number((x as HTMLElement).dataset.seq)));
    expect(await chain(0)).toEqual(a.chain.map((c: { seq: number }) => c.seq));
    expect(await chain(1)).toEqual(b.chain.map((c: { seq: number }) => c.seq));
    // A step of B's chain: B shows that event, A the last event at or before its time (one clock).
    await page.click(`#pane-diff ol[data-recording="1"] a[data-seq="${b.seq}"]`);
    await page.waitForFunction(
      (s) => document.body.dataset.others === String(s) && document.body.dataset.ready === document.body.dataset.seq,
      b.seq,
    );
    const t = (name: string, seq: number): number =>
      JSON.parse(hoplab(['events', rec(name), '--from', String(seq), '--to', String(seq), '--json']).stdout).t;
    const shownA = Number(await page.evaluate(() => document.body.dataset.ready));
    expect(t('hub-3-hosts', shownA)).toBeLessThanOrEqual(t('switch-3-hosts', b.seq));
    expect(t('hub-3-hosts', shownA + 1)).toBeGreaterThan(t('switch-3-hosts', b.seq));
    // h3 is the host whose view differs: behind the hub it overhears the unicast ARP reply to h1, its first extra frame.
    expect(await page.$$eval('#pane-diff li[data-host]', (lis) => lis.map((li) => (li as HTMLElement).dataset.host))).toEqual(['h3']);
    const overheard = JSON.parse(hoplab(['events', rec('hub-3-hosts'), '--kind', 'rx', '--node', 'h3', '--json']).stdout.split('\n')[1]!);
    await page.click('#pane-diff li[data-host="h3"] a');
    await page.waitForSelector(`body[data-ready="${overheard.seq}"]`);
    await shot(page, 'diff-hub-switch');
    await page.close();
  });

  it('reads well at 1280x720 and follows the light or dark preference', async () => {
    const page = await open('triangle-storm', 800);
    const fits = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
      list: document.getElementById('event-list')!.getBoundingClientRect().bottom,
      stage: document.getElementById('stage')!.getBoundingClientRect().width,
    }));
    expect(fits.width).toBeLessThanOrEqual(1280);
    expect(fits.height).toBeLessThanOrEqual(720);
    expect(fits.list).toBeLessThanOrEqual(720);
    expect(fits.stage).toBeGreaterThan(700);
    const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    await shot(page, 'storm-dark');
    await page.close();
  });
});
