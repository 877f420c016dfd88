/**
 * Where in a file bad input was found: 1-based line and column, as compilers
 * and `file:line:col` links in editors count them.
 */
export interface InputLocation {
  file: string;
  line?: number;
  col?: number;
}

/**
 * Bad input: something the user gave (a topology, a script, a recording, a
 * flag, an output path) that hoplab cannot use. It is the user's to fix, not
 * hoplab's fault: the CLI prints the message alone, without a stack, and
 * exits 2; a library caller catches this one class for every such case. Any
 * other error is a failure of hoplab or of the machine.
 *
 * The message is complete by itself (it names the file, line and column, or
 * the flag); `location`, when there is one, gives the place as data.
 */
export class InputError extends Error {
  override name = 'InputError';

  constructor(
    message: string,
    readonly location?: InputLocation,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Whether `e`, or the error it wraps (`cause`), is bad input; that one, if so. */
export function inputErrorOf(e: unknown): InputError | undefined {
  if (e instanceof InputError) return e;
  const cause = (e as { cause?: unknown } | undefined)?.cause;
  return cause instanceof InputError ? cause : undefined;
}
