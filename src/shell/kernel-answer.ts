import type { Shell } from './shell.js';

/** The kernel refused with an errno and no extended ack: ip prints "RTNETLINK answers: STRERROR" and exits 2. */
export function rtnetlink(sh: Shell, message: string): number {
  sh.err(`RTNETLINK answers: ${message}`);
  return 2;
}

/** The kernel refused with an extended ack (NL_SET_ERR_MSG): ip prints "Error: MESSAGE" and exits 2. */
export function extack(sh: Shell, message: string): number {
  sh.err(`Error: ${message}`);
  return 2;
}
