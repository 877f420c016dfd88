import { summarizeFrame } from '../wire/decode.js';
import { formatSeconds } from './time.js';
import type { SimEvent } from './event.js';

export interface FormatOptions {
  color?: boolean;
  /** Append the frame's bytes as hex. */
  bytes?: boolean;
}

const KIND_COLOR: Record<string, number> = {
  tx: 36,
  rx: 34,
  deliver: 32,
  forward: 32,
  flood: 33,
  filter: 35,
  drop: 31,
  collision: 31,
  learn: 90,
  move: 35,
  age: 90,
  neigh: 90,
  link: 33,
  command: 1,
  app: 1,
  config: 33,
  stp: 95,
};

function paint(text: string, code: number | undefined, on: boolean | undefined): string {
  return on && code ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * One readable line per event: `#SEQ  TIME  NODE:PORT  KIND  WHAT`.
 * tx and rx show the frame as tcpdump would summarise it; decisions show
 * their reasoning; programs show what they printed.
 */
export function formatEvent(e: SimEvent, o: FormatOptions = {}): string {
  const where = e.port ? `${e.node}:${e.port}` : e.node;
  let what: string;
  switch (e.kind) {
    case 'tx':
    case 'rx':
      what = e.bytes ? summarizeFrame(e.bytes) : `frame ${e.frame ?? '?'}`;
      break;
    case 'app':
    case 'command':
      what = e.text ?? '';
      break;
    default:
      what = e.why;
      if (e.reason) what = `[${e.reason}] ${what}`;
  }
  const cause = e.cause !== undefined ? ` (#${e.cause})` : '';
  let line = `#${String(e.seq).padEnd(6)} ${formatSeconds(e.t)}  ${where.padEnd(12)} ${paint(e.kind.padEnd(8), KIND_COLOR[e.kind], o.color)} ${what}${cause}`;
  if (o.bytes && e.bytes) line += `  bytes=${hex(e.bytes)}`;
  return line;
}

/** Field order of an NDJSON event, the recording's column order, so live and replayed lines are byte-identical. */
const JSON_FIELDS = [
  'seq',
  't',
  'kind',
  'node',
  'port',
  'frame',
  'cause',
  'copy',
  'why',
  'out',
  'reason',
  'mac',
  'from',
  'ip',
  'state',
  'text',
  'senders',
  'channel',
  'config',
  'vlan',
] as const;

/**
 * The event as one NDJSON object: its columns, then, for an event with a frame, the
 * frame's one-line `summary` (as the printer and tcpdump show it), and its `bytes`
 * (hex) only when asked.
 */
export function eventJson(e: SimEvent, withBytes = false): string {
  const o: Record<string, unknown> = {};
  for (const k of JSON_FIELDS) if (e[k] !== undefined) o[k] = e[k];
  if (e.bytes) o.summary = summarizeFrame(e.bytes);
  if (withBytes && e.bytes) o.bytes = hex(e.bytes);
  return JSON.stringify(o);
}
