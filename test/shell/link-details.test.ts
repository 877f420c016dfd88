import { describe, expect, it } from 'vitest';
import { fixtureText } from '../helpers/fixtures.js';
import { type LineOutput, oracleNotes, outputs, runScript } from './harness.js';

// `ip -d link show` of S6's bridges and ports, against what iproute2 6.1 printed
// on kernel 6.18 (oracle/S6-stp-loop/notes.txt): before the bridges come up (no
// timer runs, so every byte must match) and after convergence, 35.32 s after they
// came up (the oracle's gc_timer 264.78 dates its commands: 300.1 - 264.78).
const S6 = fixtureText('stp-2-bridges.sh');
const ENSLAVED = 'ip -n stp link set b2 master br1\n';
const SCRIPT = `${S6.replace(ENSLAVED, `${ENSLAVED}ip -n stp -d link show br0\nip -n stp -d link show br1\n`)}sleep 0.32
${['br0', 'br1', 'a1', 'a2', 'b1', 'b2'].map((d) => `ip -n stp -d link show ${d}`).join('\n')}
`;

const oracle = oracleNotes(fixtureText('oracle/S6-stp-loop/notes.txt'));
const { events, runner } = runScript(SCRIPT, 'stp-details.sh');
const shown = outputs(events).filter((o) => o.command.includes(' -d link show'));

/** The oracle's output of a command: the first (before the bridges are up) or the last time it ran. */
function kernel(command: string, which: 'first' | 'last'): string[] {
  const runs = oracle.filter((b) => b.command === command);
  const run = which === 'first' ? runs[0]! : runs.at(-1)!;
  return run.output;
}

/** Timers are where two runs differ (the kernel's fire a little late); the rest must not. */
const untimed = (lines: string[]): string[] => lines.map((l) => l.replace(/(_timer) +\d+\.\d\d /g, '$1 T '));

function timer(o: LineOutput, name: string): number {
  const m = new RegExp(` ${name} +(\\d+\\.\\d\\d) `).exec(o.lines.join('\n'));
  return Number(m![1]);
}

describe('ip -d link show, as iproute2 6.1 prints a Linux bridge', () => {
  it('runs every line', () => {
    expect(runner.failures).toEqual([]);
    expect(shown).toHaveLength(8);
  });

  it.each([0, 1])('before the bridges are up, prints br%i byte for byte as the kernel did', (i) => {
    expect(shown[i]!.lines).toEqual(kernel(`ip -n stp -d link show br${i}`, 'first'));
  });

  it.each([
    [2, 'br0'],
    [3, 'br1'],
    [4, 'a1'],
    [5, 'a2'],
    [6, 'b1'],
    [7, 'b2'],
  ])('after convergence, prints %s as the kernel did, timers aside', (i, dev) => {
    const ours = shown[i as number]!;
    // The command event names the namespace as its node, and the command without `-n`.
    expect([ours.node, ours.command.trim()]).toEqual(['stp', `ip -d link show ${dev}`]);
    expect(untimed(ours.lines)).toEqual(untimed(kernel(`ip -n stp -d link show ${dev}`, 'last')));
  });

  it("reads the timers off hoplab's own clock: the gc, the root's hello and topology change, a port's message age", () => {
    const [br0, br1, a1, , b1] = shown.slice(2);
    // gc_work: 0.1 s after the bridge came up, then every ageing time (300 s): the kernel's value.
    expect(timer(br0!, 'gc_timer')).toBe(264.78);
    // br0's hellos fall 0.4 s past each second (the kernel's round_jiffies), every 2 s: 36.4 is next.
    expect(timer(br0!, 'hello_timer')).toBe(1.08);
    // The topology change began when the ports forwarded, at 30 s, for forward delay + max age (35 s).
    expect(timer(br0!, 'topology_change_timer')).toBe(29.68);
    expect(timer(br1!, 'hello_timer')).toBe(0);
    // b1 last heard br0 at 34.4 s: its information lasts max age (20 s) from then.
    expect(timer(b1!, 'message_age_timer')).toBeCloseTo(19.08, 1);
    // a1 sent at 34.4 s; the hold timer (1 s, rounded to the kernel's second) ran out at 35.4.
    expect(timer(a1!, 'hold_timer')).toBe(0.08);
  });
});

// The devices a script makes, without STP (oracle/D1-details, run-oracle-d1.sh):
// lo, veth pairs in one namespace and across two, a bridge before and after its
// first port, up, with an address. The kernel's run left IPv6 on: its inet6
// lines are not hoplab's to print.
describe('ip -d link show of lo, veths and a bridge without STP', () => {
  const d1 = oracleNotes(fixtureText('oracle/D1-details/notes.txt'));
  const script = [
    'ip netns add s17d',
    'ip netns add s17e',
    'ip -n s17d -d link show lo',
    'ip -n s17d link set lo up',
    'ip -n s17d -d link show lo',
    'ip -n s17d link add v1 type veth peer name v2',
    'ip -n s17d -d link show v1',
    'ip -n s17d link add x1 type veth peer name x2 netns s17e',
    'ip -n s17d -d link show x1',
    'ip -n s17d link add br0 type bridge',
    'ip -n s17d -d link show br0',
    'ip -n s17d link set v1 address 02:00:00:00:0c:01',
    'ip -n s17d link set v1 master br0',
    'ip -n s17d -d link show br0',
    'ip -n s17d -d link show v1',
    'ip -n s17d link set v1 up',
    'ip -n s17d link set v2 up',
    'ip -n s17d link set br0 up',
    'sleep 1',
    'ip -n s17d -d link show br0',
    'ip -n s17d -d link show v1',
    'ip -n s17d -d link show v2',
    'ip -n s17d -details link show v1',
    'ip -n s17d -d link show dev v1',
    'ip -n s17d -d addr show v2',
    'ip -n s17d addr add 10.0.0.1/24 dev br0',
    'ip -n s17d -d addr show br0',
    'ip -n s17d -d link',
  ].join('\n');
  const { events, runner } = runScript(`${script}\n`, 'details.sh');
  const ours = outputs(events).filter((o) => / -d(etails)? /.test(o.command));
  // Random MACs (the kernel's and hoplab's differ), not the fixed, broadcast, zero or group ones.
  const fixed = /^(02:00|ff:ff|00:00|01:80)/;
  const anyMac = (lines: string[]): string[] =>
    untimed(lines).map((l) => l.replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, (m) => (fixed.test(m) ? m : 'MAC')));

  it('runs every line', () => {
    expect(runner.failures).toEqual([]);
    expect(ours).toHaveLength(d1.length);
  });

  it.each(d1.map((b, i) => [b.command, i] as const))('%s', (_command, i) => {
    const inet6 = (l: string | undefined): boolean => l !== undefined && /^\s+inet6 /.test(l);
    const kernelLines = d1[i]!.output.filter((l, k, all) => !inet6(l) && !(l.includes('valid_lft') && inet6(all[k - 1])));
    expect(anyMac(ours[i]!.lines)).toEqual(anyMac(kernelLines));
  });

  it('times a port without STP as the kernel does: the forward delay timer runs out after 15 s, doing nothing', () => {
    const v1 = ours.find((o) => o.command.trim() === 'ip -d link show v1' && o.lines[0]!.includes('UP'))!;
    expect(v1.lines.join('\n')).toContain(' state forwarding ');
    expect(v1.lines.join('\n')).toContain(' forward_delay_timer   14.00 ');
  });
});
