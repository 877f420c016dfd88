/**
 * Bad input, located: `file:line:col: what is wrong`. The CLI prints the
 * message alone (no stack) and exits 2.
 */
export class TopologyError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${col}: ${problem}`);
    this.name = 'TopologyError';
  }
}
