/**
 * A hub run exported to pcapng and read back by tshark: the host captures show the
 * frames as Linux hands them to a NIC and a capture on it shows them (a 42-byte ARP,
 * no padding, no FCS), while their times are those of the 802.3 wire, where the same
 * ARP takes (8 + 60 + 4) x 8 bits = 57.6 us at 10 Mb/s; and a collision's comment
 * names the fragments it left as runts.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

const haveTshark = spawnSync('which', ['tshark'], { stdio: 'ignore' }).status === 0;
const skipped = haveTshark ? '' : ' [skipped: tshark is not installed here; CI installs it]';

function packets(pcap: string): string[][] {
  const fields = ['frame.interface_name', 'frame.packet_flags_direction', 'frame.time_relative', 'frame.len', 'eth.fcs', 'eth.padding'];
  const out = execFileSync('tshark', ['-r', pcap, '-T', 'fields', ...fields.flatMap((f) => ['-e', f]), '-e', 'frame.comment'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 26,
  });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

describe.skipIf(!haveTshark)(`tshark reads a hub's capture${skipped}`, () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hub-3-hosts: the ARP request is 42 bytes at every host, without FCS or padding, and arrives 57.6 us + 2 us after it left', () => {
    const pcap = join(dir, 'hub-3-hosts.pcapng');
    const r = hoplab(['run', 'recordings/hub-3-hosts.yaml', '-o', join(dir, 'hub-3-hosts.db'), '--quiet', '--pcap', pcap]);
    expect(r.status, r.stderr).toBe(0);
    const rows = packets(pcap);
    const hosts = rows.filter(([point]) => /^h\d:eth0$/.test(point!));
    expect(hosts.length).toBeGreaterThan(0);
    for (const [, , , len, fcs, padding] of hosts) {
      expect(fcs).toBe('');
      expect(padding).toBe('');
      expect(['42', '98']).toContain(len);
    }
    // The first packet is h1's ARP request (direction 2, outbound); h2 and h3 receive it (direction 1, inbound).
    expect(rows[0]!.slice(0, 4)).toEqual(['h1:eth0', '0x00000002', '0.000000000', '42']);
    const arrivals = rows.filter(
      ([point, dir, , len]) => point !== 'h1:eth0' && /^h\d:/.test(point!) && dir === '0x00000001' && len === '42',
    );
    expect(arrivals.slice(0, 2).map(([point, , t]) => `${point} ${t}`)).toEqual(['h2:eth0 0.000059600', 'h3:eth0 0.000059600']);
  });

  it('a collision: each sender’s packet says its fragment was a runt; the packet itself is still the 42-byte frame', () => {
    const pcap = join(dir, 'hub-collide.pcapng');
    const r = hoplab(['run', 'test/fixtures/hub-collide.yaml', '-o', join(dir, 'hub-collide.db'), '--quiet', '--pcap', pcap]);
    expect(r.status, r.stderr).toBe(0);
    const collided = packets(pcap).filter((row) => row[6]!.includes(' collision on hub1 with '));
    expect(collided.length).toBeGreaterThanOrEqual(2);
    for (const [point, , , len, fcs, , comment] of collided.slice(0, 2)) {
      expect(point).toMatch(/^h[12]:eth0$/);
      expect([len, fcs]).toEqual(['42', '']);
      expect(comment).toContain(
        "h1 and h2 sent at once on hub1's segment, each hearing it within the 512-bit slot time; each jammed, leaving a runt on the wire (h1 52 bits, h2 52 bits, preamble included: under the 64-byte minimum, so receivers discard it)",
      );
    }
  });
});
