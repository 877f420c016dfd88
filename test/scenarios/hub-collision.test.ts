import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { runYaml } from '../helpers/run-topology.js';

// Two hosts on a hub send at the same instant: CSMA/CD sorts it out.
const LAB = `
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24, mac: 02:00:00:00:00:01 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24, mac: 02:00:00:00:00:02 } } }
  h3: { kind: host, interfaces: { eth0: { ip: 10.0.0.3/24, mac: 02:00:00:00:00:03 } } }
  hub1: { kind: hub }
links:
  - [h1:eth0, hub1:p1]
  - [h2:eth0, hub1:p2]
  - [h3:eth0, hub1:p3]
scenario:
  - { at: 1ms, on: h1, run: send eth0 --dst 02:00:00:00:00:03 --payload from-h1 }
  - { at: 1ms, on: h2, run: send eth0 --dst 02:00:00:00:00:03 --payload from-h2 }
`;

/** Each event as its recorded row (the bytes are stored apart, by frame id). */
function rows(events: SimEvent[]): string[] {
  return events.map(({ bytes: _bytes, ...row }) => JSON.stringify(row));
}

const payloadOf = (e: SimEvent): string => new TextDecoder().decode(e.bytes!.subarray(14));

describe('two hosts on a hub that send at the same instant', () => {
  const { events } = runYaml(LAB);

  it('collide: one collision event naming both, at the hub, and neither frame is received then', () => {
    const first = events.find((e) => e.kind === 'collision')!;
    expect(first).toMatchObject({
      node: 'hub1',
      t: 1_001_000,
      senders: ['h1:eth0', 'h2:eth0'],
      why: "h1 and h2 sent at once on hub1's segment, each hearing it within the 512-bit slot time; each jammed, leaving a runt on the wire (h1 52 bits, h2 52 bits, preamble included: under the 64-byte minimum, so receivers discard it); both frames are lost and each backs off",
    });
    expect(events.filter((e) => e.kind === 'rx' && e.t < first.t)).toEqual([]);
  });

  it('back off and send again, and both frames reach h3 in the end', () => {
    const retries = events.filter((e) => e.kind === 'tx' && e.node !== 'hub1' && e.t > 1_000_000);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    for (const r of retries) expect(events.find((e) => e.seq === r.cause)!.kind).toBe('collision');
    expect(retries[0]!.why).toMatch(
      /^h[12] sends the frame again out of eth0 \(attempt 2 of 16\) after backing off \d+ slot times? \([\d.]+ us\); 57\.6 us on the wire with preamble, padding and FCS$/,
    );
    const delivered = events
      .filter((e) => e.kind === 'deliver' && e.node === 'h3')
      .map((e) => payloadOf(e))
      .sort();
    expect(delivered).toEqual(['from-h1', 'from-h2']);
    // h1 and h2 also overhear each other's frame, and drop it.
    expect(
      events
        .filter((e) => e.kind === 'drop')
        .map((e) => `${e.node} ${e.reason}`)
        .sort(),
    ).toEqual(['h1 not-for-me', 'h2 not-for-me']);
  });

  it('is the same run, event for event, under the same seed', () => {
    expect(rows(runYaml(LAB, { seed: 1 }).events)).toEqual(rows(events));
  });

  it('backs off differently under another seed', () => {
    const other = runYaml(LAB, { seed: 2 }).events;
    expect(rows(other)).not.toEqual(rows(events));
    const txTimes = (evs: SimEvent[]): number[] => evs.filter((e) => e.kind === 'tx').map((e) => e.t);
    expect(txTimes(other)).not.toEqual(txTimes(events));
    // The differences are all in timing: the same frames reach h3.
    expect(
      other
        .filter((e) => e.kind === 'deliver')
        .map(payloadOf)
        .sort(),
    ).toEqual(['from-h1', 'from-h2']);
  });
});
