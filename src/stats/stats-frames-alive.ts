import type { SimEvent } from '../events/event.js';

/**
 * Counts the frames alive at each event: copies a device decided to send
 * (`forward`/`flood` out N ports) that have not yet gone onto a wire, plus
 * frames on a wire (`tx`) that have not yet arrived (`rx`), been taken in by
 * a hub (its `flood` names the sender's `tx` as cause), been lost (`drop`), or
 * died in a `collision` (which names the senders' ports). Each end names what
 * it ends, so the bookkeeping is exact; it holds only the frames alive now,
 * which queues and cables bound. A host's own frames count from their `tx`
 * (a host queues without an event).
 *
 * A frame whose end is never recorded (a recording cut short by its event
 * limit) would stay alive forever; entries older than the ages below are let
 * go, far beyond any queue wait or wire time (1000 frames of 1500 bytes at
 * 10 Mbps drain in 1.2 s).
 */
const QUEUED_MAX_AGE_NS = 10e9;
const ON_WIRE_MAX_AGE_NS = 1e9;

export class FramesAlive {
  /** decision seq -> [copies not yet sent, time of the decision] */
  private readonly queued = new Map<number, [number, number]>();
  private queuedCount = 0;
  /** tx seq -> [time, `node:port` it left] */
  private readonly onWire = new Map<number, [number, string]>();

  get count(): number {
    return this.queuedCount + this.onWire.size;
  }

  add(e: SimEvent): void {
    switch (e.kind) {
      case 'forward':
      case 'flood':
        if (e.cause !== undefined) this.onWire.delete(e.cause);
        if (e.out && e.out.length > 0) {
          this.queued.set(e.seq, [e.out.length, e.t]);
          this.queuedCount += e.out.length;
        }
        break;
      case 'tx':
        if (e.cause !== undefined) this.sendCopy(e.cause);
        this.onWire.set(e.seq, [e.t, `${e.node}:${e.port ?? ''}`]);
        break;
      case 'rx':
        if (e.cause !== undefined) this.onWire.delete(e.cause);
        break;
      case 'drop':
        if (e.cause !== undefined && !this.onWire.delete(e.cause)) this.sendCopy(e.cause);
        break;
      case 'collision':
        for (const [seq, [, point]] of this.onWire) if (e.senders?.includes(point)) this.onWire.delete(seq);
        break;
      default:
        return;
    }
    this.forgetStale(e.t);
  }

  private sendCopy(decision: number): void {
    const entry = this.queued.get(decision);
    if (!entry) return;
    this.queuedCount--;
    if (--entry[0] === 0) this.queued.delete(decision);
  }

  /** Maps iterate in insertion order, which is time order: the oldest are first. */
  private forgetStale(now: number): void {
    for (const [seq, [t]] of this.onWire) {
      if (now - t <= ON_WIRE_MAX_AGE_NS) break;
      this.onWire.delete(seq);
    }
    for (const [seq, [copies, t]] of this.queued) {
      if (now - t <= QUEUED_MAX_AGE_NS) break;
      this.queuedCount -= copies;
      this.queued.delete(seq);
    }
  }
}
