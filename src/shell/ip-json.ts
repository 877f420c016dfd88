import type { Shell } from './shell.js';

/**
 * ip's JSON as iproute2 6.1's json_writer writes it: compact, the bytes of
 * JSON.stringify for what ip prints (strings, integers, arrays, objects); or
 * with -pretty, its own layout (lib/json_writer.c): four spaces a level, a
 * member on its own line, an array's items on the line it opens (`[ "UP","LOWER_UP" ]`,
 * `[ {`), and a space before its closing bracket.
 */
export function ipJson(value: unknown, pretty: boolean): string {
  if (!pretty) return JSON.stringify(value);
  const w = new PrettyWriter();
  w.value(value);
  return w.text;
}

class PrettyWriter {
  text = '';
  private depth = 0;
  /** What goes before the next item: ',' once a level has one, '' at its start (json_writer's sep). */
  private sep = '';

  value(v: unknown): void {
    if (Array.isArray(v)) {
      this.begin('[');
      this.text += ' ';
      for (const item of v) this.value(item);
      // jsonw_end_array: a space before `]` after items, and no new line.
      if (this.sep !== '') this.text += ' ';
      this.sep = '';
      this.end(']');
    } else if (v !== null && typeof v === 'object') {
      this.begin('{');
      for (const [key, item] of Object.entries(v)) {
        this.separate();
        this.newline();
        this.sep = '';
        this.text += `${JSON.stringify(key)}: `;
        this.value(item);
      }
      this.end('}');
    } else {
      this.separate();
      this.text += JSON.stringify(v);
    }
  }

  private separate(): void {
    this.text += this.sep;
    this.sep = ',';
  }

  private newline(): void {
    this.text += `\n${'    '.repeat(this.depth)}`;
  }

  private begin(c: string): void {
    this.separate();
    this.text += c;
    this.depth++;
    this.sep = '';
  }

  private end(c: string): void {
    this.depth--;
    if (this.sep !== '') this.newline();
    this.text += c;
    this.sep = ',';
  }
}

/** Prints ip's JSON for `value`, each line of it a line of output. */
export function printJson(sh: Shell, value: unknown, pretty: boolean): void {
  for (const line of ipJson(value, pretty).split('\n')) sh.out(line);
}
