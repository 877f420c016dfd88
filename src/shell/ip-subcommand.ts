import { matches, unsupported, type Shell, type Status } from './shell.js';

/**
 * One command of an `ip` object, as iproute2 6.1 lists them in its do_*()
 * function: the keywords matches() takes for it, and what hoplab runs for it
 * (undefined: iproute2 has it, hoplab does not emulate it).
 */
export interface Subcommand {
  words: readonly string[];
  run?: (args: string[]) => Status;
}

/**
 * Runs the command `word` selects, tried in iproute2's order, so that an
 * abbreviation means what it means there (`ip link s` is `set`, tried before
 * `show`). A command iproute2 has and hoplab does not is hoplab's note, never
 * iproute2's "unknown" (which tells a reader their syntax is wrong); a word
 * iproute2 does not know either is its message and its exit(-1), status 255.
 */
export function runSubcommand(sh: Shell, object: string, word: string, args: string[], commands: readonly Subcommand[]): Status {
  const found = commands.find((c) => c.words.some((w) => matches(word, w)));
  if (!found) {
    sh.err(`Command "${word}" is unknown, try "ip ${object} help".`);
    return 255;
  }
  if (!found.run) return unsupported(sh, `hoplab does not emulate 'ip ${object} ${found.words[0]}'`);
  return found.run(args);
}
