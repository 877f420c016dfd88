import { describe, expect, it } from 'vitest';
import type { LearningBridge } from '../../src/devices/learning-bridge.js';
import type { SpanningTree } from '../../src/devices/spanning-tree.js';
import { fixtureText } from '../helpers/fixtures.js';
import { outputs, runScript } from './harness.js';

// The oracle's S6 (run-oracle.sh) as the tutorial's commands: STP turned on with
// `ip link set BR type bridge stp_state 1`, the ports given the oracle's MACs with
// `ip link set X address`, `bridge link show` before the bridges come up and then
// at 5, 10, 20, 25 and 35 s (the 15 s and 30 s polls are left out: the kernel's
// timers fire a little late there, hoplab's exactly on time).
const SCRIPT = fixtureText('stp-2-bridges.sh');

function oraclePoll(t: number): string[] {
  const text = fixtureText('oracle/S6-stp-loop/stp-poll.txt');
  const at = text.indexOf(`--- t=${t}s\n`);
  return text.slice(at).split('\n').slice(1, 5);
}

describe('S6 through the script front end', () => {
  const { events, runner, run } = runScript(SCRIPT, 'stp-2-bridges.sh');
  const shows = outputs(events).filter((o) => o.command === 'bridge link show');

  it('runs every line', () => {
    expect(runner.failures).toEqual([]);
  });

  it('prints the ports disabled, priority 32, cost 2, before the bridges come up', () => {
    const notes = fixtureText('oracle/S6-stp-loop/notes.txt');
    const before = notes.slice(notes.indexOf('$ ip netns exec stp bridge link show\n')).split('\n').slice(1, 5);
    expect(shows[0]!.lines).toEqual(before);
  });

  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 25],
    [5, 35],
  ])('`bridge link show` #%i (t = %i s) prints what the kernel printed', (i, t) => {
    expect(shows[i]!.lines).toEqual(oraclePoll(t));
  });

  it('elects br0 (8000.020000000a01) root; br1 reaches it through b1 at cost 2', () => {
    const br1 = run.network.devices.get('br1') as LearningBridge;
    expect(br1.stp!.tree.describe()).toMatchObject({ bridgeId: '8000.020000000b01', root: '8000.020000000a01', rootPort: 'b1', cost: 2 });
  });
});

describe('bridge settings the kernel refuses, in its words', () => {
  const lines = (script: string): string[] => outputs(runScript(script).events).flatMap((o) => o.lines);
  const setup = 'ip link add br0 type bridge stp_state 1\nip link add v1 type veth peer name v2\nip link set v1 master br0\n';

  it.each([
    ['ip link set br0 type bridge hello_time 50', '2> RTNETLINK answers: Numerical result out of range'],
    ['ip link set br0 type bridge forward_delay 3001', '2> RTNETLINK answers: Numerical result out of range'],
    ['ip link set br0 type bridge max_age 599', '2> RTNETLINK answers: Numerical result out of range'],
    ['ip link set br0 type bridge priority 65536', '2> Error: argument "65536" is wrong: invalid priority'],
    ['bridge link set dev v1 cost 65536', '2> RTNETLINK answers: Numerical result out of range'],
    ['bridge link set dev v1 priority 64', '2> RTNETLINK answers: Numerical result out of range'],
  ])('%s', (line, message) => {
    expect(lines(`${setup}${line}\n`)).toEqual([message]);
  });

  it('takes a port cost and priority, which bridge link show prints', () => {
    const out = lines(`${setup}bridge link set dev v1 cost 100 priority 63\nbridge link show\n`);
    expect(out).toEqual(['4: v1@v2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 63 cost 100 ']);
  });

  it('a forward delay below 2 s is taken while STP is off, and clamped when it starts (br_stp_start)', () => {
    const { run } = runScript('ip link add br0 type bridge forward_delay 100\nip link set br0 type bridge stp_state 1\n');
    const br0 = run.network.devices.get('br0') as LearningBridge;
    expect((br0.stp!.tree as SpanningTree).bridgeForwardDelay).toBe(2e9);
  });
});
