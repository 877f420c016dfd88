import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How a snapshot's JSON is stored. Up to fold-6 it is the text itself; in
 * fold-7 and fold-8 raw DEFLATE (RFC 1951) at level 1, a BLOB: a state is mostly
 * the same keys and MACs over and over, so it shrinks 9-12× on a LAN of
 * hosts (500 kB to 50 kB at 1,000 hosts) in a few milliseconds, and the
 * cadence, which spaces snapshots by their stored length, can store them
 * that many times more often for the same share of the recording.
 * Node-level deltas were measured first and save nothing there: every ARP
 * broadcast reaches every host, so all 1,001 nodes change between any two
 * snapshots.
 */
export const COMPRESSED_FORMATS: ReadonlySet<string> = new Set(['fold-7', 'fold-8']);

/** What the snapshots table stores for a state's JSON in `format` (a run's and a walk's are written as bytes: encodeSnapshotBytes). */
export function encodeSnapshot(json: string, format: string): string | Uint8Array {
  return COMPRESSED_FORMATS.has(format) ? deflated(Buffer.from(json, 'utf8')) : json;
}

/** What the snapshots table stores for a state's JSON given as its UTF-8 bytes (state/snapshot-bytes.ts). */
export function encodeSnapshotBytes(utf8: Buffer, format: string): string | Uint8Array {
  return COMPRESSED_FORMATS.has(format) ? deflated(utf8) : utf8.toString('utf8');
}

function deflated(utf8: Uint8Array): Uint8Array {
  return deflateRawSync(utf8, { level: 1 });
}

/** A stored snapshot's JSON text; throws (for the caller to locate) when it is neither what `format` stores nor inflates. */
export function decodeSnapshot(stored: unknown, format: string): string {
  if (!COMPRESSED_FORMATS.has(format)) return String(stored);
  if (!(stored instanceof Uint8Array)) throw new Error(`a ${format} snapshot is compressed bytes, not ${typeof stored}`);
  return inflateRawSync(stored).toString('utf8');
}

/** A stored snapshot's length as the cadence counts it: characters of text, or bytes of a compressed one. */
export function storedLength(stored: string | Uint8Array): number {
  return typeof stored === 'string' ? stored.length : stored.byteLength;
}
