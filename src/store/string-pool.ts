/**
 * One copy of each short string a fold keeps. Strings that cross a thread
 * (postMessage) or come out of SQLite are fresh copies every time, so a
 * 5,000-host run's 50,000 descriptions held 200,000 copies of a few thousand
 * node, port and MAC names in the recorder's worker (a heap snapshot, issue 21).
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  /** The pool's copy of `s`, which becomes the copy if it has none. */
  intern(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    this.pool.set(s, s);
    return s;
  }
}
