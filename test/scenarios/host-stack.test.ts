import { describe, expect, it } from 'vitest';
import { appLines, runYaml } from '../helpers/run-topology.js';

const pair = (scenario: string, extra = ''): string => `
nodes:
  a: { kind: host, ${extra} interfaces: { eth0: { ip: 10.0.0.1/24, mac: 02:00:00:00:00:01 } } }
  b: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24, mac: 02:00:00:00:00:02 } } }
links: [[a:eth0, b:eth0]]
scenario:
${scenario}
limits: { until: 20s }
`;

describe('a namespace stack behaves as Linux does', () => {
  it('with lo DOWN (a fresh namespace), ping 127.0.0.1 says Network is unreachable and sends nothing', () => {
    const { events } = runYaml(pair('  - { at: 0s, on: a, run: ping -c 1 127.0.0.1 }'));
    expect(appLines(events, 'a')).toEqual(['ping: connect: Network is unreachable']);
    expect(events.filter((e) => e.kind === 'tx')).toHaveLength(0);
  });

  it('after lo is up, ping 127.0.0.1 answers without touching a wire', () => {
    const { events } = runYaml(pair('  - { at: 0s, on: a, run: ip link set lo up }\n  - { at: 1s, on: a, run: ping -c 1 127.0.0.1 }'));
    const lines = appLines(events, 'a');
    expect(lines[0]).toBe('PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.');
    expect(lines[1]).toMatch(/^64 bytes from 127\.0\.0\.1: icmp_seq=1 ttl=64 time=/);
    expect(events.filter((e) => e.kind === 'tx')).toHaveLength(0);
  });

  it('no route: ping says Network is unreachable and nothing goes on the wire', () => {
    const { events } = runYaml(pair('  - { at: 0s, on: a, run: ping -c 1 -W 1 8.8.8.8 }'));
    expect(appLines(events, 'a')).toEqual(['ping: connect: Network is unreachable']);
    expect(events.filter((e) => e.kind === 'tx')).toHaveLength(0);
  });

  it('an unowned on-link address: three broadcast ARP requests on the timer wheel, then Destination Host Unreachable (oracle S5)', () => {
    // The oracle's h1 had lo up: with lo down the error, sent to a itself, would be lost (oracle L1-lo-down).
    const { events } = runYaml(pair('  - { at: 0s, on: a, run: ping -c 3 10.0.0.77 }', 'lo: up,'));
    const arp = events.filter((e) => e.kind === 'tx' && e.node === 'a');
    // retrans_time's 1 s fires on the wheel's next 32 ms tick: 1.024 s apart from time 0 (the oracle's: 1.032, 1.024).
    expect(arp.map((e) => e.t)).toEqual([0, 1.024e9, 2.048e9]);
    expect(arp.every((e) => e.bytes!.length === 42 && e.bytes![0] === 0xff)).toBe(true);
    const failed = events.find((e) => e.kind === 'neigh' && e.state === 'FAILED')!;
    expect(failed.t).toBe(3.072e9);
    expect(appLines(events, 'a')).toEqual([
      'PING 10.0.0.77 (10.0.0.77) 56(84) bytes of data.',
      'From 10.0.0.1 icmp_seq=1 Destination Host Unreachable',
      'From 10.0.0.1 icmp_seq=2 Destination Host Unreachable',
      'From 10.0.0.1 icmp_seq=3 Destination Host Unreachable',
      '',
      '--- 10.0.0.77 ping statistics ---',
      '3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2049ms',
      'pipe 3',
    ]);
    expect(events.filter((e) => e.kind === 'drop' && e.reason === 'arp-failed')).toHaveLength(3);
  });

  it('a frame for another MAC is dropped as not-for-me, and the why names both MACs', () => {
    const { events } = runYaml(pair('  - { at: 0s, on: a, run: send eth0 --dst 02:00:00:00:00:99 --payload hi }'));
    const drop = events.find((e) => e.kind === 'drop')!;
    expect(drop.node).toBe('b');
    expect(drop.reason).toBe('not-for-me');
    expect(drop.why).toBe('b ignores the frame: it is for 02:00:00:00:00:99, and b is 02:00:00:00:00:02');
  });

  it('a peer whose interface is down gives no carrier: the frame is dropped link-down at the sender', () => {
    const { events } = runYaml(
      pair('  - { at: 0s, on: b, run: ip link set eth0 down }\n  - { at: 1s, on: a, run: send eth0 --dst ff:ff:ff:ff:ff:ff }'),
    );
    const drop = events.find((e) => e.kind === 'drop')!;
    expect([drop.node, drop.port, drop.reason]).toEqual(['a', 'eth0', 'link-down']);
    expect(events.filter((e) => e.kind === 'tx')).toHaveLength(0);
  });

  it('the drop-tail queue holds `queue` frames behind the one on the wire; the rest are dropped queue-full', () => {
    const yaml = `
nodes:
  a: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  b: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
links: [{ ends: [a:eth0, b:eth0], queue: 3, rate: 1Mbps }]
scenario: [{ at: 0s, on: a, run: send eth0 --dst ff:ff:ff:ff:ff:ff --count 10 }]
`;
    const { events } = runYaml(yaml);
    expect(events.filter((e) => e.kind === 'tx')).toHaveLength(4);
    expect(events.filter((e) => e.kind === 'drop' && e.reason === 'queue-full')).toHaveLength(6);
    const txTimes = events.filter((e) => e.kind === 'tx').map((e) => e.t);
    // 14-byte frames at 1 Mbps occupy the line for 112 us each: back to back.
    expect(txTimes).toEqual([0, 112_000, 224_000, 336_000]);
  });

  it('a broadcast ping (-b) is not answered: icmp_echo_ignore_broadcasts=1', () => {
    const { events } = runYaml(pair('  - { at: 0s, on: a, run: ping -b -c 1 -W 1 10.0.0.255 }'));
    expect(events.filter((e) => e.kind === 'tx' && e.node === 'b')).toHaveLength(0);
    expect(appLines(events, 'a')).toContain('1 packets transmitted, 0 received, 100% packet loss, time 0ms');
  });
});

