/**
 * Text as a terminal will show it, not obey it. Names, command lines, program
 * output and sentences come from topology files, scripts and recordings,
 * which anyone may have written: an ESC sequence in a node's name would clear
 * the screen, retitle the window or (OSC 52) write the clipboard of whoever
 * lists the events. Every control character but tab and newline (C0, DEL and
 * the C1 range U+0080-U+009F, which some terminals obey as well) is written
 * as a visible escape, `\x1b`; colour (SGR: ESC [ digits m), which only
 * changes colours and which hoplab's own printer uses, is let through.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's purpose
const CONTROL_OR_COLOUR = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's purpose
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

export function printable(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL_OR_COLOUR, (m) => (m.length > 1 ? m : `\\x${m.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
