import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, REPO, hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';
import { oracleNotes } from '../shell/harness.js';

// Issue 18 item 1, through the real CLI: `hoplab run` on test/fixtures/lo-down.sh,
// the oracle's L1-lo-down (run-oracle-l1.sh) as a script. h1's lo is down, as a
// fresh namespace has it: its own address stays local (the local table), but
// nothing crosses lo, so a ping to itself and the ICMP error ARP's failure
// makes for a ping to a silent neighbour are both lost.

const SCRIPT = fixtureText('lo-down.sh').trimEnd().split('\n');
/** The oracle's commands the script runs too (its ping was iputils' from /tmp/iputx), with what Linux printed. */
const CHECKED = oracleNotes(fixtureText('oracle/L1-lo-down/notes.txt'))
  .map((b) => ({ ...b, command: b.command.replace('/tmp/iputx/bin/ping', 'ping') }))
  .filter((b) => SCRIPT.includes(b.command));
/** Linux's lines on standard error (the oracle captured both streams together). */
const isError = (line: string): boolean => /^(RTNETLINK answers|\/tmp\/iputx\/bin\/ping): /.test(line);
/** ping's elapsed time is the real one in the oracle and the virtual one in hoplab (2000 ms for -c 3). */
const untimed = (text: string): string => text.replace(/time \d+ms/g, 'time Tms');
let run: CliResult;

beforeAll(() => {
  run = hoplab(['run', join(REPO, 'test/fixtures/lo-down.sh'), '-o', join(tempDir(), 'lo-down.db')]);
});

describe('lo down: the local table stays, loopback carries nothing (Linux 6.18, oracle L1-lo-down)', () => {
  it('runs the oracle commands', () => {
    expect(CHECKED.map((b) => b.command)).toEqual([
      'ip -n l1h1 route get 10.0.5.1',
      'ip netns exec l1h1 ping -c 3 10.0.5.1',
      'ip netns exec l1h1 ping -c 3 10.0.5.9',
      'ip -n l1h1 neigh show',
      'ip -n l1h1 route get 127.0.0.1',
      'ip netns exec l1h1 ping -c 1 127.0.0.1',
    ]);
  });

  it('prints on standard output what Linux printed: a local route via lo, no error lines, 100% loss', () => {
    const expected = CHECKED.flatMap((b) => b.output.filter((l) => !isError(l)));
    // Each output block ends with the note's blank separator line, except where the program printed one itself.
    const lines = untimed(run.stdout).split('\n');
    expect(lines.filter((l) => l !== '')).toEqual(
      untimed(expected.join('\n'))
        .split('\n')
        .filter((l) => l !== ''),
    );
    expect(untimed(run.stdout)).toContain(
      'PING 10.0.5.9 (10.0.5.9) 56(84) bytes of data.\n\n--- 10.0.5.9 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time Tms\n\n',
    );
  });

  it('prints on standard error only what concerns 127.0.0.1, which a namespace whose lo never came up lacks', () => {
    const errors = CHECKED.flatMap((b) => b.output.filter(isError)).map((l) => l.replace('/tmp/iputx/bin/ping', 'ping'));
    expect(errors).toEqual(['RTNETLINK answers: Network is unreachable', 'ping: connect: Network is unreachable']);
    for (const line of errors) expect(run.stderr).toContain(`${line}\n`);
    expect(run.stderr).not.toContain('Destination Host Unreachable');
  });

  it('ends the pings with status 1 and the 127.0.0.1 lines with 2, as Linux did', () => {
    const failed = CHECKED.map((b) => `line ${SCRIPT.indexOf(b.command) + 1} (status ${b.status})`).filter(
      (l) => !l.endsWith('(status 0)'),
    );
    expect(run.stderr).toContain(`${failed.length} line(s) failed: ${failed.join(', ')}`);
  });
});
