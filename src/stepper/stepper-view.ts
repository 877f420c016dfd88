import type { SimEvent } from '../events/event.js';
import { formatEvent } from '../events/format-event.js';
import type { NeighState } from '../state/node-state.js';
import { inFlightLines, nodeTablesText } from '../state/state-format.js';
import { decodeFrame } from '../wire/decode.js';
import { summarizeFrame } from '../wire/decode.js';
import type { Stepper } from './stepper.js';

/** What the stepper shows besides the event and its why; `t`, `d` and `w` toggle them. */
export interface StepView {
  tables: boolean;
  layers: boolean;
  window: boolean;
  color: boolean;
}

export const COMMAND_HELP = [
  'commands (one per line):',
  '  next|n [K]       the next event (through the filter), or the K-th',
  '  prev|p [K]       the previous one',
  '  N | next-copy    the next event of this copy of the frame (its rx at the far end);  P | prev-copy',
  '  ] | copies       the first copy made from this one (a flood makes one per port);  [ | made-from',
  '  cause|c          the event that caused this one',
  '  goto|g SEQ       event SEQ;  first, last',
  '  time T           the first event at or after virtual time T (1.5s, 200us, or seconds)',
  '  filter|f EXPR    only these events for next/prev: flood, kind=flood,forward node=sw1 proto=arp; `filter off`',
  '  search|/ TEXT    the next event whose line or why contains TEXT;  ?TEXT searches backwards',
  "  tables|t         show or hide the tables of the event's node",
  '  layers|d         show or hide the frame, decoded layer by layer',
  '  window|w         show or hide the events around this one',
  "  state            every node's tables now",
  '  quit|q',
];

/** Kinds whose printed line shows something else than the why (the frame, the text): their why follows on its own line. */
const WHY_HIDDEN = new Set(['tx', 'rx', 'app', 'command']);

/** The event's line, its reasoning when the line does not already say it, and the copy of its frame it concerns (N and P follow it). */
export function eventLines(e: SimEvent, color = false): string[] {
  const line = formatEvent(e, { color });
  const out = WHY_HIDDEN.has(e.kind) ? [line, `  why: ${e.why}`] : [line];
  if (e.copy !== undefined) out.push(`  copy #${e.copy}`);
  return out;
}

/** The frame layer by layer, with field names, as Packet Tracer's PDU details (and Wireshark's tree) show it. */
export function layerLines(bytes: Uint8Array | undefined): string[] {
  if (!bytes) return [];
  const out = [`  frame: ${bytes.length} bytes  ${summarizeFrame(bytes)}`];
  for (const layer of decodeFrame(bytes)) {
    out.push(`    ${layer.name}`);
    for (const [k, v] of layer.fields) out.push(`      ${k}: ${v}`);
  }
  return out;
}

/**
 * The tables of the node the event happened in, just after it, from the fold.
 * The row the event wrote (a MAC table entry it learned or moved, a neighbour
 * entry it changed) is marked `>`, as Packet Tracer highlights the entry a
 * step changed.
 */
export function tableLines(stepper: Stepper): string[] {
  const state = stepper.state();
  const e = stepper.current;
  const node = state.nodes.get(e.node);
  if (!node) return [];
  const summary = (id: number): string | undefined => {
    const b = stepper.bytesOf({ frame: id } as SimEvent);
    return b ? summarizeFrame(b) : undefined;
  };
  const flying = inFlightLines(state, summary, node.name);
  const changed = changedRow(e);
  return [
    ...nodeTablesText(state, node).map((l) => (changed?.(l.trimStart()) ? `> ${l}` : `  ${l}`)),
    ...heldLines(stepper, [...node.neigh.values()]),
    `    frames on the wire to or from ${node.name}: ${flying.length}`,
    ...flying.map((l) => `    ${l}`),
  ];
}

/**
 * The packets a host or router holds while ARP resolves (the kernel's arp_queue): an
 * INCOMPLETE entry is made by a packet that needs it, and its `neigh` event is caused by
 * that packet's decision (the forward, or the command that sent it), so the events name
 * it. Packets queued on the same entry later change no state and are in no event.
 */
function heldLines(stepper: Stepper, neigh: NeighState[]): string[] {
  const waiting = neigh.filter((n) => n.state === 'INCOMPLETE');
  if (waiting.length === 0) return [];
  const out = ['    held while ARP resolves:'];
  for (const n of waiting) {
    const asked = stepper.event(n.seq);
    const by = asked?.cause !== undefined ? stepper.event(asked.cause) : undefined;
    const what =
      by === undefined
        ? 'a packet'
        : `the packet of #${by.seq} (${by.bytes ? summarizeFrame(by.bytes) : `${by.kind} ${by.text ?? by.why}`})`;
    out.push(`      ${what}, for ${n.ip} dev ${n.dev} (asked at #${n.seq})`);
  }
  return out;
}

/** Which table row an event wrote: `bridge fdb show`'s line of its MAC, `ip neigh show`'s of its address. */
function changedRow(e: SimEvent): ((row: string) => boolean) | undefined {
  if ((e.kind === 'learn' || e.kind === 'move') && e.mac)
    return (row) => row.startsWith(`${e.mac} dev ${e.port} ${e.vlan === undefined ? '' : `vlan ${e.vlan} `}master `);
  if (e.kind === 'neigh' && e.ip) return (row) => row.startsWith(`${e.ip} dev ${e.port ?? ''}`);
  return undefined;
}

/** A few events either side, the current one marked. */
export function windowLines(stepper: Stepper, before: number, after: number, color = false): string[] {
  return stepper.window(before, after).map((e) => `${e.seq === stepper.current.seq ? '>' : ' '} ${formatEvent(e, { color })}`);
}

/** Everything the view shows for the current event, as plain lines (the line mode's output). */
export function landingLines(stepper: Stepper, view: StepView): string[] {
  const e = stepper.current;
  const out = eventLines(e, view.color);
  if (view.layers) out.push(...layerLines(e.bytes));
  if (view.tables) out.push(...tableLines(stepper));
  if (view.window) out.push('  around it:', ...windowLines(stepper, 3, 3, view.color).map((l) => `  ${l}`));
  return out;
}
