import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { REPO } from './cli.js';

/**
 * Debian's Chromium (`apt-get install chromium`, as .ci/run does), driven by
 * playwright-core: no browser is downloaded. The flags keep it off the
 * network (without them it floods this machine's closed one) and out of
 * the user's profile.
 */
export const CHROMIUM = process.env.HOPLAB_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the tests leave their screenshots (git ignores it). */
export const SCREENSHOTS = join(REPO, 'test-output', 'screenshots');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  // No silent skip: CI installs Chromium, so a missing one is a broken set-up, said plainly.
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set HOPLAB_CHROMIUM`);
  const profile = mkdtempSync(join(tmpdir(), 'hoplab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 720 },
    colorScheme: options.colorScheme ?? 'light',
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A running `hoplab view` (the real bin/hoplab, or an installed package's), its URL read from its first line of output. */
export interface RunningViewer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<number | null>;
}

export function startView(args: string[], installed?: { bin: string; cwd: string }): Promise<RunningViewer> {
  const child = spawn(process.execPath, [installed?.bin ?? join(REPO, 'bin', 'hoplab'), 'view', ...args], {
    cwd: installed?.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line)
        resolve({
          url: line,
          child,
          stderr: () => err,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill('SIGINT');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`hoplab view exited ${code} before serving: ${err}`)));
  });
}

export function removeScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
}
