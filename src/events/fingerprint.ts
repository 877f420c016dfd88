import { createHash, type Hash } from 'node:crypto';
import { configText } from './config-change.js';
import type { SimEvent } from './event.js';

/**
 * A fingerprint of an event log, as OMNeT++ fingerprints a simulation's
 * trajectory: one hash over every event's columns in order, and each frame's
 * bytes where the frame first appears (a frame id names the same bytes
 * throughout a run). Two logs with the same fingerprint recorded the same
 * events; one changed `why` or one changed bit of a frame changes it.
 */
export class Fingerprint {
  private readonly hash: Hash = createHash('sha256');
  private readonly framesSeen = new Set<number>();
  private count = 0;

  /** Adds one event; `bytes` are its frame's bytes (looked up by the caller when the event does not carry them). */
  add(e: SimEvent, bytes?: Uint8Array): void {
    this.count++;
    this.hash.update(canonicalEvent(e));
    if (e.frame !== undefined && !this.framesSeen.has(e.frame)) {
      this.framesSeen.add(e.frame);
      this.hash.update(`frame ${e.frame} ${bytes?.length ?? -1}\n`);
      if (bytes) this.hash.update(bytes);
    }
  }

  /** Whether this frame id still needs its bytes hashed (the first event that names it). */
  needsBytes(frame: number | undefined): boolean {
    return frame !== undefined && !this.framesSeen.has(frame);
  }

  get events(): number {
    return this.count;
  }

  /** The first 16 hex digits of the hash: enough to tell logs apart, short enough to compare by eye. */
  digest(): string {
    return this.hash.copy().digest('hex').slice(0, 16);
  }
}

/** An optional column: absent and empty differ, as NULL and '' do in the table. */
function opt(v: string | number | readonly string[] | undefined): string {
  return v === undefined ? '' : `=${Array.isArray(v) ? v.join(',') : String(v)}`;
}

/** The columns of an event as the recording's events view has them, in its order, each as its canonical text. */
const COLUMNS: ReadonlyArray<readonly [string, (e: SimEvent) => string]> = [
  ['seq', (e) => String(e.seq)],
  ['t', (e) => String(e.t)],
  ['kind', (e) => e.kind],
  ['node', (e) => e.node],
  ['port', (e) => opt(e.port)],
  ['frame', (e) => opt(e.frame)],
  ['cause', (e) => opt(e.cause)],
  ['why', (e) => e.why],
  ['out', (e) => opt(e.out)],
  ['reason', (e) => opt(e.reason)],
  ['mac', (e) => opt(e.mac)],
  ['from', (e) => opt(e.from)],
  ['ip', (e) => opt(e.ip)],
  ['state', (e) => opt(e.state)],
  ['text', (e) => opt(e.text)],
  ['senders', (e) => opt(e.senders)],
  // Added by schema version 4: on an event's line only when it has one (addedColumns).
  ['channel', (e) => opt(e.channel)],
  ['config', (e) => opt(e.config && configText(e.config))],
  // Added by schema version 5: on an event's line only when it has one.
  ['vlan', (e) => opt(e.vlan)],
];

/**
 * Every column of the event, in the order of the recording's events view,
 * one line: what the fingerprint and verify compare. The columns schema
 * versions 4 and 5 added end the line only when the event has one, so that an
 * event without them reads as it did before. The view's `copy` (version 5)
 * is not among them: it is worked out from `cause` and `frame`, which are
 * (events/frame-copy.ts), so it can differ only when they do.
 */
export function canonicalEvent(e: SimEvent): string {
  return `${e.seq}\t${e.t}\t${e.kind}\t${e.node}\t${opt(e.port)}\t${opt(e.frame)}\t${opt(e.cause)}\t${e.why}\t${opt(e.out)}\t${opt(e.reason)}\t${opt(e.mac)}\t${opt(e.from)}\t${opt(e.ip)}\t${opt(e.state)}\t${opt(e.text)}\t${opt(e.senders)}${addedColumns(e)}\n`;
}

/**
 * `\tchannel` when there is one; a config event (which has none) `\t\tconfig`;
 * a learn, move or age with a VLAN `\t\t\tvlan`: so the line of every other
 * event is unchanged.
 */
function addedColumns(e: SimEvent): string {
  if (e.vlan !== undefined) return `\t${opt(e.channel)}\t${opt(e.config && configText(e.config))}\t${opt(e.vlan)}`;
  if (e.config !== undefined) return `\t${opt(e.channel)}\t${opt(configText(e.config))}`;
  return e.channel === undefined ? '' : `\t${opt(e.channel)}`;
}

/** The columns whose values differ between two versions of one event, by name. */
export function differingColumns(a: SimEvent, b: SimEvent): string[] {
  return COLUMNS.filter(([, value]) => value(a) !== value(b)).map(([name]) => name);
}
