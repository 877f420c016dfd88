/**
 * A page of event_log rows read as one string: SQLite prints the page's integers
 * (`seq,t,frame,cause,description;...`, a NULL as nothing) and a digit loop here
 * puts them in a Float64Array. better-sqlite3 returns rows as one JS array per
 * row and one JS value per column; on the storm's log that costs ~0.7 µs a row
 * against ~0.45 µs for this (4096-row pages, measured). row-pages.ts reads
 * version 2 to 5 recordings with it, and it checks what it parses: a page that
 * is not rows of five non-negative integers in increasing seq order (a damaged
 * or hand-edited recording) is read again as rows.
 */

import { LOG_WIDTH } from './log-blocks.js';

const ZERO = 0x30;
const NINE = 0x39;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

/**
 * The query for one page as text: its row count, its last seq and its rows.
 * `pageSql` selects seq, t, frame, cause, description in seq order. The rows
 * come in the subquery's order (how SQLite feeds an aggregate); `parsePageText`
 * checks it rather than trusting it.
 */
export function pageTextSql(pageSql: string): string {
  const row = "seq || ',' || t || ',' || ifnull(frame, '') || ',' || ifnull(cause, '') || ',' || description";
  return `SELECT count(*), max(seq), group_concat(${row}, ';') FROM (${pageSql})`;
}

/**
 * Parses `rows` rows of `text` into `out` from `offset`, LOG_WIDTH numbers a row,
 * a NULL frame or cause as NaN. False (and `out` partly written) if the text is
 * anything else: not exactly that many rows of five fields, a field that is not a
 * plain non-negative safe integer, a seq not above the one before, or a NULL where
 * the schema has NOT NULL.
 */
export function parsePageText(text: string | null, rows: number, out: Float64Array, offset: number): boolean {
  if (text === null) return rows === 0;
  const fields = rows * LOG_WIDTH;
  let field = 0;
  let value = 0;
  let digits = 0;
  let previousSeq = -1;
  for (let i = 0, n = text.length; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : SEMICOLON;
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits++;
      continue;
    }
    const column = field % LOG_WIDTH;
    // A row ends after its fifth field, and only there.
    if ((c === SEMICOLON) !== (column === LOG_WIDTH - 1) || (c !== COMMA && c !== SEMICOLON)) return false;
    if (field === fields) return false;
    if (digits === 0) {
      // Only frame (2) and cause (3) may be NULL.
      if (column !== 2 && column !== 3) return false;
      out[offset + field] = NaN;
    } else {
      // Digit by digit is exact up to 2^53; a larger value is read as SQLite gives it.
      if (value > Number.MAX_SAFE_INTEGER) return false;
      if (column === 0) {
        if (value <= previousSeq) return false;
        previousSeq = value;
      }
      out[offset + field] = value;
    }
    field++;
    value = 0;
    digits = 0;
  }
  return field === fields;
}
