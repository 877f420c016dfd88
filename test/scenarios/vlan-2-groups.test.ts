import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readVlanId } from '../../src/wire/vlan.js';
import { appLines, runYaml } from '../helpers/run-topology.js';

// recordings/vlan-2-groups.yaml: h1, h3 in VLAN 10 and h2, h4 in VLAN 20 on
// sw1 and sw2, joined by a trunk sw1:p4 - sw2:p4. h1 pings h3 (across the
// trunk) at 0 s, then h2 (same switch, other VLAN) at 3 s.
const { events } = runYaml(readFileSync(new URL('../../recordings/vlan-2-groups.yaml', import.meta.url), 'utf8'));
const at = (kind: string, node: string, port?: string) =>
  events.filter((e) => e.kind === kind && e.node === node && (port === undefined || e.port === port));

describe('two VLANs over a trunk', () => {
  it('hosts in the same VLAN reach each other across the trunk', () => {
    expect(appLines(events, 'h1')).toContain('2 packets transmitted, 2 received, 0% packet loss, time 1025ms');
  });

  it('hosts in different VLANs cannot: h2 never hears h1, and h1 gives up on ARP, silently as its lo is down', () => {
    const lines = appLines(events, 'h1');
    // The Destination Host Unreachable h1 sends itself is lost in lo (oracle L1-lo-down): ping waits 10 s, then reports.
    expect(lines.some((l) => l.includes('Destination Host Unreachable'))).toBe(false);
    expect(lines).toContain('1 packets transmitted, 0 received, 100% packet loss, time 0ms');
    expect(at('app', 'h1').at(-1)!.t).toBe(13e9);
    expect(at('rx', 'h2')).toEqual([]);
    expect(at('rx', 'h4')).toEqual([]);
  });

  it("every frame on the trunk carries an 802.1Q tag with VLAN 10's VID; access ports carry none", () => {
    const trunk = [...at('tx', 'sw1', 'p4'), ...at('tx', 'sw2', 'p4')];
    expect(trunk.length).toBeGreaterThan(8);
    for (const e of trunk) {
      expect([e.bytes![12], e.bytes![13]]).toEqual([0x81, 0x00]);
      expect(readVlanId(e.bytes!)).toBe(10);
    }
    for (const e of [...at('tx', 'sw1', 'p1'), ...at('tx', 'sw2', 'p1'), ...at('rx', 'h3')]) expect(readVlanId(e.bytes!)).toBeUndefined();
  });

  it("floods h1's ARP requests for h2 only to VLAN 10's ports", () => {
    const floods = at('flood', 'sw1', 'p1');
    expect(floods.length).toBe(4); // the request for h3, three for h2
    for (const f of floods) expect(f.out).toEqual(['p4']);
  });
});
