import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors/input-error.js';
import { FilterSyntaxError } from '../stepper/stepper-filter.js';
import { HttpError } from './http-error.js';
import { route } from './routes.js';
import type { ViewContext } from './context.js';

/** Where `npm run build` puts the page (vite, from src/page/): the same folder from src/ and from dist/. */
export const PAGE_DIR = fileURLToPath(new URL('../../dist/page/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** The page loads only its own scripts and styles, and talks only to this server. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface ViewServerOptions {
  host: string;
  port: number;
  pageDir?: string;
}

/**
 * The viewer's HTTP server (Node's own http module): the page, and a JSON
 * API over the recordings. It answers only requests addressed to the host
 * it serves (a Host header naming another host is refused, against DNS
 * rebinding), only GET, and every bad request with a JSON error: no request
 * can stop it.
 */
export function viewServer(ctx: ViewContext, options: ViewServerOptions): Server {
  const pageDir = options.pageDir ?? PAGE_DIR;
  return createServer((req, res) => {
    for (const s of ctx.sessions) s.asked();
    handle(ctx, pageDir, options, req, res).catch((e: unknown) => fail(res, e));
  });
}

async function handle(
  ctx: ViewContext,
  pageDir: string,
  options: ViewServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const port = (req.socket.address() as { port?: number }).port ?? options.port;
  if (!hostAllowed(req.headers.host, options.host, port)) {
    json(res, 403, { error: `this server answers only requests for ${options.host}:${port}, not for '${req.headers.host ?? ''}'` });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    json(res, 405, { error: `${req.method} is not allowed: the viewer only reads` });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://viewer.invalid');
  if (url.pathname.startsWith('/api/')) {
    json(res, 200, await route(ctx, url));
    return;
  }
  servePage(pageDir, url.pathname, res);
}

/**
 * A Host header for this server: the address it listens on, or a loopback
 * name when it listens on loopback, or any IP literal when it listens on
 * all interfaces (an IP literal cannot be rebound; a DNS name can).
 */
export function hostAllowed(header: string | undefined, host: string, port: number): boolean {
  if (!header) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.toLowerCase());
  if (!m || Number(m[2] ?? 80) !== port) return false;
  const name = m[1]!.replace(/^\[|\]$/g, '');
  const loopback = ['localhost', '127.0.0.1', '::1'];
  if (name === host.toLowerCase()) return true;
  if (loopback.includes(host) || host.startsWith('127.')) return loopback.includes(name) || name.startsWith('127.');
  if (host === '0.0.0.0' || host === '::') return isIP(name) !== 0;
  return false;
}

function servePage(pageDir: string, pathname: string, res: ServerResponse): void {
  const rel = pathname === '/' || pathname === '/index.html' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(pageDir, rel));
  if (!file.startsWith(pageDir.endsWith(sep) ? pageDir : pageDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    if (rel === 'index.html') json(res, 500, { error: `the viewer page is not built (no ${file}): run npm run build` });
    else json(res, 404, { error: `no such file: ${pathname}` });
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': rel === 'index.html' ? 'no-cache' : 'max-age=3600',
    ...SECURITY_HEADERS,
  });
  res.end(readFileSync(file));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(text);
}

/** Every failure becomes an answer: the request's fault (4xx) or the server's (500), with a message; the server goes on. */
function fail(res: ServerResponse, e: unknown): void {
  if (e instanceof HttpError) json(res, e.status, { error: e.message });
  else if (e instanceof FilterSyntaxError) json(res, 400, { error: `filter: ${e.message}` });
  else if (e instanceof InputError) json(res, 500, { error: e.message });
  else json(res, 500, { error: `internal error: ${(e as Error)?.message ?? String(e)}` });
}

/** The page's own HTML, for a check that it is built. */
export function pageBuilt(pageDir = PAGE_DIR): boolean {
  return existsSync(join(pageDir, 'index.html'));
}

export function readPage(pageDir = PAGE_DIR): string {
  return readFileSync(join(pageDir, 'index.html'), 'utf8');
}
