import { describe, expect, it } from 'vitest';
import { fixtureText } from '../helpers/fixtures.js';
import { outputs, runScript } from './harness.js';

// Oracle S7 (run-oracle-s7.sh, kernel 6.18): S6 converged, then the root port's
// veth b1 goes down. Its peer a1 loses carrier, b2 (blocking) becomes br1's root
// port at once: listening, learning after 15 s, forwarding after 30 s. The polls at
// the 15 s and 30 s boundaries are left out (the kernel's timers fire a little late).
const POLLS = [5, 10, 20, 25, 35, 40];

function oraclePoll(t: number): string[] {
  const text = fixtureText('oracle/S7-stp-failover/poll.txt');
  return text
    .slice(text.indexOf(`--- t=${t}s\n`))
    .split('\n')
    .slice(1, 5);
}

describe('the root port goes down (oracle S7) through the script front end', () => {
  const { events, runner } = runScript(fixtureText('stp-failover.sh'), 'stp-failover.sh');
  const shows = outputs(events).filter((o) => o.command === 'bridge link show');
  // The first six polls are S6's; the failover's eight follow.
  const after = shows.slice(6);

  it('runs every line', () => {
    expect(runner.failures).toEqual([]);
    expect(after).toHaveLength(8);
  });

  it.each(POLLS)('`bridge link show` %i s after b1 went down prints what the kernel printed', (t) => {
    expect(after[t / 5 - 1]!.lines).toEqual(oraclePoll(t));
  });
});
