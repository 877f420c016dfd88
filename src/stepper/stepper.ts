import type { SimEvent } from '../events/event.js';
import { formatEvent } from '../events/format-event.js';
import type { NetState } from '../state/node-state.js';
import type { EventFilter, RecordingReader } from '../store/recording.js';
import { CopyWalker } from './copy-walk.js';
import { matchesFilter, parseFilter, type StepFilter } from './stepper-filter.js';

/** Where the state at an event comes from: the fold and its snapshots (store/snapshots.ts). */
export interface StateSource {
  stateAt(seq: number): NetState;
}

/** Events read per chunk when scanning backwards (the reader streams forwards only). */
const BACK_CHUNK = 512;

/**
 * Packet Tracer's simulation mode over a recording: a cursor on one event,
 * moved by next/previous (through the filter), along a frame's copy, cause, go-to and
 * search. It holds no state of its own beyond the cursor: the tables shown
 * at an event come from the fold, so stepping back shows exactly what
 * stepping forward did (STYLE rule 7).
 */
export class Stepper {
  readonly last: number;
  readonly nodes: string[];
  filter: StepFilter | undefined;
  private cursor: SimEvent;
  private readonly copies: CopyWalker;

  constructor(
    private readonly reader: RecordingReader,
    private readonly states: StateSource,
  ) {
    this.last = reader.status().events;
    this.nodes = reader.header().nodes.map((n) => n.name);
    this.copies = new CopyWalker(reader);
    const first = this.load(1);
    if (!first) throw new Error('the recording has no events');
    this.cursor = first;
  }

  get current(): SimEvent {
    return this.cursor;
  }

  /** The frame's bytes (give the stepper a reader that caches them: a storm re-sends the same few frames). */
  bytesOf = (e: SimEvent): Uint8Array | undefined => (e.frame === undefined ? undefined : this.reader.frame(e.frame));

  /** Event `seq` of the recording, if there is one (with its frame's bytes). */
  event(seq: number): SimEvent | undefined {
    const e = this.load(seq);
    return e && this.withBytes(e);
  }

  /** The state of every node just after the current event. */
  state(): NetState {
    return this.states.stateAt(this.cursor.seq);
  }

  /** Moves `count` matching events forwards (negative: backwards). Returns false when there is none. */
  step(count: number): boolean {
    const pass = (e: SimEvent): boolean => !this.filter || matchesFilter(this.filter, e, this.bytesOf);
    let found: SimEvent | undefined;
    let from = this.cursor;
    for (let i = 0; i < Math.abs(count); i++) {
      const e =
        count > 0 ? this.findForward(from.seq + 1, pass, this.prefilter()) : this.findBackward(from.seq - 1, pass, this.prefilter());
      if (!e) break;
      found = from = e;
    }
    return this.land(found);
  }

  /**
   * The next (or previous) event of the copy of the frame under the cursor
   * (events/frame-copy.ts): from a switch's tx to the rx at the far end, not
   * to the switch's next tx of the same bytes.
   */
  followCopy(direction: 1 | -1): boolean | 'no-copy' {
    if (this.copyTx() === undefined) return 'no-copy';
    return this.land(direction > 0 ? this.copies.next(this.cursor) : this.copies.previous(this.cursor));
  }

  /** The tx of the copy under the cursor; undefined when the event concerns no copy. */
  copyTx(): SimEvent | undefined {
    return this.cursor.frame === undefined ? undefined : this.copies.copyTx(this.cursor);
  }

  /** The txs of the copies made from the one under the cursor (a switch's flood makes one per port). */
  childCopies(): SimEvent[] {
    return this.copyTx() ? this.copies.children(this.cursor) : [];
  }

  /** The tx of the copy the current one was made from. */
  parentCopy(): SimEvent | undefined {
    return this.copyTx() ? this.copies.parent(this.cursor) : undefined;
  }

  /** To the event that caused this one; false for a scenario command. */
  cause(): boolean {
    return this.cursor.cause === undefined ? false : this.land(this.load(this.cursor.cause));
  }

  goto(seq: number): boolean {
    return this.land(this.load(seq));
  }

  /** To the first event at or after virtual time `t` (events are in time order: a binary search). */
  gotoTime(t: number): boolean {
    let lo = 1;
    let hi = this.last;
    if (hi < 1 || this.load(hi)!.t < t) return false;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.load(mid)!.t >= t) hi = mid;
      else lo = mid + 1;
    }
    return this.land(this.load(lo));
  }

  /** Sets the filter (undefined clears it) and moves to the first matching event from here on, if the current one does not match. */
  setFilter(text: string): boolean {
    this.filter = parseFilter(text, this.nodes);
    if (!this.filter || matchesFilter(this.filter, this.cursor, this.bytesOf)) return true;
    return this.step(1);
  }

  /** The next (or previous) event whose printed line or `why` contains `text`, case-insensitively. */
  search(text: string, direction: 1 | -1 = 1): boolean {
    const needle = text.toLowerCase();
    const pass = (e: SimEvent): boolean => {
      const b = this.bytesOf(e);
      if (b) e.bytes = b;
      return formatEvent(e).toLowerCase().includes(needle) || e.why.toLowerCase().includes(needle);
    };
    return this.land(direction > 0 ? this.findForward(this.cursor.seq + 1, pass) : this.findBackward(this.cursor.seq - 1, pass));
  }

  /** Up to `before` events before the current one and `after` after it, unfiltered, with bytes. */
  window(before: number, after: number): SimEvent[] {
    const from = Math.max(1, this.cursor.seq - before);
    const out: SimEvent[] = [];
    for (const e of this.reader.events({ from, to: this.cursor.seq + after })) out.push(this.withBytes(e));
    return out;
  }

  private land(e: SimEvent | undefined): boolean {
    if (!e) return false;
    this.cursor = this.withBytes(e);
    const copy = e.frame === undefined ? undefined : this.copies.copyTx(e)?.seq;
    if (copy !== undefined) e.copy = copy;
    return true;
  }

  private load(seq: number): SimEvent | undefined {
    return seq >= 1 && seq <= this.last ? this.reader.event(seq) : undefined;
  }

  private withBytes(e: SimEvent): SimEvent {
    const b = this.bytesOf(e);
    if (b) e.bytes = b;
    return e;
  }

  private findForward(from: number, pass: (e: SimEvent) => boolean, pre: EventFilter = {}): SimEvent | undefined {
    const it = this.reader.events({ from, ...pre });
    try {
      for (const e of it) if (pass(e)) return e;
    } finally {
      it.return?.();
    }
    return undefined;
  }

  private findBackward(from: number, pass: (e: SimEvent) => boolean, pre: EventFilter = {}): SimEvent | undefined {
    for (let hi = from; hi >= 1; hi -= BACK_CHUNK) {
      const chunk = [...this.reader.events({ from: Math.max(1, hi - BACK_CHUNK + 1), to: hi, ...pre })];
      for (let i = chunk.length - 1; i >= 0; i--) if (pass(chunk[i]!)) return chunk[i];
    }
    return undefined;
  }

  /** The filter's kinds and nodes, for the store to skip other rows before they are read. */
  private prefilter(): EventFilter {
    if (!this.filter) return {};
    return { ...(this.filter.kinds && { kinds: this.filter.kinds }), ...(this.filter.nodes && { nodes: this.filter.nodes }) };
  }
}
