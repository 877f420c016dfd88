import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { HUB_COLLISION_YAML } from '../helpers/topologies.js';

// Issue 19, item 2: a frame that collided on a hub is no longer exported as if it
// had simply been sent. Two hosts send at once on hub1; read back with tshark.

const haveTshark = spawnSync('which', ['tshark'], { stdio: 'ignore' }).status === 0;
const dir = tempDir();
const recording = join(dir, 'hub-collision.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Row {
  time: number;
  iface: string;
  comment: string;
}

function packets(file: string): Row[] {
  return tshark(['-r', file, '-T', 'fields', '-e', 'frame.time_relative', '-e', 'frame.interface_name', '-e', 'frame.comment'])
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .map(([time, iface, comment]) => ({ time: Number(time), iface: iface!, comment: comment! }));
}

interface Event {
  seq: number;
  kind: string;
  node: string;
  port?: string;
  cause?: number;
  why: string;
  senders?: string[];
}

beforeAll(() => {
  writeFileSync(join(dir, 'hub-collision.yaml'), HUB_COLLISION_YAML);
  const r = hoplab(['run', join(dir, 'hub-collision.yaml'), '-o', recording, '--pcap', join(dir, 'live.pcapng'), '--quiet']);
  expect(r.status, r.stderr).toBe(0);
});

describe.skipIf(!haveTshark)('export: a collision on a hub', () => {
  const events = (): Event[] =>
    hoplab(['events', recording, '--json'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Event);

  it("names the collision, the other sender and the retry after backoff in each collided frame's comment", () => {
    const out = join(dir, 'collision.pcapng');
    const r = hoplab(['export', recording, '-o', out, '--with-drops']);
    expect(r.status, r.stderr).toBe(0);
    const all = events();
    const [first] = all.filter((e) => e.kind === 'collision');
    expect(first).toMatchObject({ node: 'hub1', senders: ['h1:eth0', 'h2:eth0'] });
    const rows = packets(out);
    for (const [sender, other] of [
      ['h1', 'h2:eth0'],
      ['h2', 'h1:eth0'],
    ] as const) {
      // The sender's first transmission, recorded when it started, and the retry the collision caused.
      const tx = all.find((e) => e.kind === 'tx' && e.node === sender)!;
      const retry = all.find((e) => e.kind === 'tx' && e.node === sender && e.cause === first!.seq)!;
      expect(retry.why).toMatch(/sends the frame again out of eth0 \(attempt 2 of 16\) after backing off \d+ slot times? \(/);
      const row = rows.find((p) => p.comment.startsWith(`#${tx.seq} tx at ${sender}:eth0 `))!;
      expect(row.iface).toBe(`${sender}:eth0`);
      expect(row.comment).toContain(` | #${first!.seq} collision on hub1 with ${other}: ${first!.why}`);
      expect(row.comment).toContain(` | #${retry.seq} tx: ${retry.why}`);
    }
    // Nobody gave up: nothing on a lost interface; the file is in time order and nothing is malformed.
    expect(rows.filter((p) => p.iface.endsWith(' lost'))).toEqual([]);
    const times = rows.map((p) => p.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(tshark(['-r', out, '-Y', '_ws.malformed || _ws.expert.severity == error'])).toBe('');
  });

  it('writes the same file live (run --pcap) as export does', () => {
    const out = join(dir, 'exported.pcapng');
    expect(hoplab(['export', recording, '-o', out]).status).toBe(0);
    expect(readFileSync(join(dir, 'live.pcapng')).equals(readFileSync(out))).toBe(true);
  });
});
