import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Issue 16's viewer figures, measured in headless Chromium (Debian's, driven
 * by playwright-core, as the tests do) over the real `hoplab view`, run as a
 * process of its own so that its peak RSS is the server's alone.
 */
export interface ViewFigures {
  /** From starting `hoplab view` (the recording opened and checked) to the page showing the topology and its first events. */
  firstPaintMs: number;
  seeks: number;
  seekMedianMs: number;
  seekMaxMs: number;
  /** The same seeks once the server's idle walk has folded the whole recording (walkMs after it started), or -1 if it had not within two minutes. */
  walkMs: number;
  walkedSeekMedianMs: number;
  walkedSeekMaxMs: number;
  /** Canvas frames drawn per second while playing, and the most envelopes one of them drew. */
  playFps: number;
  playAlive: number;
  peakRssMb: number;
}

const CHROMIUM = process.env.HOPLAB_CHROMIUM ?? '/usr/bin/chromium';
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const BIN = fileURLToPath(new URL('../../bin/hoplab', import.meta.url));

/** `hoplab view PATH`, its URL read from its first line, and a way to read its peak RSS (Linux's VmHWM) and stop it. */
function startView(path: string): Promise<{ url: string; peakRssMb: () => number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'view', path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hoplab view exited ${code}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      resolve({
        url: out.split('\n')[0]!,
        peakRssMb: () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGINT');
          }),
      });
    });
  });
}

/** Where the storm is at its thickest in the bench's recording: the frames alive peak, then stay (the queues are full). */
const PLAY_FROM = 0.5;

/** The figures over the recording at `path`: `samples` seeks, then five seconds of play from `playFrom` of its events. */
export async function benchView(path: string, samples: number, playFrom = PLAY_FROM): Promise<ViewFigures> {
  // playwright-core is a devDependency: the bench runs from the repository, never from the package.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update'],
  });
  const started = process.hrtime.bigint();
  const viewer = await startView(path);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(viewer.url);
    await page.waitForSelector('body[data-ready="0"]');
    await page.waitForSelector('#event-list [role=option]');
    const firstPaintMs = ms(started);
    const info = (await (await fetch(`${viewer.url}api/info`)).json()) as { recordings: Array<{ events: number }> };
    const last = info.recordings[0]!.events;

    // Seeks to deterministic points (a fixed LCG), each from a URL hash as a link would, timed to the page showing it.
    const seeks = async (): Promise<number[]> => {
      const times: number[] = [];
      let x = 12345;
      for (let i = 0; i < samples; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const seq = 1 + (x % last);
        const t = process.hrtime.bigint();
        await page.evaluate(`location.hash = '#seq=${seq}'`);
        await page.waitForSelector(`body[data-ready="${seq}"]`);
        times.push(ms(t));
      }
      return times.sort((a, b) => a - b);
    };
    const times = await seeks();

    // Play from the thick of the storm for five wall seconds.
    const from = Math.round(last * playFrom);
    await page.evaluate(`location.hash = '#seq=${from}'`);
    await page.waitForSelector(`body[data-ready="${from}"]`);
    const draws = async (): Promise<{ draws: number; alive: number }> => {
      const canvas = page.locator('.picture canvas');
      return { draws: Number(await canvas.getAttribute('data-draws')), alive: Number(await canvas.getAttribute('data-count')) };
    };
    // 10 us of virtual time per second (the default, less four notches): about 4,000 of the storm's events a second, one playback chunk.
    for (let i = 0; i < 4; i++) await page.keyboard.press('-');
    await page.keyboard.press('k');
    await page.waitForSelector('#play[aria-label="Pause"]');
    const before = await draws();
    const playStart = process.hrtime.bigint();
    let alive = 0;
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(500);
      alive = Math.max(alive, (await draws()).alive);
    }
    const after = await draws();
    const playFps = ((after.draws - before.draws) * 1000) / ms(playStart);
    await page.keyboard.press('k');

    // A user who pauses lets the server walk the recording (ViewSession.walkWhileIdle): the seeks again, once it has.
    let walkMs = -1;
    for (let waited = 0; waited < 120_000; waited += 500) {
      const now = (await (await fetch(`${viewer.url}api/info`)).json()) as { recordings: Array<{ walkedTo: number }> };
      if (now.recordings[0]!.walkedTo >= last) {
        walkMs = ms(started);
        break;
      }
      await page.waitForTimeout(500);
    }
    const walked = walkMs < 0 ? [-1] : await seeks();
    return {
      firstPaintMs,
      seeks: samples,
      seekMedianMs: times[Math.floor(times.length / 2)]!,
      seekMaxMs: times[times.length - 1]!,
      walkMs,
      walkedSeekMedianMs: walked[Math.floor(walked.length / 2)]!,
      walkedSeekMaxMs: walked[walked.length - 1]!,
      playFps,
      playAlive: alive,
      peakRssMb: viewer.peakRssMb(),
    };
  } finally {
    await browser.close();
    await viewer.stop();
  }
}
