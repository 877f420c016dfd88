import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir, type CliResult } from '../helpers/cli.js';

// `hoplab run FILE.sh` end to end: the real CLI on the tutorial (a copy of
// the tutorial's script in test/fixtures/), its streams, its exit status, and
// its recording read back by the other commands like any other.

const TUTORIAL = join(REPO, 'test', 'fixtures', 'tutorial.sh');
let dir: string;
let rec: string;
let result: CliResult;

beforeAll(() => {
  dir = tempDir();
  rec = join(dir, 'tutorial.db');
  result = hoplab(['run', TUTORIAL, '-o', rec]);
});

describe('hoplab run tutorial.sh', () => {
  it('runs top to bottom and exits 1, as bash would report the lines that failed', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^hoplab: tutorial: \d+ events in [\d.]+ s of virtual time; stopped: nothing left to happen; recorded to /m,
    );
    expect(result.stderr).toContain('hoplab: tutorial: 3 line(s) failed: line 13 (status 2), line 14 (status 2), line 40 (status 2)');
  });

  it("prints what the commands print: results on stdout, ping's refusals on stderr", () => {
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      'netns1',
    ]);
    expect(result.stdout).not.toContain('Network is unreachable');
    expect(result.stderr.split('\n').filter((l) => l.startsWith('ping: '))).toEqual(Array(3).fill('ping: connect: Network is unreachable'));
    expect(result.stdout).toContain('Kernel IP routing table\n');
    expect(result.stdout).toContain('Chain OUTPUT (policy ACCEPT)\n');
    expect(result.stdout.match(/^2 packets transmitted, 2 received, 0% packet loss/gm)).toHaveLength(2);
  });

  it('keeps the two streams in order on one terminal, as a shell shows them', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/hoplab run "${TUTORIAL}" -o "${join(dir, 'merged.db')}" 2>&1`], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const lines = r.stdout.split('\n');
    const first = lines.indexOf('ping: connect: Network is unreachable');
    // netns1's fresh `ip link list` (lo, down) comes just before the two refused pings.
    expect(lines.slice(first - 2, first + 3)).toEqual([
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      'ping: connect: Network is unreachable',
      'ping: connect: Network is unreachable',
      'PING localhost (127.0.0.1) 56(84) bytes of data.',
    ]);
  });

  it('records a recording that the other commands read like any other', () => {
    const commands = hoplab(['events', rec, '--kind', 'command']);
    expect(commands.status).toBe(0);
    expect(commands.stdout.trim().split('\n')).toHaveLength(
      readFileSync(TUTORIAL, 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.trim().startsWith('#')).length,
    );
    expect(commands.stdout).toMatch(/ netns1 +command +ifconfig veth1 10\.1\.1\.2\/24 up\n/);
    const h3 = hoplab(['events', rec, '--node', 'h3', '--kind', 'rx']);
    // One ARP request while br0 learns, then everything once it floods (ageing_time 0): 1 + 8 frames.
    expect(h3.stdout.trim().split('\n')).toHaveLength(9);
    const pcap = join(dir, 'tutorial.pcapng');
    const exported = hoplab(['export', rec, '-o', pcap, '--at', 'h3:eth0']);
    expect(exported.status).toBe(0);
    expect(existsSync(pcap)).toBe(true);
  });
});

describe('hoplab run with a script', () => {
  it('reads a script from stdin (-), and YAML from stdin stays YAML', () => {
    const out = join(tempDir(), 's.db');
    const script = hoplab(['run', '-', '-o', out], { input: '# a lab\nip netns add a\nip netns list\n' });
    expect([script.status, script.stdout]).toEqual([0, 'a\n']);
    const yaml = hoplab(['run', '-', '-o', out, '--quiet'], { input: 'nodes:\n  h1: { kind: host }\n' });
    expect(yaml.status).toBe(0);
  });

  it('interleaves the hop events with the output with --events', () => {
    const r = hoplab(['run', '-', '-o', join(tempDir(), 'e.db'), '--events'], { input: 'ip link set lo up\nping -c 1 127.0.0.1\n' });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^#1 +0\.000000000 +root +command +ip link set lo up$/);
    expect(lines).toContain('PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.');
    expect(lines.some((l) => / root:lo +deliver /.test(l))).toBe(true);
  });

  it('says FILE:LINE for what it does not emulate, runs on, and exits 1', () => {
    const r = hoplab(['run', '-', '-o', join(tempDir(), 'u.db')], { input: 'ss -tln\necho still here\n' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:1: hoplab does not emulate 'ss'/m);
    expect(r.stdout).toBe('still here\n');
  });

  it('runs the tutorial kept in recordings/', () => {
    const r = hoplab(['run', 'recordings/tutorial.sh', '-o', join(tempDir(), 't.db'), '--quiet']);
    expect(r.stderr).toContain('3 line(s) failed: line 13 (status 2), line 14 (status 2), line 40 (status 2)');
  });
});
