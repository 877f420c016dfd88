import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, REPO, hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';
import { normalise, oracleNotes } from '../shell/harness.js';

// Issue 18 item 4, through the real CLI: `hoplab run` on test/fixtures/addresses.sh,
// the oracle's A1-addresses (run-oracle-a1.sh) as a script: primary and secondary
// addresses (their order, the `secondary` flag, a primary's deletion taking its
// secondaries and their route with promote_secondaries=0), a bridge whose last port
// leaves taking 00:00:00:00:00:00, and the state of a veth whose peer is down
// (default_operstate in 6.18: LOWERLAYERDOWN only when the device this namespace
// numbers like the peer has no carrier).

const SCRIPT = fixtureText('addresses.sh').trimEnd().split('\n');
/** The oracle's commands the script runs too (not its sysctl and local table checks), with what Linux printed. */
const CHECKED = oracleNotes(fixtureText('oracle/A1-addresses/notes.txt')).filter((b) => SCRIPT.includes(b.command));
let run: CliResult;

beforeAll(() => {
  run = hoplab(['run', join(REPO, 'test/fixtures/addresses.sh'), '-o', join(tempDir(), 'addresses.db')]);
});

/** Non-empty lines, MACs aside; without IPv6's lines (hoplab has no IPv6: the oracle's link-local address and its lifetimes). */
function lines(text: string): string[] {
  const out: string[] = [];
  let skipLifetime = false;
  for (const l of normalise(text).split('\n')) {
    if (l.startsWith('    inet6 ')) skipLifetime = true;
    else if (skipLifetime && l.startsWith('       valid_lft')) skipLifetime = false;
    else if (l !== '') out.push(l);
  }
  return out;
}

/** What Linux printed for the commands whose line in the script matches `pattern`. */
const linux = (pattern: RegExp): string[] =>
  lines(
    CHECKED.filter((b) => pattern.test(b.command))
      .flatMap((b) => b.output)
      .join('\n'),
  );

describe('addresses, a bridge MAC and veth states as the kernel keeps them (Linux 6.18, oracle A1-addresses)', () => {
  it('runs every oracle command but the sysctl and the local table, each succeeding as on Linux', () => {
    expect(CHECKED.length).toBeGreaterThan(50);
    expect(CHECKED.every((b) => b.status === 0)).toBe(true);
    expect(run.status).toBe(0);
  });

  it('prints what Linux printed, line for line', () => {
    expect(lines(run.stdout)).toEqual(linux(/./));
  });

  it('lists secondaries after the primaries and deletes a primary with its secondaries and their route', () => {
    const out = lines(run.stdout);
    expect(out).toContain('    inet 10.0.9.2/24 scope global secondary eth0');
    expect(out.filter((l) => l.startsWith('    inet ')).slice(0, 5)).toEqual([
      '    inet 10.0.9.1/24 scope global eth0',
      '    inet 10.0.10.1/24 scope global eth0',
      '    inet 10.0.9.2/24 scope global secondary eth0',
      '    inet 10.0.9.3/24 scope global secondary eth0',
      '    inet 10.0.10.2/24 scope global secondary eth0',
    ]);
    // route show after the adds, after the secondary's deletion, after the primary's (10.0.9.3 went with it), after the last.
    expect(out.filter((l) => / proto kernel scope link src /.test(l))).toEqual([
      '10.0.9.0/24 dev eth0 proto kernel scope link src 10.0.9.1 ',
      '10.0.10.0/24 dev eth0 proto kernel scope link src 10.0.10.1 ',
      '10.0.9.0/24 dev eth0 proto kernel scope link src 10.0.9.1 ',
      '10.0.10.0/24 dev eth0 proto kernel scope link src 10.0.10.1 ',
      '10.0.10.0/24 dev eth0 proto kernel scope link src 10.0.10.1 ',
    ]);
    expect(out).not.toContain('    inet 10.0.9.3/24 scope global eth0');
  });

  it('gives a bridge without ports the zero MAC, and a veth whose peer is elsewhere DOWN', () => {
    expect(run.stdout).toContain('    link/ether 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff\n');
    expect(run.stdout).toContain('2: eth0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT');
    expect(run.stdout).toContain('3: eth1@if5: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT');
    expect(run.stdout).toContain('3: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN');
  });

  it('folds a primary added after secondaries into the place the kernel gives it, as ip addr lists it', () => {
    const db = join(tempDir(), 'primary-late.db');
    const script = [
      'ip netns add a',
      'ip netns add b',
      'ip -n a link add eth0 type veth peer name eth0 netns b',
      'ip -n a addr add 10.0.9.1/24 dev eth0',
      'ip -n a addr add 10.0.9.2/24 dev eth0',
      'ip -n a addr add 10.0.11.1/24 dev eth0',
      'ip -n a addr show dev eth0',
    ].join('\n');
    const shown = hoplab(['run', '-', '-o', db], { input: script });
    expect(shown.stdout.split('\n').filter((l) => l.startsWith('    inet '))).toEqual([
      '    inet 10.0.9.1/24 scope global eth0',
      '    inet 10.0.11.1/24 scope global eth0',
      '    inet 10.0.9.2/24 scope global secondary eth0',
    ]);
    // The recording's last event, from the message an --at past it gets.
    const end = /last event \(#(\d+)\)/.exec(hoplab(['state', db, '--at', '999999']).stderr)![1]!;
    const state = hoplab(['state', db, '--at', end, '--node', 'a', '--json']);
    expect(JSON.parse(state.stdout).nodes.a.ports.eth0.addresses).toEqual(['10.0.9.1/24', '10.0.11.1/24', '10.0.9.2/24']);
  });
});
