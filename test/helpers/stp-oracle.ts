// The oracle's S6 (two Linux bridges, STP on) as the tests read it.

import type { SimEvent } from '../../src/events/event.js';
import { fixtureText } from './fixtures.js';

// The oracle's S6: two Linux bridges joined twice (br0:a1-b1:br1, br0:a2-b2:br1),
// STP on, fixed MACs, both bridges brought up at once; `bridge link show` polled
// every 5 s and BPDUs captured on a1 and a2.
export const S6_YAML = `
name: stp-2-bridges
nodes:
  br0: { kind: bridge, stp: true, ports: { a1: { mac: "02:00:00:00:0a:01" }, a2: { mac: "02:00:00:00:0a:02" } } }
  br1: { kind: bridge, stp: true, ports: { b1: { mac: "02:00:00:00:0b:01" }, b2: { mac: "02:00:00:00:0b:02" } } }
links:
  - [br0:a1, br1:b1]
  - [br0:a2, br1:b2]
limits: { until: 40s }
`;

export const PORT_NODE: Record<string, string> = { a1: 'br0', a2: 'br0', b1: 'br1', b2: 'br1' };

/** The oracle's polls: t -> port -> state. */
export function oraclePolls(): Map<number, Map<string, string>> {
  const polls = new Map<number, Map<string, string>>();
  let at = 0;
  for (const line of fixtureText('oracle/S6-stp-loop/stp-poll.txt').split('\n')) {
    const t = /^--- t=(\d+)s/.exec(line);
    if (t) polls.set((at = Number(t[1])), new Map());
    const port = /^\d+: (\w+)@\w+: .* state (\w+) priority/.exec(line);
    if (port) polls.get(at)!.set(port[1]!, port[2]!);
  }
  return polls;
}

/** Each port's state at time t, folded from the stp events (the last one at or before t). */
export function statesAt(events: readonly SimEvent[], tNs: number): Map<string, string> {
  const states = new Map<string, string>();
  for (const e of events) if (e.kind === 'stp' && e.port && e.t <= tNs) states.set(e.port, e.state!);
  return states;
}
