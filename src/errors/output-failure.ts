/**
 * An output that failed while hoplab was writing it: a full disk (ENOSPC,
 * SQLite's SQLITE_FULL), an I/O error (EIO), standard output on /dev/full. Not
 * the user's input (that is InputError, exit 2) and not a bug of hoplab (a
 * stack trace): the machine's. The CLI prints the message alone, which names
 * the file and the cause, and exits 1.
 */
export class OutputFailure extends Error {
  override name = 'OutputFailure';

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot write ${file}: ${causeOf(cause)}`, { cause });
  }
}

/** Whether `e`, or an error it wraps (`cause`, a few levels deep), is an OutputFailure; that one, if so. */
export function outputFailureOf(e: unknown): OutputFailure | undefined {
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    if (e instanceof OutputFailure) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * "ENOSPC: no space left on device" without Node's ", write" or ", open '…'"
 * tail (it may name a temporary file the user never asked for); SQLite's
 * message with its code ("database or disk is full (SQLITE_FULL)").
 */
export function causeOf(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: unknown } | null)?.code;
  const errno = /^([A-Z][A-Z0-9_]*): ([^,]*)/.exec(message);
  if (errno) return `${errno[1]}: ${errno[2]}`;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? `${message} (${code})` : message;
}
