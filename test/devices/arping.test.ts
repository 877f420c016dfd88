import { describe, expect, it } from 'vitest';
import { arpingTime } from '../../src/devices/arping.js';
import { formatMac } from '../../src/wire/mac.js';
import { appLines, runYaml } from '../helpers/run-topology.js';

const lab = (run: string): string => `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24, mac: 02:00:00:00:00:0b } } }
  sw1: { kind: switch }
links:
  - [h1:eth0, sw1:p1]
  - [h2:eth0, sw1:p2]
scenario:
  - { at: 0s, on: h1, run: ${run} }
limits: { until: 10s }
`;

describe('arping, as iputils prints it', () => {
  it('broadcasts the first request, then asks the replier by unicast; prints each reply and the counts', () => {
    const { events } = runYaml(lab('arping -c 2 10.0.0.2'));
    expect(appLines(events, 'h1')).toEqual([
      'ARPING 10.0.0.2 from 10.0.0.1 eth0',
      'Unicast reply from 10.0.0.2 [02:00:00:00:00:0B]  0.505ms',
      'Unicast reply from 10.0.0.2 [02:00:00:00:00:0B]  0.505ms',
      'Sent 2 probes (1 broadcast(s))',
      'Received 2 response(s)',
    ]);
    const requests = events.filter((e) => e.kind === 'tx' && e.node === 'h1');
    expect(requests.map((e) => [e.t, formatMac(readMac6(e.bytes!, 0)), formatMac(readMac6(e.bytes!, 32))])).toEqual([
      [0, 'ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff'], // iputils puts the broadcast address in the target hardware field
      [1e9, '02:00:00:00:00:0b', '02:00:00:00:00:0b'],
    ]);
    expect(events.filter((e) => e.kind === 'app' && e.node === 'h1').at(-1)!.t).toBe(2e9);
  });

  it("goes around h1's neighbour cache: no entry is made from the replies", () => {
    const { events } = runYaml(lab('arping -c 2 10.0.0.2'));
    expect(events.filter((e) => e.kind === 'neigh' && e.node === 'h1')).toEqual([]);
    // h2's kernel still notes the requester, as Linux does for any request for it.
    expect(events.filter((e) => e.kind === 'neigh' && e.node === 'h2')[0]).toMatchObject({ ip: '10.0.0.1', state: 'STALE' });
  });

  it('with no answer keeps broadcasting, and ends one second after the last probe', () => {
    const { events } = runYaml(lab('arping -c 3 10.0.0.9'));
    expect(appLines(events, 'h1')).toEqual([
      'ARPING 10.0.0.9 from 10.0.0.1 eth0',
      'Sent 3 probes (3 broadcast(s))',
      'Received 0 response(s)',
    ]);
    expect(events.filter((e) => e.kind === 'tx' && e.node === 'h1').map((e) => e.t)).toEqual([0, 1e9, 2e9]);
    expect(events.filter((e) => e.kind === 'app').at(-1)!.t).toBe(3e9);
  });

  it('refuses a device it cannot use, with the messages of iputils', () => {
    expect(appLines(runYaml(lab('arping -c 1 -I eth9 10.0.0.2')).events, 'h1')).toEqual(['arping: Device eth9 not available.']);
    expect(appLines(runYaml(lab('arping -c 1 -I eth0 10.0.0.2')).events, 'h1')[0]).toBe('ARPING 10.0.0.2 from 10.0.0.1 eth0');
  });

  it('prints the reply time as iputils computes it: rounded microseconds plus half a millisecond', () => {
    expect(arpingTime(5_336)).toBe('0.505ms');
    expect(arpingTime(186_000)).toBe('0.686ms');
    expect(arpingTime(676_000)).toBe('1.176ms');
    expect(arpingTime(0)).toBe('0.500ms');
  });
});

function readMac6(b: Uint8Array, offset: number): number {
  let n = 0;
  for (let i = 0; i < 6; i++) n = n * 256 + b[offset + i]!;
  return n;
}
