import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

// `hoplab events --port` and `--proto`: the filters the stepper (port=, proto=) and the
// viewer's event list already had, for the command the README says they share (issue 19
// item 10: an unknown name is bad input, exit 2, as `--node` is).

const dir = tempDir();
const rec = join(dir, 's.db');
hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', rec, '--quiet']);
const lines = (args: string[]): string[] =>
  hoplab(['events', rec, ...args])
    .stdout.trim()
    .split('\n');

describe('hoplab events --port and --proto', () => {
  it('--port keeps the events at that port, by PORT or NODE:PORT', () => {
    const all = lines([]);
    const atP3 = all.filter((l) => /^#\d+\s+\S+\s+sw1:p3 /.test(l));
    expect(atP3.length).toBeGreaterThan(0);
    expect(lines(['--port', 'sw1:p3'])).toEqual(atP3);
    // A bare port name matches it on every node that has one.
    expect(lines(['--port', 'p3'])).toEqual(all.filter((l) => /^#\d+\s+\S+\s+\w+:p3 /.test(l)));
  });

  it('--proto keeps the events whose frame carries the protocol, and combines with --node', () => {
    const icmp = lines(['--proto', 'icmp', '--node', 'h1']);
    expect(icmp.length).toBeGreaterThan(3);
    expect(icmp.every((l) => / h1:eth0 /.test(l))).toBe(true);
    expect(icmp.filter((l) => / (tx|rx) /.test(l)).every((l) => /ICMP echo/.test(l))).toBe(true);
    expect(
      lines(['--proto', 'arp'])
        .filter((l) => / (tx|rx) /.test(l))
        .every((l) => /ARP, /.test(l)),
    ).toBe(true);
  });

  it('an unknown port or protocol is bad input: exit 2, one line', () => {
    const port = hoplab(['events', rec, '--port', 'p9']);
    expect(port.status).toBe(2);
    expect(port.stderr).toBe("hoplab: --port: no port 'p9' in this recording\n");
    const proto = hoplab(['events', rec, '--proto', 'tcp']);
    expect(proto.status).toBe(2);
    expect(proto.stderr).toContain("--proto: unknown value 'tcp'");
  });
});
