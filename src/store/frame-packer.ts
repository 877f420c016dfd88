/**
 * Frames first seen in a chunk: their ids, and their bytes end to end in one
 * buffer (frame i ends at ends[i]), so that a chunk's new frames reach the
 * recorder's thread as one buffer, shared or transferred, instead of a clone
 * of each.
 */
export interface PackedFrames {
  ids: number[];
  ends: number[];
  bytes: Uint8Array;
}

/** Room a packer starts with when it is given none. */
const FIRST_SIZE = 16 * 1024;

/**
 * Collects a chunk's new frames into one buffer: the room it is given (a
 * slot of the chunk ring, chunk-ring.ts), or, when the frames outgrow it,
 * memory of its own.
 */
export class FramePacker {
  private ids: number[] = [];
  private ends: number[] = [];
  private used = 0;

  constructor(private bytes: Uint8Array = new Uint8Array(FIRST_SIZE)) {}

  add(id: number, frame: Uint8Array): void {
    if (this.used + frame.length > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + frame.length));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    this.bytes.set(frame, this.used);
    this.used += frame.length;
    this.ids.push(id);
    this.ends.push(this.used);
  }

  /**
   * The frames added since the last call; the packer starts afresh in
   * `room`, or, given none, in a new buffer (only if this one was used).
   */
  take(room?: Uint8Array): PackedFrames {
    const packed: PackedFrames = { ids: this.ids, ends: this.ends, bytes: this.bytes.subarray(0, this.used) };
    if (room !== undefined) this.bytes = room;
    else if (this.used > 0) this.bytes = new Uint8Array(Math.max(FIRST_SIZE, this.used));
    this.ids = [];
    this.ends = [];
    this.used = 0;
    return packed;
  }
}

/** Each packed frame's id and bytes (views into the one buffer). */
export function forEachFrame(frames: PackedFrames, visit: (id: number, bytes: Uint8Array) => void): void {
  let start = 0;
  for (let i = 0; i < frames.ids.length; i++) {
    const end = frames.ends[i]!;
    visit(frames.ids[i]!, frames.bytes.subarray(start, end));
    start = end;
  }
}
