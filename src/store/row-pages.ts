import type Database from 'better-sqlite3';
import { PAGE_EVENTS } from './block-pages.js';
import { LOG_WIDTH } from './log-blocks.js';
import { pageTextSql, parsePageText } from './log-page-text.js';
import type { LogPage, LogPages } from './log-pages.js';
import { checkedDescriptionId, checkedLogRow } from './row-checks.js';

type RowValues = [seq: number, t: unknown, frame: unknown, cause: unknown, description: unknown];
const PAGE_SQL = `SELECT seq, t, frame, cause, description FROM event_log NOT INDEXED WHERE seq >= ? ORDER BY seq LIMIT ${PAGE_EVENTS}`;

/**
 * Reads a version 2 to 5 recording's event_log table, a row per event, a page
 * of PAGE_EVENTS rows at a time into the array as block-pages.ts puts a
 * block's events, so that the read-ahead thread scans old recordings as it
 * scans new ones. A page is read as text (log-page-text.ts: a third less than
 * rows cost); one whose text or values are not what hoplab writes is read
 * again as rows, and its first bad row named (row-checks.ts). Each page finds
 * its first row by the primary key: a read from any seq costs one b-tree descent.
 */
export class RowPages implements LogPages {
  readonly layout = 'rows';
  private readonly textStmt: Database.Statement;
  private readonly rowsStmt: Database.Statement;

  constructor(
    private readonly path: string,
    db: Database.Database,
  ) {
    this.textStmt = db.prepare(pageTextSql(PAGE_SQL)).raw();
    this.rowsStmt = db.prepare(PAGE_SQL).raw();
  }

  startOf(seq: number): number {
    return seq;
  }

  read(first: number, out: Float64Array, offset: number): LogPage {
    const [count, last, text] = this.textStmt.get(first) as [number, number | null, string | null];
    if (!parsePageText(text, count, out, offset) || !plausible(out, offset, count)) return this.readRows(first, out, offset);
    return { events: count, next: count < PAGE_EVENTS || last === null ? undefined : last + 1 };
  }

  /** The page read as rows, each checked: a bad one is a located RecordingError. */
  private readRows(first: number, out: Float64Array, offset: number): LogPage {
    const rows = this.rowsStmt.all(first) as RowValues[];
    let at = offset;
    for (const [seq, t, frame, cause, description] of rows) {
      checkedLogRow(this.path, seq, t, frame, cause);
      checkedDescriptionId(this.path, seq, description);
      out[at] = seq;
      out[at + 1] = t as number;
      out[at + 2] = (frame as number | null) ?? NaN;
      out[at + 3] = (cause as number | null) ?? NaN;
      out[at + 4] = description as number;
      at += LOG_WIDTH;
    }
    const last = rows.at(-1);
    return { events: rows.length, next: rows.length < PAGE_EVENTS || last === undefined ? undefined : last[0] + 1 };
  }
}

/**
 * Whether parsed rows hold what checkedLogRow and checkedDescriptionId accept,
 * given that parsePageText has already refused all but non-negative integers:
 * a frame and a description of at least 1, a cause from 1 to the seq before.
 */
function plausible(v: Float64Array, offset: number, rows: number): boolean {
  for (let i = 0, at = offset; i < rows; i++, at += LOG_WIDTH) {
    const frame = v[at + 2]!;
    const cause = v[at + 3]!;
    if (frame === 0 || cause === 0 || cause >= v[at]! || v[at + 4] === 0) return false;
  }
  return true;
}
