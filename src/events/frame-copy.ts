import type { SimEvent } from './event.js';

/**
 * Which copy of a frame an event concerns. A storm sends the same bytes many
 * times, and the recording stores those bytes once (frames.id): the frame
 * says *what* was sent, the copy says *which sending*. A copy is named by the
 * seq of the tx that put it on a wire, as OMNeT++ names a message by the
 * event that sent it, and it is fully stated by the cause links the
 * recording already keeps:
 *
 * - a tx starts a copy: its copy is its own seq;
 * - an rx is caused by the tx whose signal arrived: its copy is that cause;
 * - any other event with a frame (flood, forward, deliver, filter, drop) is
 *   about the copy its cause concerns, when that cause carries the same
 *   frame: a switch's flood of what it received, the host's deliver, the
 *   drop at a full queue caused by that flood. A new tx out of the next
 *   port is a new copy, a child of the one received.
 *
 * An event with no frame (learn, neigh), or whose frame no earlier event of
 * its chain carried on a wire (a host building its ARP request, a router's
 * rewritten packet waiting for ARP), concerns no copy.
 */
export function copyOf(e: SimEvent, lookup: (seq: number) => SimEvent | undefined): number | undefined {
  let at: SimEvent | undefined = e;
  const frame = e.frame;
  if (frame === undefined) return undefined;
  while (at) {
    if (at.copy !== undefined) return at.copy;
    if (at.kind === 'tx') return at.seq;
    if (at.kind === 'rx') return at.cause;
    if (at.cause === undefined) return undefined;
    at = lookup(at.cause);
    if (at?.frame !== frame) return undefined;
  }
  return undefined;
}

/** How many recent events the tracker remembers: a decision's cause is a few events back, in the same instant. */
const RING = 1 << 16;
const MASK = RING - 1;

/**
 * copyOf for a stream, in seq order, without a lookup per event: it
 * remembers the copy of the last RING events with a frame, which holds every
 * cause a decision has (a device's decisions follow the rx that caused them
 * in the same instant, a few events later). A cause further back, or one a
 * filtered stream skipped, is asked of `lookup`; with no lookup (the live
 * run), such an event keeps the copy its producer stated, if any.
 */
export class CopyTracker {
  private readonly seqs = new Float64Array(RING);
  private readonly copies = new Float64Array(RING);
  private readonly frames = new Float64Array(RING);

  constructor(private readonly lookup?: (seq: number) => SimEvent | undefined) {}

  /** Sets `e.copy` (left undefined when it concerns no copy) and remembers it for the events it causes. */
  assign(e: SimEvent): void {
    const frame = e.frame;
    if (frame === undefined) return;
    if (e.kind === 'tx') {
      // What a tx causes with its frame is an rx (whose copy is its cause), or what a medium
      // states (a hub's repeat, a frame lost at a down port): a tx need not be remembered.
      e.copy = e.seq;
      return;
    }
    const copy = e.copy ?? this.copyFor(e, frame);
    if (copy === undefined) return;
    e.copy = copy;
    const slot = e.seq & MASK;
    this.seqs[slot] = e.seq;
    this.copies[slot] = copy;
    this.frames[slot] = frame;
  }

  private copyFor(e: SimEvent, frame: number): number | undefined {
    if (e.kind === 'rx') return e.cause;
    const cause = e.cause;
    if (cause === undefined) return undefined;
    const slot = cause & MASK;
    if (this.seqs[slot] === cause) return this.frames[slot] === frame ? this.copies[slot] : undefined;
    return this.lookup ? copyOf(e, this.lookup) : undefined;
  }
}
