import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, REPO, hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';
import { normalise, oracleNotes } from '../shell/harness.js';

// Issue 18 item 2, through the real CLI: `hoplab run` on test/fixtures/pmtu.sh,
// the oracle's P1-pmtu (run-oracle-p1.sh) as a script. h1 pings h2 with
// 1428-byte datagrams through r, whose link to h2 has MTU 1400: r answers the
// first with "fragmentation needed", h1 caches the path MTU for 10.0.8.1 for
// 600 s (ipv4_update_pmtu, ip_rt_mtu_expires) and fragments the later pings
// itself, until the entry expires.

const SCRIPT = fixtureText('pmtu.sh').trimEnd().split('\n');
/** The oracle's commands the script runs too (not its `ping -M do`, nor its sysctl and link checks), with what Linux printed. */
const CHECKED = oracleNotes(fixtureText('oracle/P1-pmtu/notes.txt')).filter((b) => SCRIPT.includes(b.command));
let run: CliResult;

beforeAll(() => {
  run = hoplab(['run', join(REPO, 'test/fixtures/pmtu.sh'), '--until', '700s', '-o', join(tempDir(), 'pmtu.db')]);
});

/** Non-empty lines, with times and MACs aside; without the line `sysctl -w` prints, which the oracle's `sysctl -qw` did not. */
const lines = (text: string): string[] =>
  normalise(text)
    .split('\n')
    .filter((l) => l !== '' && l !== 'net.ipv4.ip_forward = 1');

describe('path MTU discovery at the sender (Linux 6.18, oracle P1-pmtu)', () => {
  it('runs the oracle commands, the expiry included', () => {
    expect(CHECKED.map((b) => b.command)).toEqual(SCRIPT.filter((l) => /^ip -n p1h1 route (get|show)|^ip netns exec p1h1 ping/.test(l)));
    expect(CHECKED).toHaveLength(13);
  });

  it('prints what Linux printed: one Frag needed, then replies; the cached MTU counting down, then gone', () => {
    expect(lines(run.stdout)).toEqual(lines(CHECKED.flatMap((b) => b.output).join('\n')));
  });

  it('learns the MTU from the first error and fragments the later pings itself', () => {
    expect(run.stdout).toContain(
      'From 10.0.7.254 icmp_seq=1 Frag needed and DF set (mtu = 1400)\n1408 bytes from 10.0.8.1: icmp_seq=2 ttl=63',
    );
    expect(run.stdout).toContain('3 packets transmitted, 2 received, +1 errors, 33.3333% packet loss');
    expect(run.stdout).toContain('    cache expires 597sec mtu 1400 \n');
    expect(run.stdout).toContain('10.0.8.1 via 10.0.7.254 dev eth0 \n    cache expires 597sec mtu 1400 \n');
  });

  it('fails only the ping sent after the entry expired, as Linux did (status 1)', () => {
    const failed = CHECKED.map((b) => `line ${SCRIPT.lastIndexOf(b.command) + 1} (status ${b.status})`).filter(
      (l) => !l.endsWith('(status 0)'),
    );
    expect(failed).toEqual([`line ${SCRIPT.length} (status 1)`]);
    expect(run.stderr).toContain(`1 line(s) failed: ${failed.join(', ')}`);
  });
});
