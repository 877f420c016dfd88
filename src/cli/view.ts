import { spawn } from 'node:child_process';
import { startViewer } from '../api/view.js';
import { parseMapFlag } from '../compare/pairing.js';
import { UsageError } from './usage-error.js';

export interface ViewFlags {
  port?: number;
  host?: string;
  open?: boolean;
  map?: string;
}

/**
 * `hoplab view REC.db [B.db]`: serves the browser viewer over one
 * recording (two side by side) until Ctrl-C, printing its URL. A URL may
 * name an event: `URL#seq=1234`. `--map` pairs two recordings' nodes as
 * `hoplab diff --map` does, for the Diff tab.
 */
export async function viewCommand(paths: string[], flags: ViewFlags): Promise<number> {
  if (paths.length < 1 || paths.length > 2) throw new UsageError('view takes one recording, or two to compare');
  const map = flags.map === undefined ? undefined : parseMapFlag(flags.map);
  const viewer = await startViewer(paths, {
    ...(map && { map }),
    ...(flags.host !== undefined && { host: flags.host }),
    ...(flags.port !== undefined && { port: flags.port }),
  });
  process.stdout.write(`${viewer.url}\n`);
  process.stderr.write(`hoplab view: serving ${paths.join(' and ')} at ${viewer.url} (Ctrl-C stops)\n`);
  if (flags.open) openBrowser(viewer.url);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await viewer.close();
  process.stderr.write('hoplab view: stopped\n');
  return 0;
}

/** The desktop's browser, if it has one: a failure to open it is not the viewer's. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`hoplab view: could not open a browser (${command}); open ${url}\n`));
    child.unref();
  } catch {
    process.stderr.write(`hoplab view: could not open a browser; open ${url}\n`);
  }
}
