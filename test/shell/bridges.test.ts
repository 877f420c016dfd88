import { beforeAll, describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import type { ScriptRunner } from '../../src/shell/runner.js';
import type { Mac } from '../../src/wire/mac.js';
import { normaliseFrame, oracleLines } from '../helpers/oracle-trace.js';
import { normalise, outputs, runScript } from './harness.js';
import { fixtureText } from '../helpers/fixtures.js';

// The tutorial's bridge part is the oracle's S2 (a learning bridge: h3 sees
// only the first ARP request), then, after `ageing_time 0`, its S3 (the
// bridge floods like a hub: h3 sees everything). Checked on the frames each
// host's eth0 sent and received, as tcpdump on it would have captured them.

let events: SimEvent[];
let runner: ScriptRunner;
let roles: Map<Mac, string>;

beforeAll(() => {
  ({ events, runner } = runScript(fixtureText('tutorial.sh'), 'tutorial.sh'));
  roles = new Map();
  for (const ns of runner.kernel.namespaces.values()) for (const link of ns.links) roles.set(link.mac, `${ns.name}.${link.name}`);
});

/** What tcpdump on NODE:PORT saw between two events (by seq). */
function captured(point: string, from: number, to = Infinity): string[] {
  return events
    .filter((e) => e.seq > from && e.seq < to && (e.kind === 'tx' || e.kind === 'rx') && `${e.node}:${e.port}` === point)
    .map((e) => normaliseFrame(e.bytes!, roles));
}

function commandSeq(node: string, text: string, n = 0): number {
  return events.filter((e) => e.kind === 'command' && e.node === node && e.text === text)[n]!.seq;
}

describe("the tutorial's bridge", () => {
  it("learns like the oracle's br0 (S2): h3 sees only the first ARP request; h1 and h2 see the exchange", () => {
    const start = commandSeq('h1', 'ping -c 2 10.0.0.2');
    const end = commandSeq('root', 'ip link set br0 type bridge ageing_time 0');
    expect(captured('h3:eth0', start, end)).toEqual(oracleLines('S2-bridge-3-hosts', 'h3:eth0'));
    // The oracle's 10 s linger also caught h2's ARP probe at 5 s; the tutorial flushes h2's cache first, so no probe follows.
    expect(captured('h1:eth0', start, end)).toEqual(oracleLines('S2-bridge-3-hosts', 'h1:eth0').slice(0, 6));
    expect(captured('h2:eth0', start, end)).toEqual(oracleLines('S2-bridge-3-hosts', 'h2:eth0').slice(0, 6));
  });

  it("floods like the oracle's hub after ageing_time 0 (S3): all three hosts see the same 8 frames", () => {
    const start = commandSeq('h1', 'ping -c 2 10.0.0.2', 1);
    for (const h of ['h1', 'h2', 'h3']) expect(captured(`${h}:eth0`, start), h).toEqual(oracleLines('S3-hub', `${h}:eth0`));
    const decisions = events.filter((e) => e.seq > start && e.node === 'br0' && ['forward', 'flood', 'learn'].includes(e.kind));
    expect(new Set(decisions.map((e) => e.kind))).toEqual(new Set(['flood']));
  });

  it("forgets what it learned the moment ageing_time becomes 0, as the kernel's cleanup does", () => {
    const seq = commandSeq('root', 'ip link set br0 type bridge ageing_time 0');
    const aged = events.filter((e) => e.cause === seq && e.kind === 'age');
    expect(aged.map((e) => [e.node, e.port])).toEqual([
      ['br0', 'h1-br'],
      ['br0', 'h2-br'],
    ]);
  });

  it('brings a port into forwarding only when the port, its carrier and the bridge are all up', () => {
    const portUps = events.filter((e) => e.kind === 'link' && e.node === 'br0' && e.state === 'up');
    // Each port comes up with its far end in h1/h2/h3 (`ip link set eth0 up`), not with `ip link set hN-br up`.
    expect(portUps.map((e) => [e.port, events[e.cause! - 1]!.node, events[e.cause! - 1]!.text])).toEqual([
      ['h1-br', 'h1', 'ip link set eth0 up'],
      ['h2-br', 'h2', 'ip link set eth0 up'],
      ['h3-br', 'h3', 'ip link set eth0 up'],
    ]);
  });
});

describe('bridge queries', () => {
  const setup = [
    'ip netns add h1',
    'ip netns add h2',
    'ip link add br0 type bridge',
    'ip link set br0 up',
    'ip link add p1 type veth peer name eth0 netns h1',
    'ip link add p2 type veth peer name eth0 netns h2',
    'ip link set p1 master br0',
    'ip link set p2 master br0',
    'ip link set p1 up',
    'ip link set p2 up',
    'ip -n h1 link set eth0 up',
    'ip -n h1 addr add 10.0.0.1/24 dev eth0',
    'ip -n h2 addr add 10.0.0.2/24 dev eth0',
  ];

  it('shows ports as bridge link show does, a peer in another namespace named by its ifindex here', () => {
    const out = outputs(runScript([...setup, 'bridge link show', 'ip link show'].join('\n')).events);
    // p1 and p2 are 3 and 4 here; their peers are eth0 = ifindex 2 in h1 and h2, and 2 here is br0 (iproute2's ll_idx_n2a),
    // which is why the oracle's S2 reads `p1@br0`. p2's peer is down, so p2 has no carrier and does not forward.
    expect(out.at(-2)!.lines).toEqual([
      '3: p1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 ',
      '4: p2@br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master br0 state disabled priority 32 cost 2 ',
    ]);
    expect(normalise(out.at(-1)!.lines.join('\n'))).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff',
        '3: p1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns h1',
        '4: p2@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns h2',
      ].join('\n'),
    );
  });

  it('takes the lowest port MAC as its own, and lists only learned entries with dynamic', () => {
    const { events: ev, runner: r } = runScript(
      [
        ...setup,
        'ip -n h2 link set eth0 up',
        'ip netns exec h1 ping -c 1 10.0.0.2',
        'bridge fdb show br br0 dynamic',
        'ip neigh show',
      ].join('\n'),
    );
    const root = r.kernel.root;
    const br0 = r.kernel.find(root, 'br0')!;
    expect(br0.mac).toBe(Math.min(r.kernel.find(root, 'p1')!.mac, r.kernel.find(root, 'p2')!.mac));
    const out = outputs(ev);
    const h1 = r.kernel.find(r.kernel.namespaces.get('h1')!, 'eth0')!;
    const h2 = r.kernel.find(r.kernel.namespaces.get('h2')!, 'eth0')!;
    const hex = (m: number): string =>
      m
        .toString(16)
        .padStart(12, '0')
        .replace(/(..)(?!$)/g, '$1:');
    // Per port in ifindex order; only the two learned addresses, no permanent or multicast entries.
    expect(out.at(-2)!.lines).toEqual([`${hex(h1.mac)} dev p1 master br0 `, `${hex(h2.mac)} dev p2 master br0 `]);
    expect(out.at(-1)!.lines).toEqual([]);
  });

  it("joins the namespace's stack once given an address, so the root namespace reaches the hosts through it", () => {
    const { events: ev, runner: r } = runScript(
      [
        'ip netns add h1',
        'ip link add br0 type bridge',
        'ip link add p1 type veth peer name eth0 netns h1',
        'ip link set p1 master br0',
        'ip link set p1 up',
        'ip -n h1 addr add 10.0.0.1/24 dev eth0',
        'ip -n h1 link set eth0 up',
        'ip addr add 10.0.0.254/24 dev br0',
        'ip route show',
        'ip link set br0 up',
        'ping -c 1 10.0.0.1',
        'ip netns exec h1 ping -c 1 10.0.0.254',
        'ip addr show br0',
        'ip route show',
        'ip link set br0 down',
        'ip route show',
      ].join('\n'),
    );
    const out = outputs(ev);
    expect(r.failures).toEqual([]);
    // Down, the bridge's address brings no route; up, it does; down again, it goes.
    expect(out[8]!.lines).toEqual([]);
    expect(out[10]!.lines[1]).toMatch(/^64 bytes from 10\.0\.0\.1: icmp_seq=1 ttl=64 time=/);
    expect(out[11]!.lines[1]).toMatch(/^64 bytes from 10\.0\.0\.254: icmp_seq=1 ttl=64 time=/);
    expect(normalise(out[12]!.lines.join('\n'))).toBe(
      [
        '2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether MAC brd ff:ff:ff:ff:ff:ff',
        '    inet 10.0.0.254/24 scope global br0',
        '       valid_lft forever preferred_lft forever',
      ].join('\n'),
    );
    expect(out[13]!.lines).toEqual(['10.0.0.0/24 dev br0 proto kernel scope link src 10.0.0.254 ']);
    expect(out[15]!.lines).toEqual([]);
    // The echo request enters the bridge at the port facing root's stack and leaves by p1, which br0 learned h1 behind.
    expect(ev.some((e) => e.kind === 'forward' && e.node === 'br0' && e.port === 'br0' && e.out?.[0] === 'p1')).toBe(true);
  });
});
