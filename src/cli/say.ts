import { printable } from '../events/printable.js';

/** A line on stderr (a summary, a note, an error), its control characters made visible: it may quote a file's names. */
export function say(line: string): void {
  process.stderr.write(`${printable(line)}\n`);
}
