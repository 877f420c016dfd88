/**
 * Transmissions onto a hub's shared segment whose fate the capture does not know yet.
 * A station's tx is recorded when its first bit leaves (IEEE 802.3 clause 4.2.3.2):
 * whether it collides shows only later, in a `collision` event at the hub naming the
 * senders, and what the station then did later still (its retry, a tx caused by the
 * collision, or its give-up, a `drop (collision)`). The capture sink keeps such a
 * packet (and, to keep the file in time order, every packet after it) until its fate
 * is known, so that its comment can say it. A frame that got through is known to
 * have when one of its copies arrives somewhere, or when its station sends the next.
 *
 * There are at most a few entries (one or two per station of a segment); the held
 * packets stay bounded by the sink's MAX_PENDING, which writes them anyway when full.
 */

const SENT = 0;
const COLLIDED = 1;

interface Entry<P> {
  /** The tx's seq, and its index among the held packets. */
  seq: number;
  held: number;
  point: P;
  state: typeof SENT | typeof COLLIDED;
  /** The collision's seq, once collided. */
  collision: number;
}

/** Hops a copy of a frame can take from its station's tx to an arrival: tx, flood, tx, rx across hubs. */
const MAX_WALK = 16;

export class SegmentFates<P> {
  private entries: Array<Entry<P>> = [];

  /** Whether any held packet waits for its fate: the sink holds what follows it too. */
  get pending(): boolean {
    return this.entries.length > 0;
  }

  /** A station's tx onto a shared segment, held at `held`; its station's earlier frame, if unsettled, got through. */
  sent(seq: number, held: number, point: P): void {
    this.entries = this.entries.filter((x) => x.point !== point || x.state !== SENT);
    this.entries.push({ seq, held, point, state: SENT, collision: 0 });
  }

  /** The held packet of the frame `point` had on the segment when collision `seq` happened, or -1; it now waits for its retry or give-up. */
  collided(point: P, seq: number): number {
    const x = this.entries.find((x) => x.point === point && x.state === SENT);
    if (!x) return -1;
    x.state = COLLIDED;
    x.collision = seq;
    return x.held;
  }

  /** The held packet that collision `collision` left waiting at `point`, or -1; settled by this retry or give-up. */
  retried(point: P, collision: number): number {
    const i = this.entries.findIndex((x) => x.point === point && x.state === COLLIDED && x.collision === collision);
    if (i < 0) return -1;
    const held = this.entries[i]!.held;
    this.entries.splice(i, 1);
    return held;
  }

  /**
   * A frame arrived (or was lost arriving) with cause `cause`: following the cause links
   * back (`causeOf`), the station's tx it came from got through and is settled.
   */
  arrived(cause: number | undefined, causeOf: (seq: number) => number | undefined): void {
    for (let hops = 0; cause !== undefined && hops < MAX_WALK; hops++) {
      const seq = cause;
      const i = this.entries.findIndex((x) => x.seq === seq && x.state === SENT);
      if (i >= 0) {
        this.entries.splice(i, 1);
        return;
      }
      cause = causeOf(seq);
    }
  }

  /** The held packets were written: nothing is waiting any more. */
  clear(): void {
    if (this.entries.length > 0) this.entries = [];
  }
}
