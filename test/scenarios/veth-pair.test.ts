import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appLines, runYaml } from '../helpers/run-topology.js';
import { captureLines, macRoles, oracleLines } from '../helpers/oracle-trace.js';

const VETH_PAIR = readFileSync(new URL('../../recordings/veth-pair.yaml', import.meta.url), 'utf8');

describe('S1: two namespaces on a veth pair, ping -c 2, 10 s (oracle S1-veth-pair)', () => {
  const { events, run } = runYaml(VETH_PAIR);
  const names = macRoles(run.network.macs);

  for (const [node, port] of [
    ['nsA', 'veth0'],
    ['nsB', 'veth1'],
  ] as const) {
    it(`frames at ${node}:${port} match the kernel's trace line for line, the trailing unicast ARP probe included`, () => {
      expect(captureLines(events, `${node}:${port}`, names)).toEqual(oracleLines('S1-veth-pair', `${node}:${port}`));
    });
  }

  it('ARP frames are 42 bytes and echo frames 98, never padded', () => {
    const sizes = new Set(events.filter((e) => e.kind === 'tx').map((e) => e.bytes!.length));
    expect([...sizes].sort()).toEqual([42, 98]);
  });

  it('the responder probes 5 s after first using the entry it learned from the request (DELAY -> PROBE)', () => {
    const delay = events.find((e) => e.kind === 'neigh' && e.node === 'nsB' && e.state === 'DELAY')!;
    const probe = events.find((e) => e.kind === 'neigh' && e.node === 'nsB' && e.state === 'PROBE')!;
    expect(probe.t - delay.t).toBe(5e9);
    const states = events.filter((e) => e.kind === 'neigh').map((e) => `${e.node} ${e.ip} ${e.state}`);
    expect(states).toEqual([
      'nsA 10.1.1.2 INCOMPLETE',
      'nsB 10.1.1.1 STALE',
      'nsA 10.1.1.2 REACHABLE',
      'nsB 10.1.1.1 DELAY',
      'nsB 10.1.1.1 PROBE',
      'nsB 10.1.1.1 REACHABLE',
    ]);
  });

  it("ping prints iputils' lines", () => {
    const lines = appLines(events, 'nsA');
    expect(lines[0]).toBe('PING 10.1.1.2 (10.1.1.2) 56(84) bytes of data.');
    expect(lines[1]).toMatch(/^64 bytes from 10\.1\.1\.2: icmp_seq=1 ttl=64 time=\d+\.\d{3} ms$/);
    expect(lines[2]).toMatch(/^64 bytes from 10\.1\.1\.2: icmp_seq=2 ttl=64 time=\d+\.\d{3} ms$/);
    expect(lines.slice(3, 6)).toEqual([
      '',
      '--- 10.1.1.2 ping statistics ---',
      // The reply came within the millisecond, so ping waited out its receive timeout on the timer wheel.
      '2 packets transmitted, 2 received, 0% packet loss, time 1025ms',
    ]);
    expect(lines[6]).toMatch(/^rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
    expect(lines).toHaveLength(7);
  });

  it('every event but the scenario command has a cause that precedes it', () => {
    for (const e of events) {
      if (e.kind === 'command') expect(e.cause).toBeUndefined();
      else expect(e.cause).toBeLessThan(e.seq);
    }
  });

  it('a tx is stamped at its first bit and its rx at its last bit plus the delay (98 B at 1 Gbps = 784 ns, + 1 us)', () => {
    const tx = events.find((e) => e.kind === 'tx' && e.bytes!.length === 98)!;
    const rx = events.find((e) => e.kind === 'rx' && e.cause === tx.seq)!;
    expect(rx.t - tx.t).toBe(784 + 1000);
  });
});

describe('determinism', () => {
  it('two runs of the same file give identical events; another seed gives other MACs', () => {
    const strip = (evs: ReturnType<typeof runYaml>['events']) =>
      evs.map(({ bytes, ...rest }) => ({ ...rest, bytes: Buffer.from(bytes ?? []).toString('hex') }));
    const a = strip(runYaml(VETH_PAIR).events);
    const b = strip(runYaml(VETH_PAIR).events);
    expect(a).toEqual(b);
    const c = strip(runYaml(VETH_PAIR, { seed: 2 }).events);
    expect(c).not.toEqual(a);
  });
});
