const NONE = 0;
const TX = 1;
const RX = 2;

/** `packetPoint` of a seq the ring does not hold as a tx or rx. */
export const NOT_A_PACKET = -2;

/**
 * The last `capacity` events by seq, in a ring indexed by seq: what a packet comment
 * needs to name its cause, in memory that does not grow with the recording. A cause
 * older than the window is named by seq only.
 *
 * Of a decision only its words (`W`, shared by every event with its description) and
 * its cause are kept; of a tx or rx its direction and point, all in typed arrays.
 * Holding the events themselves (and their frame bytes) for thousands of events would
 * move each of them into V8's old generation, where collecting them costs far more
 * than reading them did.
 */
export class RecentEvents<W> {
  private readonly seqs: Float64Array;
  private readonly packetKind: Uint8Array;
  private readonly points: Int32Array;
  /** An event's cause, NaN if it has none. */
  private readonly causes: Float64Array;
  private readonly decisions: Array<W | undefined>;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.seqs = new Float64Array(capacity);
    this.packetKind = new Uint8Array(capacity);
    this.points = new Int32Array(capacity);
    this.causes = new Float64Array(capacity);
    this.decisions = new Array<W | undefined>(capacity).fill(undefined);
  }

  /** A tx or rx at capture point `point` (-1: not a chosen one). */
  rememberPacket(seq: number, tx: boolean, point: number, cause: number | undefined): void {
    const i = seq % this.capacity;
    this.seqs[i] = seq;
    this.packetKind[i] = tx ? TX : RX;
    this.points[i] = point;
    this.decisions[i] = undefined;
    this.causes[i] = cause ?? NaN;
  }

  rememberDecision(seq: number, words: W, cause: number | undefined): void {
    const i = seq % this.capacity;
    this.seqs[i] = seq;
    this.packetKind[i] = NONE;
    this.decisions[i] = words;
    this.causes[i] = cause ?? NaN;
  }

  /** The words of decision `seq`, if the ring still holds it. */
  decision(seq: number): W | undefined {
    const i = seq % this.capacity;
    return this.seqs[i] === seq ? this.decisions[i] : undefined;
  }

  /** The cause of decision `seq` (which `decision` found), or undefined. */
  decisionCause(seq: number): number | undefined {
    const cause = this.causes[seq % this.capacity]!;
    return Number.isNaN(cause) ? undefined : cause;
  }

  /** The cause of event `seq` (a packet or a decision), if the ring still holds it and it has one. */
  causeOf(seq: number): number | undefined {
    const i = seq % this.capacity;
    if (this.seqs[i] !== seq) return undefined;
    const cause = this.causes[i]!;
    return Number.isNaN(cause) ? undefined : cause;
  }

  /** The capture point of tx or rx `seq` (-1: not a chosen one), or NOT_A_PACKET. */
  packetPoint(seq: number): number {
    const i = seq % this.capacity;
    return this.seqs[i] === seq && this.packetKind[i] !== NONE ? this.points[i]! : NOT_A_PACKET;
  }

  /** Whether `seq` is a tx the ring holds. */
  wasTx(seq: number): boolean {
    const i = seq % this.capacity;
    return this.seqs[i] === seq && this.packetKind[i] === TX;
  }
}

/**
 * Scenario and script commands, kept longer than the ring: a `ping -c 100000` is the
 * cause of every echo request it sends, long after the ring has forgotten it. Bounded
 * too (the oldest goes first), since a script can be any length.
 */
export class RecentCommands<W> {
  private readonly bySeq = new Map<number, { words: W; cause: number | undefined }>();

  constructor(readonly capacity: number) {}

  remember(seq: number, words: W, cause: number | undefined): void {
    this.bySeq.set(seq, { words, cause });
    if (this.bySeq.size > this.capacity) this.bySeq.delete(this.bySeq.keys().next().value!);
  }

  get(seq: number): { words: W; cause: number | undefined } | undefined {
    return this.bySeq.get(seq);
  }
}
