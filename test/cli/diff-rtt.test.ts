import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { topologyVariant } from '../helpers/topology-variant.js';

// Issue 19 item 9: the same switch, h2's link slower (2 ms each way, 10 Mbps): the same decisions, later replies.
const dir = tempDir();
const rec = (name: string): string => join(dir, `${name}.db`);

function slower(): string {
  const slow = (yaml: string): string => yaml.replace('  - [h2:eth0, sw1:p2]', '  - { ends: [h2:eth0, sw1:p2], delay: 2ms, rate: 10Mbps }');
  return topologyVariant(dir, 'switch-3-hosts', 'switch-3-slow', slow, 'delay: 2ms');
}

function run(yaml: string, out: string): void {
  const r = hoplab(['run', yaml, '-o', out, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
}

/** What ping printed on h1, seq -> ms, from the recording's own app lines. */
function printed(db: string): Record<string, number> {
  const out = hoplab(['events', db, '--kind', 'app', '--json']);
  const lines = out.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text?: string });
  const times: Record<string, number> = {};
  for (const l of lines) {
    const m = /icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms/.exec(l.text ?? '');
    if (m) times[`10.0.0.2 icmp_seq=${m[1]}`] = Number(m[2]);
  }
  return times;
}

beforeAll(() => {
  run('recordings/switch-3-hosts.yaml', rec('switch'));
  run(slower(), rec('slow'));
});

describe('hoplab diff compares ping round-trip times per host and icmp_seq', () => {
  it('--json: rtt {host: {ADDRESS icmp_seq=N: [A, B]}} in ms, as each ping printed them', () => {
    const out = hoplab(['diff', rec('switch'), rec('slow'), '--json']);
    expect(out.status, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout);
    const [a, b] = [printed(rec('switch')), printed(rec('slow'))];
    expect(Object.keys(a)).toEqual(['10.0.0.2 icmp_seq=1', '10.0.0.2 icmp_seq=2']);
    expect(r.rtt).toEqual({ h1: Object.fromEntries(Object.keys(a).map((k) => [k, [a[k], b[k]]])) });
    // The slow link is crossed twice each way per round trip: at least 4 ms more.
    for (const [ta, tb] of Object.values(r.rtt.h1) as Array<[number, number]>) expect(tb - ta).toBeGreaterThanOrEqual(4);
    expect(r.firstDivergence).toBeNull();
    expect(r.identical).toBe(false);
  });

  it('text: a section listing each differing reply, A, B and the difference', () => {
    const out = hoplab(['diff', rec('switch'), rec('slow')]);
    expect(out.status, out.stderr).toBe(0);
    const lines = out.stdout.split('\n');
    const at = lines.indexOf('ping round-trip times that differ');
    expect(at, out.stdout).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ +A switch-3-hosts +B switch-3-slow +B - A$/);
    expect(lines[at + 2]).toBe('  h1 pinging 10.0.0.2');
    expect(lines[at + 3]).toMatch(/^ {4}icmp_seq=1 +0\.\d+ ms +\d+\.\d+ ms +\+\d+\.\d+ ms$/);
    expect(lines[at + 4]).toMatch(/^ {4}icmp_seq=2 +0\.\d+ ms +\d+\.\d+ ms +\+\d+\.\d+ ms$/);
  });

  it('no section when the times agree', () => {
    const out = hoplab(['diff', rec('switch'), rec('switch')]);
    expect(out.stdout).not.toContain('round-trip');
    expect(JSON.parse(hoplab(['diff', rec('switch'), rec('switch'), '--json']).stdout).rtt.h1).toEqual({
      '10.0.0.2 icmp_seq=1': [0.012, 0.012],
      '10.0.0.2 icmp_seq=2': [0.007, 0.007],
    });
  });
});
