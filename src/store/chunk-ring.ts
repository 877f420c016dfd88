import { LOG_WIDTH } from './log-blocks.js';

/**
 * The memory a run's chunks are written into (event-chunks.ts), shared with
 * the recorder's worker: a ring of slots, each a chunk's event_log numbers
 * and room for the new frames of a typical chunk. A chunk sent to the worker
 * then carries views of its slot, which postMessage shares instead of
 * moving, and the next chunk reuses a slot instead of allocating. Allocating
 * and transferring two buffers cost 30-160 µs a chunk, against 4 µs for a
 * message of views (issue 21); a million-event run makes about 500 chunks.
 *
 * A slot is written again only once the worker has written the chunk that
 * was in it (the writer waits for that, and sizes the ring so that it
 * seldom has to).
 */
export class ChunkRing {
  private readonly memory: SharedArrayBuffer;
  private readonly slotBytes: number;
  private readonly logBytes: number;

  constructor(
    readonly slots: number,
    readonly chunkEvents: number,
    readonly frameBytes: number,
  ) {
    this.logBytes = chunkEvents * LOG_WIDTH * Float64Array.BYTES_PER_ELEMENT;
    this.slotBytes = this.logBytes + frameBytes;
    this.memory = new SharedArrayBuffer(slots * this.slotBytes);
  }

  /** The slot chunk number `chunk` is written into (chunks are numbered from 0 in the order they are made). */
  slotOf(chunk: number): number {
    return chunk % this.slots;
  }

  /** The event_log numbers of slot `slot`: chunkEvents rows of LOG_WIDTH. */
  log(slot: number): Float64Array {
    return new Float64Array(this.memory, slot * this.slotBytes, this.chunkEvents * LOG_WIDTH);
  }

  /** The room for slot `slot`'s new frames (a chunk with more grows out of it, into memory of its own: frame-packer.ts). */
  frames(slot: number): Uint8Array {
    return new Uint8Array(this.memory, slot * this.slotBytes + this.logBytes, this.frameBytes);
  }
}
