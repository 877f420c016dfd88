import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// The stepper on a real terminal: `script` gives it a pseudo-terminal of
// 80×24, keys are typed one at a time, and each screen it draws is read back.

const dir = tempDir();
const db = join(dir, 'switch.db');

beforeAll(() => {
  expect(hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', db, '--quiet']).status).toBe(0);
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes begin with ESC
const ESCAPES = /\x1b\[[0-9;?]*[a-zA-Z]/g;
const CLEAR = '\x1b[H\x1b[2J';

/** A stepper on an 80×24 pseudo-terminal: type keys, read the screen. */
class Session {
  private out = '';
  private readonly child: ChildProcess;

  constructor(recording: string) {
    const command = `stty rows 24 cols 80; exec node ${join(REPO, 'bin', 'hoplab')} step ${recording}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' } });
    this.child.stdout!.on('data', (d: Buffer) => {
      this.out += d.toString('utf8');
    });
  }

  /** The last screen drawn, as its 24 lines of visible text. */
  screen(): string[] {
    const screens = this.out.split(CLEAR);
    // The terminal turns each \n into \r\n (onlcr), after the stepper's own \r.
    return screens[screens.length - 1]!.replace(ESCAPES, '').split(/\r*\n/);
  }

  screens(): number {
    return this.out.split(CLEAR).length - 1;
  }

  /** Waits until a whole screen (all 24 lines drawn) satisfies `ready`. */
  async until(ready: (screen: string[]) => boolean, what: string): Promise<string[]> {
    for (let waited = 0; waited < 20_000; waited += 50) {
      if (this.screens() > 0 && this.screen().length >= 24 && ready(this.screen())) return this.screen();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the screen never showed ${what}:\n${this.screen().join('\n')}`);
  }

  /** Types a key and waits for the screen it draws. */
  async key(k: string): Promise<string[]> {
    const before = this.screens();
    this.child.stdin!.write(k);
    await this.until(() => this.screens() > before, `a redraw after '${k}'`);
    // A screen is drawn in one write; the pseudo-terminal may hand it over in pieces.
    await new Promise((r) => setTimeout(r, 100));
    return this.screen();
  }

  stop(): void {
    this.child.kill();
  }
}

let session: Session | undefined;
afterEach(() => session?.stop());

const header = (screen: string[]): string => screen[0]!;
const seqOf = (screen: string[]): number => Number(/#(\d+) of/.exec(header(screen))![1]);

describe('hoplab step on an 80×24 terminal', () => {
  it('fits every screen: 24 lines of at most 80 columns, the footer ending with the help and quit keys', async () => {
    session = new Session(db);
    const screens = [await session.until((s) => s[0]!.includes('#1 of'), 'the first event')];
    for (const k of ['n', 'n', 'n', 'd', 'n', 'n']) screens.push(await session.key(k));
    for (const s of screens) {
      expect(s).toHaveLength(24);
      for (const l of s) expect([...l].length, l).toBeLessThanOrEqual(80);
    }
    expect(screens[1]!.at(-1)!.trimEnd()).toMatch(/\? keys {2}q quit$/);
  });

  it('scrolls the pane below the event instead of losing its end: j moves it down a line', async () => {
    session = new Session(db);
    await session.until((s) => s[0]!.includes('#1 of'), 'the first event');
    // The first frame, layer by layer (on by default on a terminal), with its node's tables, is longer than the screen.
    let full = await session.key('n');
    for (let i = 0; i < 10 && !full.some((l) => /↓ \d+ more lines?: j or PgDn/.test(l)); i++) full = await session.key('n');
    expect(full.at(-2), full.join('\n')).toMatch(/↓ \d+ more lines?: j or PgDn/);
    const scrolled = await session.key('j');
    expect(scrolled[1]).toBe(full[2]);
    expect(seqOf(scrolled)).toBe(seqOf(full));
  });

  it('? lists every key, d and w included', async () => {
    session = new Session(db);
    await session.until((s) => s[0]!.includes('#1 of'), 'the first event');
    const help = (await session.key('?')).join('\n');
    for (const k of [/^ {2}d {3,}the frame/m, /^ {2}w {3,}the events around/m, /^ {2}a {3,}play/m, /^ {2}T {3,}tables/m]) {
      expect(help).toMatch(k);
    }
  });

  it("marks the MAC table row the event wrote: sw1's learn of h1's MAC", async () => {
    session = new Session(db);
    await session.until((s) => s[0]!.includes('#1 of'), 'the first event');
    let s = await session.key('n');
    while (!s.some((l) => / learn {4}sw1 learns/.test(l) && l.startsWith('#'))) s = await session.key('n');
    const mac = /sw1 learns ([0-9a-f:]{17})/.exec(s.join('\n'))![1];
    expect(s.filter((l) => l.startsWith('>') && !l.startsWith('> #'))).toEqual([
      expect.stringMatching(new RegExp(`^> +${mac} dev p1 master sw1`)),
    ]);
  });

  it('plays: a steps on by itself, a again pauses', async () => {
    session = new Session(db);
    const first = await session.until((s) => s[0]!.includes('#1 of'), 'the first event');
    expect(seqOf(first)).toBe(1);
    await session.key('+');
    await session.key('+');
    await session.key('+');
    await session.key('a');
    const moved = await session.until((s) => seqOf(s) >= 4, 'three steps of play');
    expect(header(moved)).toContain('▶ playing');
    const paused = await session.key('a');
    const at = seqOf(paused);
    await new Promise((r) => setTimeout(r, 600));
    expect(seqOf(session.screen())).toBe(at);
  });
});
