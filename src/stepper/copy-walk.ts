import type { SimEvent } from '../events/event.js';
import { copyOf } from '../events/frame-copy.js';
import type { RecordingReader } from '../store/recording.js';

/**
 * How far past a copy's last event to look for more of it: its rx comes a
 * wire's delay after its tx, and its consequences at once, so a copy that
 * shows nothing new for this many events has ended (trace's quiet window).
 */
const QUIET_EVENTS = 200_000;

/** The most copies made from one that the keys name (a hub repeats out of every port; a switch floods to each). */
const MADE_LIMIT = 64;

/** One event met walking a copy: one of the copy's own, or a tx that starts a copy made from it. */
interface Step {
  event: SimEvent;
  child: boolean;
}

/**
 * The events of copy `tx` (events/frame-copy.ts) and the copies made from
 * it, in seq order, from its tx on. An event is the copy's when its cause
 * is (an rx's cause is the tx; a flood's, the rx) and it carries the same
 * frame; a tx caused by one of them is a child copy, as the switch's flood
 * out of two ports makes two.
 */
function* walk(reader: RecordingReader, tx: SimEvent): Generator<Step> {
  const members = new Set([tx.seq]);
  let last = tx.seq;
  yield { event: tx, child: false };
  for (const e of reader.events({ from: tx.seq + 1 })) {
    if (e.seq - last > QUIET_EVENTS) return;
    if (e.frame !== tx.frame || e.cause === undefined || !members.has(e.cause)) continue;
    last = e.seq;
    if (e.kind === 'tx') {
      yield { event: e, child: true };
      continue;
    }
    members.add(e.seq);
    yield { event: e, child: false };
  }
}

/** Where the stepper's copy keys go, and what they say when they cannot go anywhere. */
export class CopyWalker {
  /** The last copy `next` walked to its end, and the copies made from it (a copy's events never change). */
  private ended: { tx: number; made: SimEvent[] } | undefined;

  constructor(private readonly reader: RecordingReader) {}

  /** The tx that started the copy `e` concerns; undefined when it concerns none. */
  copyTx(e: SimEvent): SimEvent | undefined {
    const copy = copyOf(e, (seq) => this.reader.event(seq));
    return copy === undefined ? undefined : this.reader.event(copy);
  }

  /** The copy's next event after `e` (N): its rx at the far end, then what that device decided. */
  next(e: SimEvent): SimEvent | undefined {
    const tx = this.copyTx(e);
    if (!tx) return undefined;
    const made: SimEvent[] = [];
    for (const s of walk(this.reader, tx)) {
      if (!s.child && s.event.seq > e.seq) return s.event;
      if (s.child && made.length < MADE_LIMIT) made.push(s.event);
    }
    // The copy ended: the keys then name the copies made from it, which this walk has just read to the end.
    this.ended = { tx: tx.seq, made };
    return undefined;
  }

  /** The copy's event before `e` (P), back to its tx. */
  previous(e: SimEvent): SimEvent | undefined {
    const tx = this.copyTx(e);
    if (!tx) return undefined;
    let before: SimEvent | undefined;
    for (const s of walk(this.reader, tx)) {
      if (s.event.seq >= e.seq) break;
      if (!s.child) before = s.event;
    }
    return before;
  }

  /** The txs of the copies made from `e`'s copy (]): where it multiplies. */
  children(e: SimEvent): SimEvent[] {
    const tx = this.copyTx(e);
    if (!tx) return [];
    if (this.ended?.tx === tx.seq) return this.ended.made;
    const out: SimEvent[] = [];
    for (const s of walk(this.reader, tx)) {
      if (s.child) out.push(s.event);
      if (out.length >= MADE_LIMIT) break;
    }
    return out;
  }

  /** The tx of the copy `e`'s copy was made from ([): one hop back towards the first sender. */
  parent(e: SimEvent): SimEvent | undefined {
    const tx = this.copyTx(e);
    if (tx?.cause === undefined) return undefined;
    const before = this.reader.event(tx.cause);
    return before && before.frame === tx.frame ? this.copyTx(before) : undefined;
  }
}
