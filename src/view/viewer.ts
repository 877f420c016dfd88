import type { AddressInfo } from 'node:net';
import { diffRecordingFiles } from '../compare/diff-parallel.js';
import { pairNodes } from '../compare/pairing.js';
import { InputError } from '../errors/input-error.js';
import type { ViewContext } from './context.js';
import { diffPane } from './diff-pane.js';
import { pageBuilt, viewServer } from './server.js';
import { ViewSession } from './session.js';

export interface ViewerOptions {
  /** Default 127.0.0.1: the viewer is for this machine unless asked. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  pageDir?: string;
  /** Two recordings: B's nodes paired with differently named nodes of A, as `hoplab diff --map` takes them. */
  map?: Array<[string, string]>;
}

export interface Viewer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Opens one recording (or two, to compare) and serves the viewer over them.
 * Every recording is opened, and so checked, before the server starts: a
 * missing, damaged or foreign one is a RecordingError, as for every other
 * reader. A port in use is bad input too.
 */
export async function startViewer(paths: string[], options: ViewerOptions = {}): Promise<Viewer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const sessions: ViewSession[] = [];
  const ctx: ViewContext = { sessions };
  try {
    if (options.map && paths.length !== 2) throw new InputError('--map pairs the nodes of two recordings: hoplab view A.db B.db --map A=B');
    for (const p of paths) sessions.push(new ViewSession(p));
    if (!options.pageDir && !pageBuilt()) throw new InputError('the viewer page is not built: run npm run build');
    // A bad --map is refused before the server starts, with `hoplab diff`'s words (a PairingError).
    if (sessions.length === 2) ctx.pairing = pairNodes(sessions[0]!.reader.header(), sessions[1]!.reader.header(), options.map);
  } catch (e) {
    for (const s of sessions) s.close();
    throw e;
  }
  if (paths.length === 2) {
    let report: Promise<object> | undefined;
    ctx.diff = () => (report ??= diffRecordingFiles(paths[0]!, paths[1]!, undefined, options.map).then(diffPane));
  }
  const server = viewServer(ctx, { host, port, ...(options.pageDir && { pageDir: options.pageDir }) });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    for (const s of sessions) s.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`--port: port ${port} on ${host} is in use`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`--host: cannot listen on ${host} (${code})`);
    if (code === 'EACCES') throw new InputError(`--port: not allowed to listen on port ${port}`);
    throw e;
  }
  const actual = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          for (const s of sessions) s.close();
          resolve();
        });
      }),
  };
}