describe('link MTU', () => {
  it("a link's mtu becomes its interfaces' MTU: a 1200-byte ping over an mtu-1000 link leaves in fragments", () => {
    const { events } = runYaml(`
nodes:
  a: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  b: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
links: [{ ends: [a:eth0, b:eth0], mtu: 1000 }]
scenario: [{ at: 0s, on: a, run: ping -c 1 -s 1200 10.0.0.2 }]
`);
    const ipFrames = events.filter((e) => e.kind === 'tx' && e.node === 'a' && e.bytes![12] === 0x08 && e.bytes![13] === 0x00);
    expect(ipFrames.map((e) => e.bytes!.length)).toEqual([14 + 996, 14 + 20 + 1208 - 976]);
    expect(appLines(events, 'a')[1]).toMatch(/^1208 bytes from 10\.0\.0\.2: icmp_seq=1 ttl=64/);
  });
});

describe('neighbour events', () => {
  it('a neighbour that changes its MAC is an event even when the entry state stays the same', async () => {
    const { NeighbourTable, LINUX_NEIGHBOUR_DEFAULTS } = await import('../../src/tables/neighbour-table.js');
    const t = new NeighbourTable<never>(LINUX_NEIGHBOUR_DEFAULTS, () => 30e9);
    const actions: Parameters<typeof t.requestForUs>[4] = [];
    t.requestForUs('eth0', 0x0a000002, 0x020000000002, 0, actions);
    actions.length = 0;
    t.requestForUs('eth0', 0x0a000002, 0x020000000099, 5e9, actions);
    const states = actions.filter((a) => a.kind === 'state');
    expect(states).toHaveLength(1);
    expect(states[0]!.entry.state).toBe('STALE');
    expect(states[0]!.entry.mac).toBe(0x020000000099);
  });
});
