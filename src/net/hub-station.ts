import type { Frame } from '../devices/device.js';
import type { HubStation } from './hub-domain.js';

export interface Queued {
  frame: Frame;
  cause: number;
}

/** The frame a station is trying to get onto the segment, and how that has gone so far. */
export interface Attempt extends Queued {
  /** Collisions this frame has suffered (802.3 `attempts` minus the one in progress). */
  collisions: number;
  /** Why it waited before its last try: the segment was busy (carrier sense), or only the interframe gap. */
  waited: 'busy' | 'gap' | undefined;
  /** Slot times it waited after its last collision. */
  backoffSlots?: number;
  /** Its first bit has been on the wire at least once (until then it is still queued). */
  started?: boolean;
}

/**
 * A station's side of CSMA/CD: the frame it is sending (at most one at a
 * time, half duplex) and the drop-tail queue behind it, sized by its cable.
 */
export class HubStationState {
  current: Attempt | undefined;
  /** When the station's own last transmission (frame or jam) ended; the interframe gap counts from here too. */
  quietSince = -Infinity;
  private readonly queue: Queued[] = [];
  private head = 0;

  constructor(readonly spec: HubStation) {}

  get depth(): number {
    return this.queue.length - this.head;
  }

  /**
   * Frames not yet on the wire: the queue, and the current frame while it
   * still waits for its first try (a cable starts a frame at once; a station
   * on a hub may first defer). A frame backing off after a collision has been
   * sent once and counts no more, as the events show it (tx, then collision).
   */
  get waiting(): number {
    return this.depth + (this.current && !this.current.started ? 1 : 0);
  }

  enqueue(item: Queued): void {
    this.queue.push(item);
  }

  dequeue(): Queued | undefined {
    if (this.depth === 0) return undefined;
    const item = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as Queued;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }
}
