import { request } from 'node:http';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAllowed } from '../../src/view/server.js';
import { type RunningViewer, startView } from '../helpers/browser.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// `hoplab view` as a server: bad input refused before it serves (exit 2, as
// every reader), and bad requests answered with JSON errors, never by dying.

const dir = tempDir();
const rec = join(dir, 'switch.db');
let viewer: RunningViewer;

beforeAll(async () => {
  expect(hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', rec, '--quiet']).status).toBe(0);
  viewer = await startView([rec, '--port', '0']);
});

afterAll(async () => {
  if (viewer) expect(await viewer.stop()).toBe(0);
});

/** A request with any Host header and method (fetch will not set Host). */
function ask(
  path: string,
  options: { host?: string; method?: string } = {},
): Promise<{ status: number; body: { error?: string } & Record<string, unknown> }> {
  const url = new URL(viewer.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: { host: options.host ?? url.host } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('hoplab view: bad input', () => {
  it('refuses a missing, damaged or foreign recording before it serves, as the other readers do', () => {
    const missing = hoplab(['view', join(dir, 'nope.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`hoplab: ${hoplab(['events', join(dir, 'nope.db')]).stderr.replace(/^hoplab: /, '')}`);
    expect(missing.stderr).toMatch(/nope\.db: no such recording/);
    const damaged = join(dir, 'damaged.db');
    writeFileSync(damaged, 'not a database at all, just words'.repeat(100));
    const d = hoplab(['view', damaged]);
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/damaged\.db: not a hoplab recording/);
    expect(d.stderr).not.toMatch(/\n\s+at /);
    const foreign = join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    const f = hoplab(['view', foreign]);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/foreign\.db: not a hoplab recording/);
    expect(hoplab(['view', rec, rec, rec]).status).toBe(2);
  });

  it('says a port in use is in use, and exits 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const r = hoplab(['view', rec, '--port', String(port)]);
    blocker.close();
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`hoplab: --port: port ${port} on 127.0.0.1 is in use\n`);
  });
});

describe('hoplab view: the server', () => {
  it('prints its URL on loopback and serves the page built into dist/', async () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(viewer.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>hoplab view</title>');
  });

  it('answers a request for an event past the end, or a malformed one, with a JSON error, and goes on serving', async () => {
    expect(await ask('/api/r/0/at?seq=68')).toEqual({ status: 404, body: { error: 'no event #68: the recording has events #1 to #67' } });
    expect(await ask('/api/r/0/event?seq=0')).toEqual({ status: 404, body: { error: 'no event #0: the recording has events #1 to #67' } });
    expect(await ask('/api/r/0/copy?seq=68&go=next')).toEqual({
      status: 404,
      body: { error: 'no event #68: the recording has events #1 to #67' },
    });
    // h1's ARP request (#4) arrives at sw1 (#5), which floods it (#7) into two copies (#8 and the next).
    expect(await ask('/api/r/0/copy?seq=4&go=next')).toEqual({ status: 200, body: { seq: 5 } });
    expect((await ask('/api/r/0/copy?seq=7&go=next')).body.note).toMatch(/^copy #4 ends at #7; copies made from it: #8, #\d+$/);
    expect(await ask('/api/r/0/copy?seq=6&go=next')).toEqual({ status: 200, body: { seq: null, note: '#6 carries no frame' } });
    expect(await ask('/api/r/0/copy?seq=4&go=sideways')).toEqual({
      status: 400,
      body: { error: "go must be one of next, prev, child, parent, not 'sideways'" },
    });
    expect((await ask('/api/r/0/copy?seq=4')).body.error).toBe("missing parameter 'go'");
    expect((await ask('/api/r/0/at?seq=abc')).status).toBe(400);
    expect((await ask('/api/r/0/at')).body.error).toBe("missing parameter 'seq'");
    expect((await ask('/api/r/3/at?seq=1')).status).toBe(404);
    expect((await ask('/api/r/0/tables?seq=1&node=zz')).body.error).toMatch(/no node 'zz'/);
    const filter = await ask('/api/r/0/events?seq=1&filter=kind%3Dbogus');
    expect(filter.status).toBe(400);
    expect(filter.body.error).toMatch(/^filter: kind: unknown 'bogus'/);
    expect((await ask('/api/nothing')).status).toBe(404);
    expect(await ask('/api/diff/host?name=h3')).toEqual({
      status: 404,
      body: { error: 'a diff needs two recordings: hoplab view A.db B.db' },
    });
    expect((await ask('/../../etc/passwd')).status).toBe(404);
    expect((await ask('/api/r/0/at?seq=1', { method: 'POST' })).status).toBe(405);
    const ok = await ask('/api/r/0/at?seq=12');
    expect(ok.status).toBe(200);
    expect(ok.body.seq).toBe(12);
  });

  it('answers only requests addressed to the host it serves (DNS rebinding)', async () => {
    const port = new URL(viewer.url).port;
    const rebound = await ask('/api/info', { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body.error).toMatch(/only requests for 127\.0\.0\.1/);
    expect((await ask('/api/info', { host: `localhost:${port}` })).status).toBe(200);
    expect((await ask('/api/info', { host: `127.0.0.1:${Number(port) + 1}` })).status).toBe(403);
    expect(hostAllowed('localhost:80', '127.0.0.1', 80)).toBe(true);
    expect(hostAllowed('[::1]:8080', '127.0.0.1', 8080)).toBe(true);
    expect(hostAllowed('10.1.2.3:8080', '0.0.0.0', 8080)).toBe(true);
    expect(hostAllowed('evil.test:8080', '0.0.0.0', 8080)).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1', 8080)).toBe(false);
  });
});
