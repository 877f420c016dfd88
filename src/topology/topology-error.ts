import { InputError } from '../errors/input-error.js';

/**
 * Bad input in a topology file, located: `file:line:col: what is wrong`.
 * The CLI prints the message alone (no stack) and exits 2.
 */
export class TopologyError extends InputError {
  override name = 'TopologyError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${col}: ${problem}`, { file, line, col });
  }
}
