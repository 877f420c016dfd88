import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appLines, runYaml } from '../helpers/run-topology.js';

// recordings/bridge-2-segments.yaml: segments segA (a1, a2) and segB (b1, b2)
// flood like hubs (ageing time 0); br1 joins them (west = segA, east = segB).
// a1 pings a2 at 0 s (local to the west), then b1 at 3 s (across).
const { events } = runYaml(readFileSync(new URL('../../recordings/bridge-2-segments.yaml', import.meta.url), 'utf8'));
const EAST = new Set(['segB', 'b1', 'b2']);

describe('a bridge between two segments', () => {
  const filters = events.filter((e) => e.kind === 'filter' && e.node === 'br1');

  it("filters the west-to-west traffic: the ARP reply, both echo exchanges, a2's unicast probe at 5 s and its reply", () => {
    expect(filters).toHaveLength(7);
    expect(filters.every((f) => f.port === 'west')).toBe(true);
    expect(filters[0]!.why).toMatch(/^br1 learned [0-9a-f:]{17} on west, the port the frame came from: it stays on that side$/);
    expect(appLines(events, 'a1')).toContain('2 packets transmitted, 2 received, 0% packet loss, time 1025ms');
  });

  it('the far side never sees a filtered frame', () => {
    const filtered = new Set(filters.map((f) => f.frame));
    expect(events.filter((e) => EAST.has(e.node) && filtered.has(e.frame))).toEqual([]);
    // Of the first ping, the east hears only a1's broadcast ARP request.
    const eastBefore3s = events.filter((e) => e.kind === 'rx' && (e.node === 'b1' || e.node === 'b2') && e.t < 3e9);
    expect(eastBefore3s.map((e) => e.node)).toEqual(['b1', 'b2']);
  });

  it('forwards across once it knows the far side, and the ping across succeeds', () => {
    const across = events.filter((e) => e.kind === 'forward' && e.node === 'br1');
    expect(across.map((e) => `${e.port}->${e.out}`)).toContain('west->east');
    expect(across.map((e) => `${e.port}->${e.out}`)).toContain('east->west');
    expect(appLines(events, 'a1')).toContain('--- 10.0.0.11 ping statistics ---');
    expect(appLines(events, 'a1').filter((l) => l.startsWith('2 packets transmitted, 2 received'))).toHaveLength(2);
  });
});
