/**
 * The terminal stepper's keys: what each does, the help `?` shows, and the
 * footer that fits the screen's width. Packet Tracer's simulation panel shows
 * its controls at all times; a terminal has one line for them, so the
 * footer keeps as many as fit and always ends with how to see the rest and
 * how to leave.
 */

/** Keys that act at once, and the stepper command each one is. */
export const KEYS: Record<string, string> = {
  n: 'next',
  right: 'next',
  down: 'next',
  space: 'next',
  return: 'next',
  p: 'prev',
  left: 'prev',
  up: 'prev',
  N: 'next-copy',
  P: 'prev-copy',
  ']': 'copies',
  '[': 'made-from',
  c: 'cause',
  T: 'tables',
  d: 'layers',
  w: 'window',
  home: 'first',
  end: 'last',
  q: 'quit',
  escape: 'quit',
};

/** Keys that ask for a value first, with their prompt. */
export const PROMPTS: Record<string, string> = { g: 'goto ', t: 'time ', f: 'filter ', '/': '/' };

/** What `?` (or `h`) shows: every key. */
export const KEY_LINES = [
  'keys:',
  '  n → ↓ space enter   the next event (through the filter)',
  '  p ← ↑               the previous event',
  '  N / P               the next / previous event of this copy of the frame',
  '  ] / [               the copies made from this one / the copy it was made from',
  '  c                   the event that caused this one',
  '  g / home / end      go to event #SEQ / the first / the last event',
  '  t                   go to a virtual time (1.5s, 200us)',
  '  f                   filter: flood, kind=flood,forward node=sw1 proto=arp, off',
  '  /                   search forwards for text',
  '  a                   play: step on by itself (a again stops); + / - faster, slower',
  '  T                   tables on / off (> marks the row the event changed)',
  '  d                   the frame, layer by layer, on / off',
  '  w                   the events around this one on / off',
  '  j / k, PgDn / PgUp  scroll what is below the event, a line / a page',
  '  ? or h              these keys (any key returns)',
  '  q or Esc            quit',
];

/** The footer's items, most useful first. */
const FOOTER_ITEMS = ['n/→ next', 'p/← prev', 'N/P copy', 'c cause', 'a play', 'g #', 't time', 'f filter', '/ search', 'T tables'];
const FOOTER_END = '? keys  q quit';

/** As many footer items as fit `width`, then always `? keys  q quit`. */
export function footerFor(width: number): string {
  let line = '';
  for (const item of FOOTER_ITEMS) {
    const next = line ? `${line}  ${item}` : item;
    if (next.length + 2 + FOOTER_END.length > width) break;
    line = next;
  }
  return line ? `${line}  ${FOOTER_END}` : FOOTER_END;
}

/** Play speeds: milliseconds between steps, slowest first; `+` and `-` move along them. */
export const PLAY_INTERVALS_MS = [2000, 1000, 500, 250, 100, 40];
export const DEFAULT_PLAY_INTERVAL = 2;
