import { describe, expect, it } from 'vitest';
import { fixtureText } from '../helpers/fixtures.js';
import { appLines, runYaml } from '../helpers/run-topology.js';

// h3 pings h1 through sw1; at 1.5 s sw1 takes h3's port down, at 3.5 s up again.
const LAB = `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  sw1: { kind: switch }
links:
  - [h1:eth0, sw1:p1]
  - [h2:eth0, sw1:p2]
  - [h3:eth0, sw1:p3]
scenario:
  - { at: 0s, on: h3, run: ping -c 5 -W 1 10.0.0.1 }
  - { at: 1500ms, on: sw1, run: ip link set p3 down }
  - { at: 3500ms, on: sw1, run: ip link set p3 up }
limits: { until: 6s }
`;

describe('a switch port taken down and up again', () => {
  const { events } = runYaml(LAB);

  it('records the change as a link event and forgets the MAC learned on the port', () => {
    const down = events.find((e) => e.kind === 'link' && e.node === 'sw1' && e.state === 'down')!;
    expect(down).toMatchObject({ port: 'p3', t: 1.5e9, why: 'sw1 sets p3 down: it neither receives nor sends frames on it' });
    const forgotten = events.filter((e) => e.kind === 'age' && e.cause === down.seq);
    expect(forgotten.map((e) => e.port)).toEqual(['p3']);
    expect(forgotten[0]!.why).toMatch(/^sw1 forgets [0-9a-f:]{17}: p3 went down/);
  });

  it('neither receives nor sends on the down port: the ARP requests at 2 s and 3 s are lost at the cable', () => {
    // h3 lost carrier with its port, and with it its entry for h1 (neigh_carrier_down), so the
    // echoes at 2 s and 3 s wait for ARP (oracle C2-switch-port: `ip neigh` printed nothing then).
    // The third echo asks at once (ping runs 0.5 ms after its timer wheel's tick); the retransmission
    // goes on the next tick of the wheel.
    const evicted = events.find((e) => e.kind === 'config' && e.node === 'h3' && e.t === 1.5e9);
    expect(evicted?.why).toMatch(/^Deleted 10\.0\.0\.1 dev eth0 lladdr [0-9a-f:]{17} REACHABLE$/);
    const lost = events.filter((e) => e.kind === 'drop' && e.reason === 'link-down');
    expect(lost.map((e) => `${e.t / 1e9} ${e.node}:${e.port}`)).toEqual(['2.0485 h3:eth0', '3.072 h3:eth0']);
    // Each is an ARP request the new INCOMPLETE entry sent (its cause), not an echo.
    const asked = lost.map((e) => events.find((c) => c.seq === e.cause)?.why);
    expect(asked.every((w) => /^h3 does not know 10\.0\.0\.1's MAC, so it asks with a broadcast ARP request/.test(w ?? ''))).toBe(true);
    expect(events.filter((e) => e.node === 'sw1' && e.port === 'p3' && e.kind === 'rx' && e.t > 1.5e9 && e.t < 3.5e9)).toEqual([]);
  });

  it('works again once the port is up: the switch relearns h3 and every echo is answered, as on Linux', () => {
    const up = events.find((e) => e.kind === 'link' && e.node === 'sw1' && e.state === 'up')!;
    expect(events.some((e) => e.kind === 'learn' && e.port === 'p3' && e.seq > up.seq)).toBe(true);
    // Times aside, as Linux's ping ran at another phase of the timer wheel; the rest is its text.
    const withoutTimes = (l: string) => l.replace(/time[= ][\d.]+ ?ms/, 'time').replace(/rtt .*/, 'rtt');
    const oracle = fixtureText('oracle/C2-switch-port/notes.txt').split('\n').slice(1, 10).map(withoutTimes);
    expect(appLines(events, 'h3').slice(1, 10).map(withoutTimes)).toEqual(oracle);
    // The echoes that waited for ARP answer 2048 and 1024 ms after they were sent, and pipe is 2, as on
    // Linux: both left on the timer wheel's ticks, and their replies were read before the fifth left.
    expect(appLines(events, 'h3')).toContain('64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=2048 ms');
    expect(appLines(events, 'h3')).toContain('64 bytes from 10.0.0.1: icmp_seq=4 ttl=64 time=1024 ms');
    expect(appLines(events, 'h3').at(-1)).toMatch(/, pipe 2$/);
  });
});
