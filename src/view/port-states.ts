// The spanning tree state of each bridge port, as the page marks it at the
// port's end of its cable: read from the fold's state (`stp` events, as
// `state --at` shows them), never worked out again.

import type { SimEvent } from '../events/event.js';
import type { NetState } from '../state/node-state.js';

/** A port's mark: [cable index, end (0: a, 1: b), state, role]. */
export type PortMark = [number, number, string, string];
/** A change of it while playing: [t, cable index, end, state, role]. */
export type PortChange = [number, number, number, string, string];

/** `node:port` -> [cable index, end] of the drawing. */
export type CableEnds = ReadonlyMap<string, readonly [number, number]>;

/** Every port the fold knows a spanning tree state for, where it is drawn (ports without a cable drawn are left out). */
export function portMarks(state: NetState, ends: CableEnds): PortMark[] {
  const marks: PortMark[] = [];
  for (const [node, n] of state.nodes) {
    if (!n.stp) continue;
    for (const [port, p] of Object.entries(n.stp.ports)) {
      const end = ends.get(`${node}:${port}`);
      if (end) marks.push([end[0], end[1], p.state, p.role]);
    }
  }
  return marks;
}

/** An `stp` event that changes a port's role or state, as a change of its mark. */
export function portChange(e: SimEvent, ends: CableEnds): PortChange | undefined {
  if (e.kind !== 'stp' || !e.port) return undefined;
  const end = ends.get(`${e.node}:${e.port}`);
  return end ? [e.t, end[0], end[1], e.state ?? '', (e.text ?? '').replace(/^role /, '')] : undefined;
}
