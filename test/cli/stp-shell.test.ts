import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';
import { oracleNotes } from '../shell/harness.js';

// The spanning tree through the real CLI: `hoplab run` on the oracle's S6
// script (test/fixtures/stp-2-bridges.sh), with `ip -d link show` once the
// bridges have converged (35.32 s after they came up, when the oracle asked).

const S6 = fixtureText('stp-2-bridges.sh');
const UP = 'ip -n stp link set br1 up\n';
let details: CliResult;
let stopped: CliResult;
let started: CliResult;

beforeAll(() => {
  const dir = tempDir();
  const script = join(dir, 'stp-details.sh');
  writeFileSync(script, `${S6}sleep 0.32\nip -n stp -d link show br1\nip -n stp -d link show b2\n`);
  details = hoplab(['run', script, '-o', join(dir, 'stp-details.db')]);
  // The oracle's S8: STP turned off on br1 36 s after the bridges came up, `bridge link show` 10 and 25 s later.
  const stop = join(dir, 'stp-stop.sh');
  const setup = S6.slice(0, S6.indexOf(UP) + UP.length);
  const show = 'ip netns exec stp bridge link show';
  writeFileSync(stop, `${setup}sleep 36\nip -n stp link set br1 type bridge stp_state 0\nsleep 10\n${show}\nsleep 15\n${show}\n`);
  stopped = hoplab(['run', stop, '-o', join(dir, 'stp-stop.db')]);
  // The oracle's S9: both bridges up and forwarding without STP, then STP on; `bridge link show` 3 s later.
  const start = join(dir, 'stp-start.sh');
  const enslaved = S6.slice(0, S6.indexOf('ip -n stp link set b2 up\n') + 'ip -n stp link set b2 up\n'.length).replace(
    /.*stp_state 1\n/g,
    '',
  );
  const on = 'ip -n stp link set br0 type bridge stp_state 1\nip -n stp link set br1 type bridge stp_state 1\n';
  writeFileSync(start, `${enslaved}ip -n stp link set br0 up\nip -n stp link set br1 up\nsleep 2\n${on}sleep 3\n${show}\n`);
  started = hoplab(['run', start, '-o', join(dir, 'stp-start.db')]);
});

const untimed = (text: string): string => text.replace(/(_timer) +\d+\.\d\d /g, '$1 T ');

describe('hoplab run: ip -d link show on converged STP bridges', () => {
  it('runs the script to the end', () => {
    expect(details.stderr).not.toContain('failed');
    expect(details.status).toBe(0);
  });

  it("prints br1's and b2's STP fields as iproute2 6.1 printed the kernel's, timers aside", () => {
    const notes = oracleNotes(fixtureText('oracle/S6-stp-loop/notes.txt'));
    const kernel = (dev: string): string =>
      notes
        .filter((b) => b.command === `ip -n stp -d link show ${dev}`)
        .at(-1)!
        .output.join('\n');
    const expected = `${kernel('br1')}\n${kernel('b2')}\n`;
    expect(untimed(details.stdout.slice(-expected.length))).toBe(untimed(expected));
    expect(details.stdout).toContain(' root_port 1 root_path_cost 2 topology_change 1 topology_change_detected 0 ');
    expect(details.stdout).toContain(' bridge_slave state blocking priority 32 cost 2 ');
  });
});

describe('hoplab run: stp_state 0 on a converged STP bridge', () => {
  it('keeps b2 blocking until max age, then forwards it, as the kernel did (oracle S8-stp-stop-br1)', () => {
    expect(stopped.status).toBe(0);
    const poll = fixtureText('oracle/S8-stp-stop-br1/poll.txt').split('\n');
    const at = (t: number): string[] => poll.slice(poll.indexOf(`--- t=${t}s`) + 1).slice(0, 4);
    expect(stopped.stdout.split('\n').slice(-9, -1)).toEqual([...at(10), ...at(25)]);
  });
});

describe('hoplab run: stp_state 1 on running bridges', () => {
  it('keeps their ports forwarding and blocks b2 at the first hellos, as the kernel did (oracle S9-stp-start-running)', () => {
    expect(started.status, started.stderr).toBe(0);
    const poll = fixtureText('oracle/S9-stp-start-running/poll.txt').split('\n');
    expect(started.stdout.split('\n').slice(-5, -1)).toEqual(poll.slice(poll.indexOf('--- t=3s') + 1).slice(0, 4));
  });
});
