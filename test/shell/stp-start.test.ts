import { describe, expect, it } from 'vitest';
import { fixtureText } from '../helpers/fixtures.js';
import { outputs, runScript } from './harness.js';

// `ip link set BR type bridge stp_state 1` on bridges that are up and forwarding
// already (oracle/S9-stp-start-running, run-oracle-s9.sh on 6.18): br_stp_start
// finds the kernel's tree running without STP, every port designated and
// forwarding, so nothing stops forwarding; the first hellos, a hello time later,
// block the one port that must block. No 30 s of listening and learning.
const NS = 'stpstart';
const SETUP = [
  `ip netns add ${NS}`,
  ...['br0', 'br1'].map((b) => `ip -n ${NS} link add ${b} type bridge`),
  `ip -n ${NS} link add a1 type veth peer name b1`,
  `ip -n ${NS} link add a2 type veth peer name b2`,
  ...['a1:0a:01', 'a2:0a:02', 'b1:0b:01', 'b2:0b:02'].map((x) => `ip -n ${NS} link set ${x.slice(0, 2)} address 02:00:00:00:${x.slice(3)}`),
  ...['a1 master br0', 'a2 master br0', 'b1 master br1', 'b2 master br1'].map((x) => `ip -n ${NS} link set ${x}`),
  ...['lo', 'a1', 'b1', 'a2', 'b2', 'br0', 'br1'].map((i) => `ip -n ${NS} link set ${i} up`),
  'sleep 2',
];
const SHOW = `ip netns exec ${NS} bridge link show`;
const POLLS = [1, 3, 5, 10, 20, 25, 35, 40];
const script = [
  ...SETUP,
  SHOW,
  `ip -n ${NS} link set br0 type bridge stp_state 1`,
  `ip -n ${NS} link set br1 type bridge stp_state 1`,
  SHOW,
  ...POLLS.flatMap((t, i) => [`sleep ${t - (POLLS[i - 1] ?? 0)}`, SHOW]),
].join('\n');

const poll = fixtureText('oracle/S9-stp-start-running/poll.txt').split('\n');
const kernel = (header: string): string[] => poll.slice(poll.indexOf(header) + 1).slice(0, 4);

describe('stp_state 1 on bridges that are up and forwarding', () => {
  const { events, runner } = runScript(`${script}\n`, 'stp-start.sh');
  const shows = outputs(events).filter((o) => o.command.trim() === 'bridge link show');

  it('runs every line', () => {
    expect(runner.failures).toEqual([]);
    expect(shows).toHaveLength(2 + POLLS.length);
  });

  it('prints the ports forwarding before, as the kernel did', () => {
    expect(shows[0]!.lines).toEqual(poll.slice(1, 5));
  });

  it.each([0, ...POLLS].map((t, i) => [t, i] as const))('`bridge link show` %i s after prints what the kernel printed', (t, i) => {
    expect(shows[i + 1]!.lines).toEqual(kernel(`--- t=${t}s`));
  });

  it('keeps every port forwarding, and blocks b2 at the first hello, 2 s later', () => {
    const start = events.find((e) => e.kind === 'command' && e.text?.includes('br1 type bridge stp_state 1'))!;
    const states = events
      .filter((e) => e.kind === 'stp' && e.port && e.t >= start.t)
      .map((e) => `${(e.t - start.t) / 1e9} ${e.node}:${e.port} ${e.state}`);
    expect(states.filter((s) => !s.endsWith('forwarding'))).toEqual([expect.stringMatching(/^2\.\d+ br1:b2 blocking$/)]);
    const started = events.find((e) => e.kind === 'stp' && e.node === 'br0' && e.t === start.t && !e.port)!;
    expect(started.why).toMatch(/^br0 runs the spanning tree \(stp_state 1\) while it is up: its ports keep their states/);
  });
});
