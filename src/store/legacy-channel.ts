import type { AppChannel } from '../events/event.js';

/**
 * The `why` ending of a script command's error line, as hoplab's shell
 * writes it (shell/runner.ts: "the command fails in NS and says why on
 * stderr").
 */
export const LEGACY_STDERR_WHY_END = 'on stderr';

/**
 * Which stream an app line of a schema 1–3 recording went to. Those
 * recordings do not store it (schema version 4 does: the `channel` column),
 * and hoplab then told it from the line itself, as this does, for them
 * alone: a script command's error said so at the end of its why, and
 * ping's own messages, which iputils writes to stderr, start "ping: ".
 * Every other line went to stdout. No other reader derives a channel from
 * text.
 */
export function legacyChannel(why: string, text: string | null | undefined): AppChannel {
  return why.endsWith(LEGACY_STDERR_WHY_END) || (text ?? '').startsWith('ping: ') ? 'stderr' : 'stdout';
}
