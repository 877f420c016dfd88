/** What a page read put in its array: how many events, and where the next page starts (undefined: no more). */
export interface LogPage {
  events: number;
  next: number | undefined;
}

/** How a recording stores its events: in blocks (schema version 6, block-pages.ts) or a row each (versions 2 to 5, row-pages.ts). */
export type LogLayout = 'blocks' | 'rows';

/**
 * A recording's events read a page at a time into an array of numbers
 * (LOG_COLUMNS order, log-blocks.ts; a missing frame or cause as NaN), each
 * checked as it is read. The reader, the fold and the read-ahead thread scan
 * both layouts through it, so a scan is written once.
 */
export interface LogPages {
  readonly layout: LogLayout;
  /** Where a scan that wants `seq` on starts: a page may start before `seq`, never after it. */
  startOf(seq: number): number;
  /** Reads the page that starts at `first` into `out` from `offset`, which must have room for PAGE_EVENTS events. */
  read(first: number, out: Float64Array, offset: number): LogPage;
}

/**
 * Every page of events from the one holding `from` on, each read into `out`
 * from 0: yields how many events it holds. The first page may start before `from`.
 */
export function* logPages(pages: LogPages, from: number, out: Float64Array): IterableIterator<number> {
  for (let next: number | undefined = pages.startOf(from); next !== undefined; ) {
    const page = pages.read(next, out, 0);
    next = page.next;
    yield page.events;
  }
}
