import { ProgressLine, type ProgressOptions } from '../pipeline/progress-line.js';
import type { LineWriter } from '../pipeline/line-writer.js';

export interface ProgressFlags {
  json?: boolean;
  /** commander's `--no-progress` sets this to false. */
  progress?: boolean;
}

/**
 * The progress line on stderr, when there is someone to see it: stderr is a
 * terminal, the output is not `--json` (a program reads it), and the user did
 * not say `--no-progress`. `--quiet` hides the event lines, not this. When
 * stdout is the same terminal, its lines are written around the progress line
 * (taken down, written, put back), so neither overwrites the other.
 */
export function progressLine(flags: ProgressFlags, options: ProgressOptions, stdout?: LineWriter): ProgressLine | undefined {
  if (!process.stderr.isTTY || flags.json || flags.progress === false) return undefined;
  const line = new ProgressLine(process.stderr, options);
  if (stdout && process.stdout.isTTY) stdout.beside(line);
  return line;
}
