import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffRecordings } from '../../src/compare/diff.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';
import { oracleLines } from '../helpers/oracle-trace.js';

// The pair users try first: the tutorial's hub and switch, the same ping (SPEC §3).
const dir = tempDir();
const rec = (name: string): string => join(dir, `${name}.db`);

function run(yaml: string, out: string): void {
  const r = hoplab(['run', yaml, '-o', out, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
}

beforeAll(() => {
  run('recordings/hub-3-hosts.yaml', rec('hub'));
  run('recordings/switch-3-hosts.yaml', rec('switch'));
  run('recordings/switch-3-hosts.yaml', rec('switch-again'));
  run('recordings/veth-pair.yaml', rec('veth'));
});

describe('hoplab diff hub-3-hosts switch-3-hosts --json', () => {
  // The parsed --json output, read field by field as the README documents it.
  // biome-ignore lint/suspicious/noExplicitAny: checked by the assertions below, not by a type
  let r: any;
  beforeAll(() => {
    const out = hoplab(['diff', rec('hub'), rec('switch'), '--json']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    r = JSON.parse(out.stdout);
  });

  it('has the documented shape: every pair [A, B], every host, each step', () => {
    expect(r.identical).toBe(false);
    expect(r.names).toEqual(['hub-3-hosts', 'switch-3-hosts']);
    expect(Object.keys(r.hosts)).toEqual(['h1', 'h2', 'h3']);
    for (const h of Object.values(r.hosts) as object[]) {
      expect(Object.keys(h)).toEqual(['seen', 'delivered', 'sent', 'notForMe', 'dropped', 'seenFor']);
    }
    expect(r.runs).toEqual([
      { complete: true, stopReason: 'until', events: r.totals.events[0], endTime: 10e9 },
      { complete: true, stopReason: 'until', events: r.totals.events[1], endTime: 10e9 },
    ]);
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({ at: [0, 0], on: 'h1', run: 'ping -c 2 10.0.0.2', in: 'both' });
    expect(r.steps[0].totals.tx).toEqual(r.totals.tx);
  });

  it('h3 sees every frame on the hub and only the first ARP request on the switch (oracle S3 and S2)', () => {
    const hubFrames = oracleLines('S3-hub', 'h3:eth0');
    const switchFrames = oracleLines('S2-bridge-3-hosts', 'h3:eth0');
    expect(hubFrames).toHaveLength(8);
    expect(switchFrames).toEqual(['h1.eth0 broadcast 0x0806 1 10.0.0.1 10.0.0.2 - - - - -']);
    expect(r.hosts.h3.seen).toEqual([hubFrames.length, switchFrames.length]);
    expect(r.hosts.h3.seenFor.broadcast).toEqual([1, 1]);
    expect(r.hosts.h3.notForMe).toEqual([7, 0]);
    // h1 and h2 see the same conversation on both: the oracle's 8 frames at each, half of them their own.
    for (const h of ['h1', 'h2']) {
      const frames = oracleLines('S2-bridge-3-hosts', `${h}:eth0`).length;
      expect(r.hosts[h].seen[0] + r.hosts[h].sent[0]).toBe(frames);
      expect(r.hosts[h].seen).toEqual([r.hosts[h].seen[0], r.hosts[h].seen[0]]);
    }
    // Every one of the 8 frames crosses the hub to two ports; the switch floods only the first.
    expect(r.totals.tx).toEqual([24, 17]);
    expect(r.totals.flood).toEqual([8, 1]);
    expect(r.notes).toContain('h3 saw 4 frames addressed to h1 in hub-3-hosts, none in switch-3-hosts');
  });

  it('names the first divergence at the first unicast frame: the hub repeats the ARP reply, the switch forwards it', () => {
    const d = r.firstDivergence;
    expect(d.frame).toMatch(/^ARP, Reply 10\.0\.0\.2 is-at/);
    expect(d.a).toMatchObject({ node: 'hub1', kind: 'flood', port: 'p2', out: ['p1', 'p3'] });
    expect(d.b).toMatchObject({ node: 'sw1', kind: 'forward', port: 'p2', out: ['p1'] });
    expect(d.a.why).toMatch(/hub never learns/);
    expect(d.b.why).toMatch(/sw1 learned .* on p1 at #\d+/);
    expect(d.a.chain[0].kind).toBe('command');
    expect(d.b.chain.at(-1).seq).toBe(d.b.seq);
  });
});

describe('hoplab diff reads the two recordings in two threads', () => {
  it('and answers exactly as the one-thread diff does', () => {
    const cli = JSON.parse(hoplab(['diff', rec('hub'), rec('switch'), '--json']).stdout);
    const a = new SqliteRecordingReader(rec('hub'));
    const b = new SqliteRecordingReader(rec('switch'));
    try {
      expect(cli).toEqual(JSON.parse(JSON.stringify(diffRecordings(a, b))));
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('hoplab diff of a run cut short', () => {
  it('names the cut, its event count and instant, and says what B did later is not the topology', () => {
    const cut = join(dir, 'storm-cut.db');
    const broken = join(dir, 'broken.db');
    expect(hoplab(['run', 'recordings/triangle-storm.yaml', '-o', cut, '--quiet', '--max-events', '3000']).status).toBe(0);
    run('recordings/triangle-broken.yaml', broken);
    const out = hoplab(['diff', cut, broken]);
    expect(out.status, out.stderr).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[1]).toMatch(
      /^warning: A \(triangle-storm\) was cut short by its event limit: 3000 events, up to 0\.\d{9}s of virtual time;$/,
    );
    expect(lines[2]).toBe('  its counts end there, so what B did later is a difference of run length, not of topology');
    // sw3 took p2 down, so sw1:p3 at the cable's other end has no carrier: sw1 floods only to sw2.
    expect(out.stdout).toMatch(/#\d+ sw1 floods it out of p2 \(to sw2\), p3 \(to sw3\) vs #\d+ sw1 floods it out of p2 \(to sw2\)/);
  });
});

describe('hoplab diff (text)', () => {
  it('sets the two side by side and tells the story', () => {
    const out = hoplab(['diff', rec('hub'), rec('switch')]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^hoplab diff: A = hub-3-hosts, B = switch-3-hosts/);
    expect(out.stdout).toMatch(/\n {2}seen \(rx at its ports\) +8 +1 +\*\n/);
    expect(out.stdout).toMatch(/first divergence, after 3 equal decisions \(step 1\): ARP, Reply/);
    expect(out.stdout).toMatch(/#\d+ hub1 floods it out of p1 \(to h1\), p3 \(to h3\) vs #\d+ sw1 forwards it out of p1 \(to h1\)/);
  });

  it('reports no difference for two runs of the same file, exit 0', () => {
    const out = hoplab(['diff', rec('switch'), rec('switch-again')]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('no difference: the two recordings hold the same 67 events');
    const json = JSON.parse(hoplab(['diff', rec('switch'), rec('switch-again'), '--json']).stdout);
    expect(json).toMatchObject({ identical: true, sameEvents: true, firstDivergence: null });
  });

  it('refuses recordings of different scenarios with exit 2 and the reason', () => {
    const out = hoplab(['diff', rec('switch'), rec('veth')]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /^hoplab: .*switch\.db and .*veth\.db record different scenarios: traffic command 1 differs \(A runs `ping -c 2 10\.0\.0\.2` on h1, B runs `ping -c 2 10\.1\.1\.2` on nsA\)/,
    );
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing or bad recording, exit 2', () => {
    const missing = hoplab(['diff', rec('switch'), join(dir, 'nope.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.db: no such recording/);
    copyFileSync('recordings/hub-3-hosts.yaml', join(dir, 'not-a.db'));
    expect(hoplab(['diff', join(dir, 'not-a.db'), rec('switch')]).status).toBe(2);
  });
});
