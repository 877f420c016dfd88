// The frames of a classic pcap file (the oracle's tcpdump -w output), with
// their times: 24-byte global header, then 16-byte record headers
// (ts_sec, ts_usec, incl_len, orig_len), little- or big-endian by the magic.

import { readFileSync } from 'node:fs';

export interface PcapFrame {
  /** Seconds since the epoch, as the capture stamped the frame. */
  t: number;
  bytes: Uint8Array;
}

export function readPcapFrames(path: string): PcapFrame[] {
  const b = new Uint8Array(readFileSync(path));
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const little = view.getUint32(0, true) === 0xa1b2c3d4;
  const nano = view.getUint32(0, little) === 0xa1b23c4d;
  const frames: PcapFrame[] = [];
  for (let o = 24; o + 16 <= b.length; ) {
    const sec = view.getUint32(o, little);
    const frac = view.getUint32(o + 4, little);
    const len = view.getUint32(o + 8, little);
    frames.push({ t: sec + frac / (nano ? 1e9 : 1e6), bytes: b.slice(o + 16, o + 16 + len) });
    o += 16 + len;
  }
  return frames;
}
