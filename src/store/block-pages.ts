import type Database from 'better-sqlite3';
import { BLOCK_EVENTS, LOG_WIDTH, parseLogBlock } from './log-blocks.js';
import { RecordingError } from './recording.js';
import type { LogPage, LogPages } from './log-pages.js';
import { checkedDescriptionId, checkedLogRow, missingEvents } from './row-checks.js';

/** Blocks a reader asks SQLite for at once: a page of at most 4,096 events. */
const PAGE_BLOCKS = 64;
/** The most events a page holds, and so the room, in events, that `read` needs. */
export const PAGE_EVENTS = PAGE_BLOCKS * BLOCK_EVENTS;

type BlockValues = [first: unknown, t: unknown, events: unknown];
/** The longest block text whose bad event is named (`explainEvents`). */
const EXPLAINED_LENGTH = 1 << 16;

/**
 * Reads event_blocks (schema version 6, log-blocks.ts) a page of blocks at a
 * time, each block checked and parsed into numbers (LOG_COLUMNS order, a
 * missing frame or cause as NaN). Each query finds its first block by its
 * primary key, so a read from any seq costs one b-tree descent. A block that is
 * not what hoplab writes (a damaged or hand-edited recording: SQLite keeps
 * whatever a column is given) is a located RecordingError, and so is a block
 * that does not start where the one before it ended.
 */
export class BlockPages implements LogPages {
  readonly layout = 'blocks';
  private readonly pageStmt: Database.Statement;
  private readonly holderStmt: Database.Statement;
  private readonly lastStmt: Database.Statement;
  /** One block, for `event`. */
  private readonly one = new Float64Array(BLOCK_EVENTS * LOG_WIDTH);

  constructor(
    private readonly path: string,
    db: Database.Database,
  ) {
    this.pageStmt = db
      .prepare(`SELECT first, t, events FROM event_blocks NOT INDEXED WHERE first >= ? ORDER BY first LIMIT ${PAGE_BLOCKS}`)
      .raw();
    this.holderStmt = db
      .prepare('SELECT first, t, events FROM event_blocks NOT INDEXED WHERE first <= ? ORDER BY first DESC LIMIT 1')
      .raw();
    this.lastStmt = db.prepare('SELECT first, t, events FROM event_blocks NOT INDEXED ORDER BY first DESC LIMIT 1').raw();
  }

  /** Where a scan that wants `seq` on starts: the first seq of the block that holds it, or `seq` when none does. */
  startOf(seq: number): number {
    const holder = this.holderStmt.get(seq) as BlockValues | undefined;
    return holder === undefined ? seq : (holder[0] as number);
  }

  /**
   * Reads the blocks from the one starting at `first` on (from the next one
   * when none starts there) into `out` from `offset`, which must have room
   * for PAGE_EVENTS events.
   */
  read(first: number, out: Float64Array, offset: number): LogPage {
    const blocks = this.pageStmt.all(first) as BlockValues[];
    let events = 0;
    let expected: number | undefined;
    for (const block of blocks) {
      const start = block[0] as number;
      if (expected !== undefined && start !== expected) throw missingEvents(this.path, expected, start);
      const count = this.parsed(block, out, offset + events * LOG_WIDTH);
      events += count;
      expected = start + count;
    }
    return { events, next: blocks.length < PAGE_BLOCKS ? undefined : expected };
  }

  /** The seq of the last event stored (0 when there is none): the last block's first plus its count. */
  lastSeq(): number {
    const last = this.lastStmt.get() as BlockValues | undefined;
    return last === undefined ? 0 : (last[0] as number) + this.parsed(last, this.one, 0) - 1;
  }

  /** Puts event `seq` in `out` (LOG_WIDTH numbers); false when no block holds it. */
  event(seq: number, out: Float64Array): boolean {
    const holder = this.holderStmt.get(seq) as BlockValues | undefined;
    if (holder === undefined) return false;
    const count = this.parsed(holder, this.one, 0);
    const index = seq - (holder[0] as number);
    if (index >= count) return false;
    out.set(this.one.subarray(index * LOG_WIDTH, (index + 1) * LOG_WIDTH));
    return true;
  }

  /** A block checked and parsed into `out` at `offset`: its number of events. */
  private parsed([first, t, events]: BlockValues, out: Float64Array, offset: number): number {
    const where = (): string => `${this.path}: damaged recording: the event block at ${String(first)}`;
    if (typeof first !== 'number' || !Number.isSafeInteger(first) || first < 1)
      throw new RecordingError(`${this.path}: damaged recording: an event block starts at ${String(first)}, not at a seq`);
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
      throw new RecordingError(`${where()} has time ${String(t)}, not a whole number of nanoseconds`);
    const count = typeof events === 'string' ? parseLogBlock(first, t, events, out, offset) : -1;
    if (count < 0) {
      this.explainEvents(first, t, events);
      throw new RecordingError(`${where()} does not hold events as hoplab writes them ([[dt, frame, back, description], ...])`);
    }
    return count;
  }

  /**
   * Where a block's text is JSON, names its first bad event as the version 2 to 5
   * reader named a bad row (row-checks.ts); returns when it finds none to name.
   */
  private explainEvents(first: number, t: number, events: unknown): void {
    // A block hoplab writes is under 5 kB: a longer text is not parsed again to be explained.
    if (typeof events !== 'string' || events.length > EXPLAINED_LENGTH) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(events);
    } catch {
      return;
    }
    if (!Array.isArray(parsed)) return;
    for (const [index, event] of parsed.entries()) {
      if (!Array.isArray(event) || event.length !== 4) return;
      const seq = first + index;
      const [dt, frame, back, description] = event as unknown[];
      checkedLogRow(
        this.path,
        seq,
        typeof dt === 'number' ? t + dt : dt,
        frame === 0 ? null : frame,
        back === 0 ? null : typeof back === 'number' ? seq - back : back,
      );
      checkedDescriptionId(this.path, seq, description);
    }
  }
}
