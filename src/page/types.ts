import type { Drawing } from '../draw/layout.js';

/** The server's JSON answers (src/view/session.ts), as the page reads them. */
export interface RecInfo {
  name: string;
  path: string;
  events: number;
  endTime: number;
  complete: boolean;
  stopReason: string;
  script: boolean;
  nodes: Array<{ name: string; kind: string }>;
  drawing: Drawing;
  svg: string;
  classes: string[];
}

export interface Info {
  recordings: RecInfo[];
  diff: boolean;
}

/** [txSeq, t0, t1 (-1: no end recorded), cable index, direction, class index, fate]. */
export type Envelope = [number, number, number, number, number, number, number];
/** [seq, t, cable index, end (0: a, 1: b), reason]. */
export type DropMark = [number, number, number, number, string];
/** A bridge port's spanning tree state at its cable's end: [cable index, end, state, role] (src/view/port-states.ts). */
export type PortMark = [number, number, string, string];
/** The same changing while a chunk plays: [t, cable index, end, state, role]. */
export type PortChange = [number, number, number, string, string];

export interface Shape {
  seq: number;
  nodes: string[];
  cables: boolean[];
}

export interface At {
  seq: number;
  t: number;
  time: string;
  current: string;
  envelopes: Envelope[];
  drops: DropMark[];
  ports: PortMark[];
  shape?: Shape;
}

export interface Chunk {
  from: number;
  to: number;
  t: number;
  times: number[];
  envelopes: Envelope[];
  drops: DropMark[];
  ports: PortMark[];
  portChanges: PortChange[];
  shape?: Shape;
}

export interface EventRow {
  seq: number;
  t: number;
  kind: string;
  line: string;
}

export interface EventPage {
  filter: string;
  events: EventRow[];
  last: number;
}

export interface RangedField {
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface Detail {
  seq: number;
  t: number;
  time: string;
  kind: string;
  node: string;
  port?: string;
  line: string;
  why: string;
  reason?: string;
  causes: Array<{ seq: number; line: string }>;
  /** The chain goes on beyond the causes listed (a storm's is as long as the storm). */
  moreCauses?: boolean;
  frame?: { hex: string; summary: string; layers: Array<{ name: string; start: number; end: number; fields: RangedField[] }> };
  /** The copy of its frame the event concerns (the seq of the tx that sent it), and the copy that one was made from. */
  copy?: { seq: number; from: number | null };
}

/** Where a copy key landed, or why it did not move. */
export interface CopyStep {
  seq: number | null;
  note?: string;
}

export interface Tables {
  seq: number;
  node: string;
  lines: string[];
  changed?: string;
}
