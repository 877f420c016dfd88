import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alteredCopy } from '../helpers/altered-recording.js';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();

function recording(yaml: string, name: string, args: string[] = []): string {
  const path = join(dir, `${name}.db`);
  expect(hoplab(['run', yaml, '-o', path, '--quiet', ...args]).status).toBe(0);
  return path;
}

function tampered(from: string, name: string, sql: string): string {
  return alteredCopy(from, join(dir, `${name}.db`), sql);
}

describe('hoplab verify', () => {
  const veth = recording('recordings/veth-pair.yaml', 'veth');
  const storm = recording('recordings/triangle-storm.yaml', 'storm');

  it('passes untouched recordings, with a fingerprint that is the same every time', () => {
    const a = hoplab(['verify', veth]);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/^.*veth\.db: identical: 38 events re-simulated, fingerprint [0-9a-f]{16}\n$/);
    expect(hoplab(['verify', veth]).stdout).toBe(a.stdout);
    const s = hoplab(['verify', storm]);
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/identical: 3000 events re-simulated/);
    expect(s.stdout.slice(-17)).not.toBe(a.stdout.slice(-17));
  });

  it('fails on a tampered why, naming the event and showing both versions', () => {
    const bad = tampered(veth, 'why', "UPDATE descriptions SET why = 'x' WHERE id = (SELECT description FROM event_log WHERE seq = 7)");
    const r = hoplab(['verify', bad]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/why\.db: differs from its re-simulation at #7 \(in why\); the 6 events before it are identical$/);
    expect(lines[1]).toMatch(/^ {2}recorded: +#7 +0\.000001336 +nsB:veth1 +neigh +x \(#6\)$/);
    expect(lines[3]).toMatch(/^ {2}re-simulated: #7 .* nsB notes from the ARP request that 10\.1\.1\.1 is at/);
  });

  it('fails on a changed frame byte, a changed time, a missing event and an extra one', () => {
    const byte = tampered(
      veth,
      'byte',
      "UPDATE frames SET bytes = CAST(x'ffffffffffff' || substr(bytes, 7) AS BLOB) WHERE id = (SELECT frame FROM events WHERE seq = 12)",
    );
    expect(hoplab(['verify', byte]).stdout).toMatch(/at #12 \(in bytes\)/);
    expect(hoplab(['verify', tampered(veth, 'time', 'UPDATE event_log SET t = t + 1 WHERE seq = 20')]).stdout).toMatch(/at #20 \(in t\)/);
    const short = hoplab(['verify', tampered(veth, 'short', 'DELETE FROM event_log WHERE seq = 38')]);
    expect(short.status).toBe(1);
    expect(short.stdout).toMatch(/at #38 \(the recording has no such event\)/);
    const long = hoplab([
      'verify',
      tampered(
        veth,
        'long',
        "INSERT INTO descriptions (id, kind, node, why) VALUES (1000, 'app', 'nsA', 'extra'); INSERT INTO event_log (seq, t, description) VALUES (39, 10000000000, 1000)",
      ),
    ]);
    expect(long.stdout).toMatch(/at #39 \(the re-simulation has no such event\)/);
  });

  it('re-runs with the recorded limits: --until and --max-events, from meta or from an older command line', () => {
    const limited = recording('recordings/veth-pair.yaml', 'limited', ['--until', '2s', '--max-events', '25', '--seed', '9']);
    expect(hoplab(['verify', limited]).stdout).toMatch(/identical: 25 events/);
    const old = tampered(limited, 'old', "DELETE FROM meta WHERE key IN ('until_ns', 'max_events')");
    const r = hoplab(['verify', old]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('hoplab: verify: limits read from the recorded command line');
  });

  it('a different seed diverges: verify catches a recording whose inputs were changed', () => {
    const r = hoplab(['verify', tampered(veth, 'seed', "UPDATE meta SET value = '2' WHERE key = 'seed'")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/differs from its re-simulation at #\d+/);
  });

  it('checks meta, nodes, ports and snapshots against the re-simulation (edits that left the events alone)', () => {
    const edits: Array<[string, string, string]> = [
      [
        'complete',
        "UPDATE meta SET value = '1' WHERE key = 'complete'",
        'its meta says complete, but a run that stopped by max-events is not',
      ],
      [
        'cut',
        "DELETE FROM event_log WHERE seq > 2000; UPDATE meta SET value = '2000' WHERE key IN ('events', 'max_events')",
        'its meta max_events is 2000, but its command line and topology give 3000',
      ],
      ['ghost', "INSERT INTO nodes (name, kind) VALUES ('ghost', 'host')", 'its nodes list ghost (host), which the topology does not make'],
      ['mac', "UPDATE ports SET mac = 'ff:ff:ff:ff:ff:ff' WHERE mac IS NOT NULL", 'its ports list h1:eth0 mac ff:ff:ff:ff:ff:ff to sw1:p1'],
      [
        'snapshot',
        "INSERT INTO snapshots (seq, state) VALUES (1000, '{}')",
        'it stores a snapshot after event 1000, where the run stores none',
      ],
    ];
    for (const [name, sql, difference] of edits) {
      const r = hoplab(['verify', tampered(storm, name, sql)]);
      expect({ name, status: r.status }).toEqual({ name, status: 1 });
      expect(r.stdout).toContain(`${name}.db: differs from its re-simulation: ${difference}`);
    }
  });
});
