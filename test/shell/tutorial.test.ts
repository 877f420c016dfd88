import { beforeAll, describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { normalise, oracleNotes, outputs, runScript, type LineOutput } from './harness.js';
import { fixtureText } from '../helpers/fixtures.js';

// The tutorial's own sequence (test/fixtures/tutorial.sh, a copy of the
// tutorial's script), run top to bottom; each section's printed output is
// checked against what iproute2 6.1, iputils 20221126, net-tools and iptables
// print, taken from the oracle's notes.txt where it ran the same command.
// MACs and round-trip times aside.

let events: SimEvent[];
let lines: LineOutput[];
let failures: Array<{ line: number; status: number }>;
const S1 = oracleNotes(fixtureText('oracle/S1-veth-pair/notes.txt'));
const S2 = oracleNotes(fixtureText('oracle/S2-bridge-3-hosts/notes.txt'));

beforeAll(() => {
  const result = runScript(fixtureText('tutorial.sh'), 'tutorial.sh');
  events = result.events;
  lines = outputs(events);
  failures = result.runner.failures;
});

/** The output of the n-th line (0-based among those) that ran `command` in `node`. */
function printed(node: string, command: string, n = 0): string {
  const matching = lines.filter((l) => l.node === node && l.command === command);
  expect(matching.length, `${node}$ ${command}`).toBeGreaterThan(n);
  return normalise(matching[n]!.lines.join('\n'));
}

function oracle(notes: typeof S1, command: string, n = 0): string {
  return normalise(notes.filter((b) => b.command === command)[n]!.output.join('\n'));
}

const LO_UP = [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
];

describe('the tutorial, top to bottom', () => {
  it('runs every line, and only the pings Linux refuses fail', () => {
    expect(lines.length).toBe(
      fixtureText('tutorial.sh')
        .split('\n')
        .filter((l) => l.trim() && !l.trim().startsWith('#')).length,
    );
    // Lines 13 and 14 ping before lo is up, line 40 pings an address with no route: ping exits 2.
    expect(failures).toEqual([
      { line: 13, status: 2 },
      { line: 14, status: 2 },
      { line: 40, status: 2 },
    ]);
  });

  it('starts from a booted root namespace: lo up, no named namespaces', () => {
    expect(printed('root', 'ip link list')).toBe(LO_UP.join('\n'));
    expect(printed('root', 'ip netns list')).toBe('');
  });

  it('makes a fresh namespace exactly as the kernel does: only lo, down', () => {
    expect(printed('root', 'ip netns list', 1)).toBe('netns1');
    expect(printed('netns1', 'ip link list')).toBe(oracle(S1, 'ip netns exec nsB ip link list'));
  });

  it("cannot ping before lo is up, by name or by address, with ping's own message on stderr", () => {
    const refused = oracle(S1, 'ip netns exec nsB ping -c1 -W1 127.0.0.1');
    expect(refused).toBe('ping: connect: Network is unreachable');
    expect(printed('netns1', 'ping -c 1 localhost')).toBe(`2> ${refused}`);
    expect(printed('netns1', 'ping -c 1 127.0.0.1')).toBe(`2> ${refused}`);
  });

  it('answers on lo once it is up, naming localhost as iputils does', () => {
    expect(printed('netns1', 'ping -c 1 localhost', 1)).toBe(
      [
        'PING localhost (127.0.0.1) 56(84) bytes of data.',
        '64 bytes from localhost (127.0.0.1): icmp_seq=1 ttl=64 time=T ms',
        '',
        '--- localhost ping statistics ---',
        '1 packets transmitted, 1 received, 0% packet loss, time Tms',
        'rtt min/avg/max/mdev = R ms',
      ].join('\n'),
    );
  });

  it('forgets a deleted namespace', () => {
    expect(printed('root', 'ip netns list', 2)).toBe('');
  });

  it('lists a new veth pair in the root namespace, peer first, each end naming the other', () => {
    expect(printed('root', 'ip link list', 1)).toBe(
      [
        ...LO_UP,
        '2: veth1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff',
        '3: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff',
      ].join('\n'),
    );
    expect(printed('netns1', 'ip link list', 1)).toBe(oracle(S1, 'ip netns exec nsB ip link list'));
  });

  it('shows the moved end as veth1@if3 in netns1 and veth0@if2 with link-netns netns1 in root', () => {
    expect(printed('root', 'ip link list', 2)).toBe(
      [
        ...LO_UP,
        '3: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns netns1',
      ].join('\n'),
    );
    expect(printed('netns1', 'ip link list', 2)).toBe(
      [
        '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '2: veth1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      ].join('\n'),
    );
    // The same form as the oracle's split pair (veth0@if2 ... link-netns nsB), and the MACs follow the devices.
    expect(oracle(S1, 'ip netns exec nsA ip link list').split('\n')[2]).toMatch(
      /^2: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT/,
    );
    const macOf = (n: number): string =>
      lines
        .filter((l) => l.node === 'root' && l.command === 'ip link list')
        [n]!.lines.join('\n')
        .match(/veth0@\S+ [^\n]*\n\s+link\/ether (\S+)/)![1]!;
    expect(macOf(2)).toBe(macOf(1));
    expect(macOf(3)).toBe(macOf(1));
  });

  it('pings both ways once both ends have addresses and are up', () => {
    const reply = (from: string): string =>
      [
        `PING ${from} (${from}) 56(84) bytes of data.`,
        `64 bytes from ${from}: icmp_seq=1 ttl=64 time=T ms`,
        '',
        `--- ${from} ping statistics ---`,
        '1 packets transmitted, 1 received, 0% packet loss, time Tms',
        'rtt min/avg/max/mdev = R ms',
      ].join('\n');
    expect(printed('root', 'ping -c 1 10.1.1.2')).toBe(reply('10.1.1.2'));
    expect(printed('netns1', 'ping -c 1 10.1.1.1')).toBe(reply('10.1.1.1'));
  });

  it('has no route out of netns1, and its own routing table and empty firewall', () => {
    expect(printed('netns1', 'ping -c 1 220.181.38.148')).toBe('2> ping: connect: Network is unreachable');
    expect(printed('netns1', 'route')).toBe(
      [
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
        '10.1.1.0        0.0.0.0         255.255.255.0   U     0      0        0 veth1',
      ].join('\n'),
    );
    const chain = (name: string): string[] => [
      `Chain ${name} (policy ACCEPT)`,
      'target     prot opt source               destination         ',
    ];
    expect(printed('netns1', 'iptables -L')).toBe([...chain('INPUT'), '', ...chain('FORWARD'), '', ...chain('OUTPUT')].join('\n'));
  });

  it('moves veth1 back to the root namespace with netns 1: down, without its address, its peer without carrier', () => {
    expect(printed('root', 'ip link list', 3)).toBe(
      [
        ...LO_UP,
        '2: veth1@veth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff',
        '3: veth0@veth1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff',
      ].join('\n'),
    );
    expect(printed('netns1', 'ip link list', 3)).toBe(oracle(S1, 'ip netns exec nsB ip link list'));
  });

  it("pings across the bridge as the oracle's h1 did, and lists its forwarding database the same way", () => {
    expect(printed('h1', 'ping -c 2 10.0.0.2')).toBe(oracle(S2, 'ip netns exec h1 ping -c 2 10.0.0.2'));
    const ports = { p1: 'h1-br', p2: 'h2-br', p3: 'h3-br' } as Record<string, string>;
    const fdb = oracle(S2, 'ip netns exec sw bridge fdb show', 1).replace(/dev (p\d)/g, (_, p: string) => `dev ${ports[p]}`);
    expect(printed('root', 'bridge fdb show br br0')).toBe(fdb);
  });

  it('still pings once the bridge floods like a hub (ageing_time 0)', () => {
    expect(printed('h1', 'ping -c 2 10.0.0.2', 1)).toBe(oracle(S2, 'ip netns exec h1 ping -c 2 10.0.0.2'));
  });

  it('records every line as a command event in the namespace it ran in, before what it caused', () => {
    const commands = events.filter((e) => e.kind === 'command');
    expect(commands[0]).toMatchObject({ node: 'root', text: 'ip link list', why: 'line 6 of tutorial.sh runs `ip link list`' });
    const move = commands.find((e) => e.text === 'ip link set veth1 netns netns1')!;
    const after = events.filter((e) => e.cause === move.seq);
    // The interface leaves root's stack and arrives in netns1's (configuration events), then the kernel's link lines.
    expect(after.map((e) => [e.kind, e.node, e.port, e.state ?? e.config?.change])).toEqual([
      ['config', 'root', 'veth1', 'dellink'],
      ['config', 'netns1', 'veth1', 'newlink'],
      ['link', 'root', 'veth1', 'down'],
      ['link', 'netns1', 'veth1', 'down'],
    ]);
    expect(commands.find((e) => e.text === 'ifconfig veth1 10.1.1.2/24 up')!.node).toBe('netns1');
  });
});
