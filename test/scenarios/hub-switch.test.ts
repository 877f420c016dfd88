import { describe, expect, it } from 'vitest';
import { appLines, runYaml } from '../helpers/run-topology.js';

// A hub segment with a switch port on it (a station like any host) and a
// second hub cabled to the first (the same collision domain, 802.3 clause 9).
const LAB = `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24 } } }
  h4: { kind: host, interfaces: { eth0: { ip: 10.0.0.4/24 } } }
  hub1: { kind: hub }
  hub2: { kind: hub }
  sw1: { kind: switch }
links:
  - [h1:eth0, hub1:p1]
  - [h2:eth0, hub1:p2]
  - [hub1:p3, sw1:p1]
  - [sw1:p2, h3:eth0]
  - [hub1:p4, hub2:p1]
  - [hub2:p2, h4:eth0]
scenario:
  - { at: 0s, on: h1, run: ping -c 1 10.0.0.3 }
limits: { until: 2s }
`;

describe('a switch port and a second hub on a hub segment', () => {
  const { events } = runYaml(LAB);
  const rx = (node: string) => events.filter((e) => e.kind === 'rx' && e.node === node);

  it('the ping crosses hub and switch', () => {
    expect(appLines(events, 'h1')).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('the switch port contends like a host: its frames onto the segment keep the interframe gap, and hub1 repeats them', () => {
    const swTx = events.filter((e) => e.kind === 'tx' && e.node === 'sw1' && e.port === 'p1');
    expect(swTx).toHaveLength(2); // the ARP reply and the echo reply
    // The ARP request's last bit (57.6 us: preamble, padding and FCS) reached sw1:p1 at 59.6 us; sw1 forwards the
    // reply at once, but the segment wants 9.6 us of quiet.
    expect(swTx[0]!.t).toBe(59_600 + 9_600);
    expect(swTx[0]!.why).toBe(
      "sw1 sends 42 bytes out of p1 onto hub1's shared segment, once it has been quiet for the 9.6 us interframe gap; 57.6 us on the wire with preamble, padding and FCS",
    );
    for (const tx of swTx) {
      expect(events.find((e) => e.kind === 'flood' && e.cause === tx.seq)).toMatchObject({
        node: 'hub1',
        port: 'p3',
        out: ['p1', 'p2', 'p4'],
      });
    }
  });

  it('hosts on either hub overhear everything; the host behind the switch only what is for it', () => {
    // The ARP request and reply, the echo request and reply: all four on the segment.
    expect(rx('h2')).toHaveLength(4);
    expect(rx('h4')).toHaveLength(4);
    // The switch learned h3 from the ARP reply: after the flooded request only the echo request is for p2.
    expect(rx('h3')).toHaveLength(2);
  });

  it('the second hub repeats what the first sends it, caused by the first hub port out', () => {
    for (const flood of events.filter((e) => e.kind === 'flood' && e.node === 'hub2')) {
      expect(events.find((e) => e.seq === flood.cause)).toMatchObject({ kind: 'tx', node: 'hub1', port: 'p4' });
      expect(flood).toMatchObject({ port: 'p1', out: ['p2'] });
    }
  });
});
