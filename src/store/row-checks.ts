import { RecordingError, type RecordingHeader } from './recording.js';

/**
 * The largest frame a recording can hold: a 65,535-byte MTU (the most a link
 * takes) plus an Ethernet header with one 802.1Q tag (IEEE 802.1Q: 18
 * bytes). Anything longer was not recorded by a run: refusing it keeps a
 * crafted blob from being decoded, printed or exported a million times.
 */
export const MAX_FRAME_BYTES = 65_535 + 18;

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/**
 * Checks an event_log row's values as read: SQLite keeps whatever a column
 * is given (https://sqlite.org/datatype3.html, "flexible typing"), so a
 * crafted file can hold text where hoplab wrote integers. A bad value is a
 * located RecordingError (exit 2), not a NaN that surfaces later.
 */
export function checkedLogRow(path: string, seq: number, t: unknown, frame: unknown, cause: unknown): void {
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
    throw new RecordingError(`${path}: damaged recording: event ${seq}'s time t is ${shown(t)}, not a whole number of nanoseconds`);
  if (frame !== null && (typeof frame !== 'number' || !Number.isSafeInteger(frame) || frame < 1))
    throw new RecordingError(`${path}: damaged recording: event ${seq}'s frame is ${shown(frame)}, not a frame id`);
  if (cause !== null && (typeof cause !== 'number' || !Number.isSafeInteger(cause) || cause < 1 || cause >= seq))
    throw new RecordingError(`${path}: damaged recording: event ${seq}'s cause is ${shown(cause)}, not an earlier event`);
}

/** An event's description id as read: a positive integer (whether it is stored is for the reader to find). */
export function checkedDescriptionId(path: string, seq: number, description: unknown): void {
  if (typeof description !== 'number' || !Number.isSafeInteger(description) || description < 1)
    throw new RecordingError(`${path}: damaged recording: event ${seq} names description ${String(description)}, which is not stored`);
}

/** An event's VLAN as read (schema version 5): a VID of 1 to 4094 (802.1Q 9.6), or none. */
export function checkedVlan(path: string, seq: number, vlan: unknown): number | null {
  if (vlan === null || vlan === undefined) return null;
  if (typeof vlan !== 'number' || !Number.isInteger(vlan) || vlan < 1 || vlan > 4094)
    throw new RecordingError(`${path}: damaged recording: event ${seq}'s vlan is ${shown(vlan)}, not a VLAN id (1-4094)`);
  return vlan;
}

/** Checks that a scan's events come one after the other (1, 2, 3, ...): a gap is a damaged or edited recording. */
export class SeqChecker {
  constructor(
    private readonly path: string,
    private expected: number,
  ) {}

  next(seq: number): void {
    if (seq !== this.expected) throw missingEvents(this.path, this.expected, seq);
    this.expected = seq + 1;
  }
}

/** The error for events `expected` to `seq - 1` missing: the next one stored is `seq` (or, where `seq` is not past `expected`, seq is stored twice). */
export function missingEvents(path: string, expected: number, seq: number): RecordingError {
  if (seq < expected)
    return new RecordingError(`${path}: damaged recording: event_log holds event ${seq} again after event ${expected - 1}`);
  return new RecordingError(
    `${path}: damaged recording: event_log has no event${seq - expected > 1 ? `s ${expected}-${seq - 1}` : ` ${expected}`} (the next one stored is ${seq})`,
  );
}

/** A frame's bytes as read, refused past MAX_FRAME_BYTES or when not a blob. */
export function checkedFrame(path: string, id: number, bytes: unknown): Uint8Array {
  if (!(bytes instanceof Uint8Array))
    throw new RecordingError(
      `${path}: damaged recording: frame ${id} is ${typeof bytes === 'string' ? `text (${bytes.length} characters)` : shown(bytes)}, not bytes`,
    );
  if (bytes.byteLength > MAX_FRAME_BYTES)
    throw new RecordingError(
      `${path}: damaged recording: frame ${id} is ${bytes.byteLength} bytes, more than any link carries (${MAX_FRAME_BYTES})`,
    );
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The ports table as read: each MAC, where there is one, as hoplab writes it (lowercase, colon-separated). */
export function checkedPorts(path: string, ports: RecordingHeader['ports']): RecordingHeader['ports'] {
  for (const p of ports)
    if (p.mac !== undefined && (typeof p.mac !== 'string' || !MAC.test(p.mac)))
      throw new RecordingError(
        `${path}: damaged recording: port ${shown(p.node)}:${shown(p.port)} has MAC ${shown(p.mac)}, not a MAC address`,
      );
  return ports;
}

/** A value as a message shows it: short, quoted when text. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v instanceof Uint8Array) return `a ${v.byteLength}-byte blob`;
  return String(v);
}
