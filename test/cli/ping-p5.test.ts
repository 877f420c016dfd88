import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, REPO, hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';
import { oracleNotes } from '../shell/harness.js';

// Issue 18 items 5 and 8, through the real CLI: `hoplab run` on
// test/fixtures/ping-p5.sh, the oracle's P5-ping (run-oracle-p5.sh) as a
// script. iputils 20221126's texts for -s under 16 bytes, -q, -n, -M, -w, -b
// and its own argument errors; a ping without -c (and `sleep infinity`)
// interrupted after 4 s as `timeout --preserve-status -s INT 4` did to it.

const SCRIPT = fixtureText('ping-p5.sh').trimEnd().split('\n');
/** What the oracle ran under `timeout --preserve-status -s INT 4`, the script runs bare: hoplab interrupts it. */
const INTERRUPTED = 'timeout --preserve-status -s INT 4 ';
const CHECKED = oracleNotes(fixtureText('oracle/P5-ping/notes.txt'))
  .map((b) => ({ ...b, command: b.command.replace(INTERRUPTED, '') }))
  .filter((b) => SCRIPT.includes(b.command));
/** The oracle wrote each command's stderr after its stdout, each line marked `2> `. */
const isError = (line: string): boolean => line.startsWith('2> ');
/** Round trips and elapsed times are the real ones in the oracle and virtual ones in hoplab. */
const untimed = (text: string): string =>
  text
    .replace(/time=[\d.]+ ms/g, 'time=T ms')
    .replace(/time \d+ms/g, 'time Tms')
    .replace(/mdev = [\d./]+ ms/g, 'mdev = T ms')
    // arping's replies: the peer's MAC (random in each run) and the round trip.
    .replace(/from (\S+) \[[0-9A-F:]{17}\] {2}[\d.]+ms/g, 'from $1 [MAC]  Tms');
/**
 * The one block where Linux itself gives two answers: whether `ping -c 5 -w 5` to the silent address
 * sends its second request before the first ARP resolution (the previous line's) fails depends on the
 * real milliseconds the command took to start. In P5 it did not (1 sent, +1 errors); in each of six runs
 * of run-oracle-p5w.sh it did, and both errors were read before -w's exit (2 sent, +2 errors, pipe 2).
 * hoplab's lines follow one another with no time between, and print the second.
 */
const RACE = 'ip netns exec p5h1 ping -c 5 -w 5 10.1.1.9';
const raceLines = (): string[] => {
  const notes = fixtureText('oracle/P5W-deadline-race/notes.txt');
  const start = notes.indexOf('$ ping -c 5 -w 5 10.1.1.9\n') + '$ ping -c 5 -w 5 10.1.1.9\n'.length;
  return notes.slice(start, notes.indexOf('[exit code', start)).split('\n');
};
const nonBlank = (text: string): string[] => text.split('\n').filter((l) => l !== '');
let run: CliResult;

beforeAll(() => {
  run = hoplab(['run', join(REPO, 'test/fixtures/ping-p5.sh'), '-o', join(tempDir(), 'p5.db')]);
});

