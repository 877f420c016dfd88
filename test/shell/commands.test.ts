import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '../../src/shell/ifconfig.js';
import { normalise, outputs, runScript } from './harness.js';

/** Each line's output (stderr prefixed `2> `), and the failed lines. */
function run(lines: string[]): { out: string[][]; failures: Array<{ line: number; status: number }>; t: number[] } {
  const { events, runner } = runScript(lines.join('\n'), 'lab.sh');
  const o = outputs(events);
  return { out: o.map((l) => l.lines.map(normalise)), failures: runner.failures, t: o.map((l) => events[l.seq - 1]!.t) };
}

const PAIR = ['ip netns add a', 'ip link add veth0 type veth peer name veth1', 'ip link set veth1 netns a'];

describe("what Linux refuses, in Linux's words, on stderr; the script goes on", () => {
  it('names the missing device, namespace or existing object', () => {
    const { out, failures } = run([
      'ip link set veth9 up',
      ...PAIR,
      'ip link add veth0 type veth peer name x',
      'ip netns add a',
      'ip netns delete b',
      'ip netns exec b ip link',
      'ip -n b link',
      'ip link set veth0 netns b',
      'ip link set veth0 master nobr',
      'ip link show veth9',
      'ip addr add 10.0.0.1/24 dev veth0',
      'ip addr add 10.0.0.1/24 dev veth0',
      'ip addr del 10.9.9.9/24 dev veth0',
      'ip route add 10.5.0.0/16 via 10.9.9.9',
      'ip route add 10.0.0.0/24 dev veth0',
      'ip route del 10.7.0.0/16',
      'ip route add 10.0.0.1/24 dev veth0',
      'ip link set lo netns a',
      'ip foo',
      'ip link foo',
      'ifconfig veth9 10.0.0.1/24 up',
      'iptables -L FOO',
      'ip link set veth0 up',
      'ip route add 10.0.0.0/24 dev veth0',
      'ip link show',
    ]);
    expect(out.slice(0, 1).concat(out.slice(4, 20))).toEqual([
      ['2> Cannot find device "veth9"'],
      ['2> RTNETLINK answers: File exists'],
      ['2> Cannot create namespace file "/run/netns/a": File exists'],
      ['2> Cannot remove namespace file "/run/netns/b": No such file or directory'],
      ['2> Cannot open network namespace "b": No such file or directory'],
      ['2> Cannot open network namespace "b": No such file or directory'],
      ['2> Error: argument "b" is wrong: Invalid "netns" value', '2> '],
      ['2> Error: argument "nobr" is wrong: Device does not exist', '2> '],
      ['2> Device "veth9" does not exist.'],
      [],
      ['2> Error: ipv4: Address already assigned.'],
      ['2> Error: ipv4: Address not found.'],
      ['2> Error: Nexthop has invalid gateway.'],
      ['2> Error: Device for nexthop is not up.'],
      ['2> RTNETLINK answers: No such process'],
      ['2> Error: Invalid prefix for given prefix length.'],
      ['2> RTNETLINK answers: Invalid argument'],
    ]);
    expect(out.slice(20, 24)).toEqual([
      ['2> Object "foo" is unknown, try "ip help".'],
      ['2> Command "foo" is unknown, try "ip link help".'],
      ['2> SIOCSIFADDR: No such device'],
      ['2> iptables: No chain/target/match by that name.'],
    ]);
    // With veth0 up its address brings the connected route, so the same route is refused as existing.
    expect(out[25]).toEqual(['2> RTNETLINK answers: File exists']);
    // Every refused line failed; the last line still ran.
    expect(failures.map((f) => f.line)).toEqual([1, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26]);
    expect(out[26]!.length).toBeGreaterThan(0);
  });

  it('resolves localhost and nothing else, as a namespace without DNS does', () => {
    const { out, failures } = run(['ip link set lo up', 'ping -c 1 nowhere.example', 'ping -c 1 localhost']);
    expect(out[1]).toEqual(['2> ping: nowhere.example: Name or service not known']);
    expect(out[2]!.slice(0, 2)).toEqual([
      'PING localhost (127.0.0.1) 56(84) bytes of data.',
      '64 bytes from localhost (127.0.0.1): icmp_seq=1 ttl=64 time=T ms',
    ]);
    expect(failures).toEqual([{ line: 2, status: 2 }]);
  });

  it('says FILE:LINE on stderr for what hoplab does not emulate', () => {
    const { out, failures } = run([
      'ss -tln',
      'ip link | grep veth',
      'ip -s -s link show',
      'iptables -A INPUT -j DROP',
      'ip link add d0 type dummy',
      'ping -f 10.0.0.1',
    ]);
    expect(out.map((o) => o[0]!.replace(/ \(.*$/, ''))).toEqual([
      "2> lab.sh:1: hoplab does not emulate 'ss'",
      "2> lab.sh:2: hoplab runs one simple command per line; it does not interpret '|'",
      '2> lab.sh:3: hoplab does not support ip -s -s: it prints the packet and byte counters of one -s',
      '2> lab.sh:4: hoplab has no packet filter: iptables -A is not supported',
      "2> lab.sh:5: hoplab makes veth and bridge devices, not 'dummy'",
      "2> lab.sh:6: ping: unsupported option '-f'",
    ]);
    expect(failures.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('configuring namespaces', () => {
  it('gives an ifconfig address a broadcast and a classful prefix, replaces it, and brings the interface up', () => {
    const { out } = run([
      ...PAIR,
      'ifconfig veth0 10.1.1.1/24 up',
      'ip addr show veth0',
      'ifconfig veth0 172.16.0.1',
      'ip addr show veth0',
      'ip route show',
      'ip route get 172.16.9.9',
    ]);
    expect(out[4]).toEqual([
      '3: veth0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000',
      '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns a',
      '    inet 10.1.1.1/24 brd 10.1.1.255 scope global veth0',
      '       valid_lft forever preferred_lft forever',
    ]);
    expect(out[6]![2]).toBe('    inet 172.16.0.1/16 brd 172.16.255.255 scope global veth0');
    // No carrier (veth1 is down in a): the kernel marks the route linkdown, and still uses it.
    expect(out[7]).toEqual(['172.16.0.0/16 dev veth0 proto kernel scope link src 172.16.0.1 linkdown ']);
    expect(out[8]).toEqual(['172.16.9.9 dev veth0 src 172.16.0.1 uid 0 ', '    cache ']);
  });

  it('numbers devices per namespace, keeps an ifindex across a move when it is free, and gives namespaces ids', () => {
    const { out } = run([
      'ip netns add a',
      'ip link add x0 type veth peer name x1',
      'ip -n a link add y0 type veth peer name y1',
      'ip link set x1 netns a',
      'ip -n a link show',
      'ip netns list',
      'ip netns exec a ip netns list',
    ]);
    // In a: lo 1, y1 2 (the peer first), y0 3; x1 was 2 in root, taken in a, so it gets the next free: 4.
    expect(out[4]!.filter((l) => /^\d/.test(l)).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      '1: lo',
      '2: y1@y0',
      '3: y0@y1',
      '4: x1@if3',
    ]);
    expect(out[5]).toEqual(['a (id: 0)']);
    expect(out[6]).toEqual(['a']);
  });

  it('deletes a namespace with its veth pairs, the far ends included', () => {
    const { out } = run([...PAIR, 'ip netns delete a', 'ip link show', 'ip netns list']);
    expect(out[4]!.length).toBe(2);
    expect(out[5]).toEqual([]);
  });

  it('reads ifconfig lines without a network, for a fold over recorded commands', () => {
    expect(parseIfconfig(['veth0', '10.1.1.1/24', 'up'])).toEqual({
      dev: 'veth0',
      cidr: { address: 0x0a010101, prefixLength: 24 },
      up: true,
    });
    expect(parseIfconfig(['eth0', '192.168.1.5', 'netmask', '255.255.0.0'])).toEqual({
      dev: 'eth0',
      cidr: { address: 0xc0a80105, prefixLength: 16 },
      up: true,
    });
    expect(parseIfconfig(['eth0', 'down'])).toEqual({ dev: 'eth0', up: false });
    expect(parseIfconfig(['eth0', 'mtu', '9000'])).toMatchObject({ supported: false });
  });

  it("releases a port with nomaster: it is the namespace's interface again, up as it was, and no longer a bridge port", () => {
    const { out } = run([
      'ip link add br0 type bridge',
      'ip link add p1 type veth peer name q1',
      'ip link set p1 master br0',
      'ip link set p1 up',
      'ip link set q1 up',
      'bridge link show',
      'ip link set br0 up',
      'bridge link show',
      'ip link set p1 nomaster',
      'bridge link show',
      'ip link show p1',
      'ip addr add 10.0.0.1/24 dev p1',
      'ip route show',
    ]);
    // A port forwards only once its bridge is up too.
    expect(out[5]).toEqual(['4: p1@q1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state disabled priority 32 cost 2 ']);
    expect(out[7]).toEqual(['4: p1@q1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 ']);
    expect(out[9]).toEqual([]);
    expect(out[10]![0]).toBe(
      '4: p1@q1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
    );
    expect(out[12]).toEqual(['10.0.0.0/24 dev p1 proto kernel scope link src 10.0.0.1 ']);
  });

  it('sets forwarding with sysctl and reads it back', () => {
    const { out } = run([
      'sysctl -w net.ipv4.ip_forward=1',
      'sysctl net.ipv4.ip_forward',
      'sysctl -w net.ipv4.conf.all.forwarding=0',
      'sysctl net.ipv4.ip_forward',
    ]);
    expect(out).toEqual([
      ['net.ipv4.ip_forward = 1'],
      ['net.ipv4.ip_forward = 1'],
      ['net.ipv4.conf.all.forwarding = 0'],
      ['net.ipv4.ip_forward = 0'],
    ]);
  });

  it("lists the nat table's four chains", () => {
    const { out } = run(['iptables -t nat -L -n']);
    expect(out[0]!.filter((l) => l.startsWith('Chain'))).toEqual(
      ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'].map((c) => `Chain ${c} (policy ACCEPT)`),
    );
  });
});

describe('time', () => {
  it('runs each line when the one before has finished: a ping takes its seconds, sleep lets time pass', () => {
    const { t, out } = run(['ip link set lo up', 'ping -c 3 127.0.0.1', 'echo after', 'sleep 1.5', 'echo later']);
    // Each reply over lo comes within the millisecond, so ping waits out its receive timeout on the timer wheel.
    expect(t.map((ns) => Math.round(ns / 1e6))).toEqual([0, 0, 2049, 2049, 3549]);
    expect(out[2]).toEqual(['after']);
  });

  it("accepts ping's clustered options, as getopt does", () => {
    const { out, failures } = run(['ip link set lo up', 'ping -c1 -W1 127.0.0.1']);
    expect(out[1]![0]).toBe('PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.');
    expect(failures).toEqual([]);
  });
});
