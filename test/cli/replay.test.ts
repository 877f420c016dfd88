import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const veth = join(dir, 'veth.db');
const live = hoplab(['run', 'recordings/veth-pair.yaml', '-o', veth]);
const liveJson = hoplab(['run', 'recordings/veth-pair.yaml', '-o', join(dir, 'veth2.db'), '--json']);

describe('hoplab replay', () => {
  it('prints exactly what the live run printed, through the same printer', () => {
    const r = hoplab(['replay', veth, '--speed', '10000']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(live.stdout);
    const parse = (text: string): unknown[] =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
    expect(parse(hoplab(['replay', veth, '--speed', '10000', '--json']).stdout)).toEqual(parse(liveJson.stdout));
  });

  it('writes the same pcapng as the live run did with --pcap', () => {
    const livePcap = join(dir, 'live.pcapng');
    const replayPcap = join(dir, 'replay.pcapng');
    hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', join(dir, 'sw.db'), '--quiet', '--pcap', livePcap]);
    const r = hoplab(['replay', join(dir, 'sw.db'), '--speed', '10000', '--pcap', replayPcap]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/exported 34 packets/);
    expect(readFileSync(replayPcap).equals(readFileSync(livePcap))).toBe(true);
  });

  it('narrows by seq, kind and node, as events does', () => {
    const r = hoplab(['replay', veth, '--speed', '10000', '--from', '5', '--to', '20', '--kind', 'tx,rx', '--node', 'nsB']);
    expect(r.stdout).toBe(hoplab(['events', veth, '--from', '5', '--to', '20', '--kind', 'tx,rx', '--node', 'nsB']).stdout);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => /^#(\d+)/.exec(l)![1]),
    ).toEqual(['5', '8', '13', '16']);
  });

  it('is paced in virtual time: the neigh events, 5 s apart, take a quarter second at --speed 20', () => {
    const started = Date.now();
    const r = hoplab(['replay', veth, '--speed', '20', '--kind', 'neigh']);
    const took = Date.now() - started;
    // The last neigh event is at 5.000007128 s of virtual time: 0.25 s of wall time at 20x.
    expect(r.stdout.trim().split('\n')).toHaveLength(6);
    expect(took).toBeGreaterThanOrEqual(240);
  });

  it('names a bad --speed (exit 2)', () => {
    const r = hoplab(['replay', veth, '--speed', 'fast']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--speed: 'fast' must be a positive number/);
  });
});