describe('ping as iputils 20221126 prints it (oracle P5-ping)', () => {
  it("runs the oracle's commands that hoplab's scripts run and that end or are interrupted by themselves", () => {
    const all = oracleNotes(fixtureText('oracle/P5-ping/notes.txt'));
    // Left out: a ping bounded by -c, which hoplab lets end by itself; the status timeout gave without
    // --preserve-status. arping without -c is interrupted like ping (Sent 4 probes, status 0 or 1).
    expect(all.filter((b) => !CHECKED.some((c) => c.command === b.command.replace(INTERRUPTED, ''))).map((b) => b.command)).toEqual([
      `ip netns exec p5h1 ${INTERRUPTED}ping -c 100 10.1.1.2`,
      'ip netns exec p5h1 timeout -s INT 4 ping 10.1.1.2',
    ]);
    // Every line after the set-up (which ends with `sleep 1`) is one of the oracle's commands.
    expect(CHECKED.map((b) => b.command)).toEqual(SCRIPT.slice(SCRIPT.indexOf('sleep 1') + 1));
  });

  it("prints on standard output what Linux printed, times aside: no time= and no rtt line under 16 bytes, -q's silence, -n's bare addresses, -w's ends", () => {
    const expected = CHECKED.flatMap((b) => (b.command === RACE ? raceLines() : b.output.filter((l) => !isError(l))));
    // Each oracle block ends with its blank separator line, so blank lines are compared apart, below.
    expect(nonBlank(untimed(run.stdout))).toEqual(nonBlank(untimed(expected.join('\n'))));
    // The rtt line's place holds an empty line when nothing was timed, as finish() prints it.
    expect(untimed(run.stdout)).toContain(
      '16 bytes from 10.1.1.2: icmp_seq=3 ttl=64\n\n--- 10.1.1.2 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time Tms\n\nPING',
    );
  });

  it("prints on standard error iputils' own words, in order: local errors, argument errors, the broadcast warning", () => {
    const expected = CHECKED.flatMap((b) => b.output.filter(isError)).map((l) => l.slice(3));
    expect(expected).toContain('ping: local error: message too long, mtu=1500');
    expect(expected).toContain("ping: invalid argument: '256': out of range: 0 <= value <= 255");
    expect(expected).toContain('ping: cannot set unicast time-to-live: Invalid argument');
    expect(expected).toContain('ping: usage error: Destination address required');
    expect(expected).toContain('WARNING: pinging broadcast address');
    const own = (l: string): boolean => l.startsWith('hoplab: ') || l.includes('ping-p5.sh:') || l === '';
    expect(run.stderr.split('\n').filter((l) => !own(l))).toEqual(expected);
  });

  it('ends each line with the status Linux gave it (1 for -t 256, 2 for -t 0 and -M foo, 130 for an interrupted sleep)', () => {
    const failed = CHECKED.map((b) => `line ${SCRIPT.indexOf(b.command) + 1} (status ${b.status})`).filter(
      (l) => !l.endsWith('(status 0)'),
    );
    expect(failed).toContain(`line ${SCRIPT.indexOf('ip netns exec p5h1 sleep infinity') + 1} (status 130)`);
    expect(run.stderr).toContain(`${failed.length} line(s) failed: ${failed.join(', ')}`);
  });
});

describe('a command that never ends is interrupted, and the script goes on', () => {
  it('says so once on stderr, naming the first such line', () => {
    const notes = run.stderr.split('\n').filter((l) => l.includes('runs until Ctrl-C'));
    const first = SCRIPT.indexOf('ip netns exec p5h1 ping 10.1.1.2') + 1;
    expect(notes).toEqual([
      `${join(REPO, 'test/fixtures/ping-p5.sh')}:${first}: this command runs until Ctrl-C; hoplab interrupts it after 4 s of virtual time, as it does every such line (hoplab run --interrupt-after T)`,
    ]);
  });

  it('interrupts at --interrupt-after instead, and refuses a value that is not a duration (exit 2)', () => {
    const dir = tempDir();
    const script = join(dir, 'watch.sh');
    const text = ['ip netns add a', 'ip -n a link set lo up', 'ip netns exec a ping 127.0.0.1', 'echo next'].join('\n');
    writeFileSync(script, `${text}\n`);
    const r = hoplab(['run', script, '-o', join(dir, 'w.db'), '--interrupt-after', '2s']);
    expect(r.status).toBe(0);
    expect(untimed(r.stdout)).toContain('2 packets transmitted, 2 received, 0% packet loss, time Tms\nrtt');
    expect(r.stdout.trimEnd().endsWith('next')).toBe(true);
    expect(r.stderr).toContain('after 2 s of virtual time');
    // The recording keeps the interrupt time (meta interrupt_after_ns): verify re-runs it as it ran.
    const verified = hoplab(['verify', join(dir, 'w.db')]);
    expect(verified.stdout).toContain('identical');
    expect(verified.status).toBe(0);
    const bad = hoplab(['run', script, '--interrupt-after', 'soon']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--interrupt-after: 'soon' is not a duration");
  });
});
