import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser, type RunningViewer, SCREENSHOTS, startView } from '../helpers/browser.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// The viewer marks each bridge port's spanning tree state at the current event
// (recordings/triangle-stp.yaml in a real Chromium over the real `hoplab view`):
// the marks are read back from the page, by their accessible names, and compared
// with what `hoplab state --at` says of the same event.

const dir = tempDir();
const REC = join(dir, 'triangle-stp.db');
let browser: Browser;
let viewer: RunningViewer;

beforeAll(async () => {
  expect(hoplab(['run', 'recordings/triangle-stp.yaml', '-o', REC, '--quiet']).status).toBe(0);
  browser = await launchBrowser();
  viewer = await startView([REC]);
}, 120_000);

afterAll(async () => {
  expect(await viewer?.stop()).toBe(0);
  await browser?.close();
});

async function open(seq: number): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${viewer.url}#seq=${seq}`);
  await page.waitForSelector(`body[data-ready="${seq}"]`);
  return page;
}

/** What the page says of each marked port: its accessible name, which states the state in words, and the shape drawn. */
async function marks(page: Page): Promise<Map<string, { label: string; title: string; state: string; shape: string }>> {
  const rows = await page.$$eval('.picture g.port-state', (els) =>
    els.map((g) => ({
      port: (g as SVGGElement).dataset.port!,
      label: g.getAttribute('aria-label')!,
      title: g.querySelector('title')?.textContent ?? '',
      state: (g as SVGGElement).dataset.state!,
      shape: [...g.children]
        .filter((c) => c.tagName !== 'title')
        .map((c) => c.tagName)
        .join('+'),
    })),
  );
  return new Map(rows.map((r) => [r.port, r]));
}

/** `hoplab state --at SEQ`'s spanning tree lines: `node:port` -> `role state`. */
function stateAt(seq: number): Map<string, string> {
  const out = hoplab(['state', REC, '--at', String(seq)]).stdout;
  const ports = new Map<string, string>();
  let node = '';
  for (const line of out.split('\n')) {
    const n = /^(\S+) \(/.exec(line);
    if (n) node = n[1]!;
    const p = /^ {4}(\S+)\s+(root|designated|alternate|backup|disabled)\s+(\w+)\s+\(since #\d+\)$/.exec(line);
    if (p) ports.set(`${node}:${p[1]}`, `${p[2]} ${p[3]}`);
  }
  return ports;
}

describe('the viewer marks each bridge port with its spanning tree state', () => {
  it('before convergence (#100, 3.4 s in): every port listening, sw2:p2 blocking, as state --at says', async () => {
    const page = await open(100);
    const shown = await marks(page);
    const expected = stateAt(100);
    expect(expected.size).toBe(9);
    expect([...shown.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [port, roleState] of expected) {
      const [role, state] = roleState.split(' ');
      expect(shown.get(port)!.state).toBe(state);
      // Not colour alone: the state in words, as the mark's accessible name and its tooltip.
      expect(shown.get(port)!.label).toBe(`${port} ${state} (${role} port)`);
      expect(shown.get(port)!.title).toBe(shown.get(port)!.label);
    }
    expect(shown.get('sw2:p2')).toMatchObject({ state: 'blocking', shape: 'rect+path' });
    expect(shown.get('sw1:p1')).toMatchObject({ state: 'listening', shape: 'circle' });
    await page.screenshot({ path: join(SCREENSHOTS, 'stp-ports-listening.png') });
    await page.close();
  });

  it('after convergence (#400, 31 s in): forwarding but for the blocked sw2:p2; stepping back shows learning', async () => {
    const page = await open(400);
    const shown = await marks(page);
    for (const [port, roleState] of stateAt(400)) expect(`${port} ${shown.get(port)?.state}`).toBe(`${port} ${roleState.split(' ')[1]}`);
    expect([...shown.values()].filter((m) => m.state === 'forwarding')).toHaveLength(8);
    expect(shown.get('sw2:p2')!.label).toBe('sw2:p2 blocking (alternate port)');
    expect(shown.get('sw1:p1')).toMatchObject({ state: 'forwarding', shape: 'circle' });
    await page.screenshot({ path: join(SCREENSHOTS, 'stp-ports-forwarding.png') });
    // #315 is the last event before the ports forward (#316 at 30 s): they learn.
    await page.evaluate(() => {
      location.hash = '#seq=315';
    });
    await page.waitForSelector('body[data-ready="315"]');
    const learning = await marks(page);
    expect(learning.get('sw1:p1')).toMatchObject({ state: 'learning', shape: 'circle+path' });
    expect(learning.get('sw2:p2')!.state).toBe('blocking');
    await page.close();
  });

  it('has a legend naming each state beside its shape', async () => {
    const page = await open(1);
    const legend = await page.$$eval('.picture .legend .port-legend', (els) => els.map((e) => e.textContent));
    expect(legend).toEqual(['port forwarding', 'port learning', 'port listening', 'port blocking', 'port discarding', 'port disabled']);
    await page.close();
  });

  it("marks RSTP's alternate port discarding, with a shape of its own (recordings/triangle-rstp.yaml)", async () => {
    const rstp = join(dir, 'triangle-rstp.db');
    expect(hoplab(['run', 'recordings/triangle-rstp.yaml', '-o', rstp, '--quiet']).status).toBe(0);
    const last: number = JSON.parse(hoplab(['stats', rstp, '--json']).stdout).recording.events;
    const own = await startView([rstp]);
    try {
      const page = await browser.context.newPage();
      await page.goto(`${own.url}#seq=${last}`);
      await page.waitForSelector(`body[data-ready="${last}"]`);
      const shown = await marks(page);
      expect(shown.get('sw2:p2')).toMatchObject({ state: 'discarding', label: 'sw2:p2 discarding (alternate port)', shape: 'circle+path' });
      expect(shown.get('sw2:p3')).toMatchObject({ state: 'forwarding', label: 'sw2:p3 forwarding (root port)' });
      await page.screenshot({ path: join(SCREENSHOTS, 'rstp-ports.png') });
      await page.close();
    } finally {
      expect(await own.stop()).toBe(0);
    }
  });
});
