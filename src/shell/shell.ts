import type { Bridges } from './bridges.js';
import type { Kernel, Link, Namespace } from './kernel.js';
import type { LinkCounting } from './link-counters.js';

/**
 * What a script command runs with: the namespace it runs in (changed by `ip
 * netns exec` and `ip -n`), its output, and the line it came from. A command
 * returns its exit status, or undefined when it runs on in virtual time and
 * will call `finish` (ping, sleep, tcpdump).
 */
export interface Shell {
  readonly kernel: Kernel;
  readonly bridges: Bridges;
  /** Every device's packet and byte counters (`ip -s`). */
  readonly counters: LinkCounting;
  readonly ns: Namespace;
  /** Seq of the line's command event: the cause of what the command does. */
  readonly seq: number;
  /** `FILE:LINE`, for hoplab's own messages. */
  readonly where: string;
  /** A line on stdout; `cause` is the event it answers, the line's command unless told. */
  out(text: string, cause?: number): void;
  /** A line on stderr (Linux's error messages). */
  err(text: string, cause?: number): void;
  /** The line ends with `&`: its command runs on while the next lines run. */
  readonly background: boolean;
  /**
   * Where a command's files go (`tcpdump -w`), relative names resolved from
   * it; undefined when the run writes no files (verify, the header's silent run).
   */
  readonly outputFolder: string | undefined;
  /** A background command tells how to end it when the script's last line has run (SIGINT, as Ctrl-C). */
  onScriptEnd(interrupt: () => void): void;
  /** Calls `done` once every background command has ended (bash's `wait`). */
  waitForJobs(done: () => void): void;
  /** A file a command wrote could not be put in place: the run reports it at its end. */
  writeFailed(error: unknown): void;
  /** The same shell in another namespace. */
  in(ns: Namespace): Shell;
  /** Ends a command that ran on (exit status as in bash). */
  finish(status: number): void;
  /**
   * Says the command runs until it is interrupted: after the script's
   * interrupt time, `interrupt` is called as SIGINT would reach it (it prints
   * what the program prints then, and finishes the line), and the first such
   * line of a run says so on stderr. Nothing happens if the line has ended.
   */
  untilInterrupted(interrupt: () => void): void;
}

export type Status = number | undefined;

/** A line hoplab does not interpret: `FILE:LINE: message` on stderr, and the line fails. */
export function unsupported(sh: Shell, message: string): number {
  sh.err(`${sh.where}: ${message}`);
  return 1;
}

/** iproute2's matches(): a word selects a keyword it is a prefix of (`ip a`, `ip l sh`). */
export function matches(word: string | undefined, keyword: string): boolean {
  return word !== undefined && word.length > 0 && keyword.startsWith(word);
}

/** Looks a device up in the shell's namespace, printing iproute2's message when there is none. */
export function device(sh: Shell, name: string): Link | undefined {
  const link = sh.kernel.find(sh.ns, name);
  if (!link) sh.err(`Cannot find device "${name}"`);
  return link;
}

/** The `why` of a line a command prints on stderr; the output sink recognises it by its ending. */
export const STDERR_WHY_END = 'on stderr';
