import type { Shell } from './shell.js';

/** IFNAMSIZ: an interface name is at most 15 bytes and its NUL. */
const IFNAMSIZ = 16;
/** ALTIFNAMSIZ: what iproute2 lets through for a name given without `name`. */
const ALTIFNAMSIZ = 128;

/**
 * How a name was given: `name NAME` is checked by iproute2 as an interface
 * name (check_ifname), a bare `NAME` or `dev NAME` only as an alternative
 * name (check_altifname), which lets a long one through to the kernel.
 */
export type NameWord = 'name' | 'dev';

/**
 * iproute2's check (lib/utils.c check_ifname_common): not empty, no '/' and
 * no blank, and shorter than the size for its kind. Refused: invarg's line
 * and its exit(-1), status 255 (the oracle's R1-refusals).
 */
function iprouteRefuses(name: string, word: NameWord): boolean {
  const size = word === 'name' ? IFNAMSIZ : ALTIFNAMSIZ;
  return name === '' || /[/\s]/.test(name) || Buffer.byteLength(name) >= size;
}

/** The names iproute2 refuses before it asks the kernel; 255, or undefined when all pass. */
export function checkNamesAsIproute(sh: Shell, names: ReadonlyArray<{ name: string; word: NameWord }>): number | undefined {
  for (const { name, word } of names) {
    if (!iprouteRefuses(name, word)) continue;
    sh.err(`Error: argument "${name}" is wrong: "${word}" not a valid ifname`);
    return 255;
  }
  return undefined;
}

/**
 * The kernel's check of a name iproute2 sent: the IFLA_IFNAME policy refuses
 * 16 bytes and more (extack's "Attribute failed policy validation"), then
 * dev_valid_name() refuses ".", ".." and a ':' (EINVAL). Status 2, as ip
 * exits when RTNETLINK answers with an error.
 */
export function checkNameAsKernel(sh: Shell, name: string): number | undefined {
  if (Buffer.byteLength(name) >= IFNAMSIZ) {
    sh.err('Error: Attribute failed policy validation.');
    return 2;
  }
  if (name !== '.' && name !== '..' && !name.includes(':')) return undefined;
  sh.err('RTNETLINK answers: Invalid argument');
  return 2;
}
