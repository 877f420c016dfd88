import type { SimEvent } from '../events/event.js';

/** What the ring knows of a recent tx or rx: its direction and capture point (-1: not a chosen one). */
export interface RecentPacket {
  tx: boolean;
  point: number;
}

const NONE = 0;
const TX = 1;
const RX = 2;

/**
 * The last `capacity` events by seq, in a ring indexed by seq: what a packet comment
 * needs to name its cause, in memory that does not grow with the recording. A cause
 * older than the window is named by seq only.
 *
 * Decisions are kept whole (their `why` is quoted); of a tx or rx only its direction and
 * point, in typed arrays. Holding the packets' event objects (and their frame bytes)
 * for thousands of events would move each of them into V8's old generation, where
 * collecting them costs far more than reading them did.
 */
export class RecentEvents {
  private readonly seqs: Float64Array;
  private readonly packetKind: Uint8Array;
  private readonly packetPoint: Int32Array;
  private readonly decisions: Array<SimEvent | undefined>;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.seqs = new Float64Array(capacity);
    this.packetKind = new Uint8Array(capacity);
    this.packetPoint = new Int32Array(capacity);
    this.decisions = new Array<SimEvent | undefined>(capacity).fill(undefined);
  }

  rememberPacket(seq: number, tx: boolean, point: number): void {
    const i = seq % this.capacity;
    this.seqs[i] = seq;
    this.packetKind[i] = tx ? TX : RX;
    this.packetPoint[i] = point;
    this.decisions[i] = undefined;
  }

  rememberDecision(e: SimEvent): void {
    const i = e.seq % this.capacity;
    this.seqs[i] = e.seq;
    this.packetKind[i] = NONE;
    this.decisions[i] = e;
  }

  decision(seq: number): SimEvent | undefined {
    const i = seq % this.capacity;
    return this.seqs[i] === seq ? this.decisions[i] : undefined;
  }

  packet(seq: number): RecentPacket | undefined {
    const i = seq % this.capacity;
    if (this.seqs[i] !== seq || this.packetKind[i] === NONE) return undefined;
    return { tx: this.packetKind[i] === TX, point: this.packetPoint[i]! };
  }
}

/**
 * Scenario and script commands, kept longer than the ring: a `ping -c 100000` is the
 * cause of every echo request it sends, long after the ring has forgotten it. Bounded
 * too (the oldest goes first), since a script can be any length.
 */
export class RecentCommands {
  private readonly bySeq = new Map<number, SimEvent>();

  constructor(readonly capacity: number) {}

  remember(e: SimEvent): void {
    this.bySeq.set(e.seq, e);
    if (this.bySeq.size > this.capacity) this.bySeq.delete(this.bySeq.keys().next().value!);
  }

  get(seq: number): SimEvent | undefined {
    return this.bySeq.get(seq);
  }
}
