/**
 * ping's command line as iputils 20221126 reads it (ping/ping.c main()):
 * getopt's grouping (`-qc1` is `-q -c 1`), then its own refusals, in its
 * words and with its exit status, before hoplab's parser sees the options.
 * What iputils accepts but hoplab does not emulate is left to that parser,
 * which says so with FILE:LINE.
 */

/** The options of iputils ping that take a value (its getopt string), whether hoplab emulates them or not. */
const TAKES_VALUE = new Set('cFiIlmMpQsStTwW'.split(''));

/** The words after `ping`, one option or value each: getopt's `-c1` and `-qn` split apart. */
export function getoptWords(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (!/^-[^-]/.test(w)) {
      out.push(w);
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const letter = w[k]!;
      out.push(`-${letter}`);
      if (TAKES_VALUE.has(letter)) {
        if (k + 1 < w.length) out.push(w.slice(k + 1));
        else if (i + 1 < args.length) out.push(args[++i]!);
        break;
      }
    }
  }
  return out;
}

export interface PingRefusal {
  message: string;
  status: number;
}

/**
 * What iputils refuses before it resolves the destination: a `-t` or `-w`
 * that strtol_or_err() rejects ("invalid argument", status 1), an unknown
 * `-M` mode (status 2) and no destination at all ("usage error", status 1).
 * `-t 0` passes here; setsockopt(IP_TTL) refuses it when ping starts.
 */
export function pingRefusal(words: readonly string[]): PingRefusal | undefined {
  let destination = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-') || w === '-') {
      destination = true;
      continue;
    }
    const letter = w.slice(1);
    if (!TAKES_VALUE.has(letter)) continue;
    const value = words[++i];
    if (value === undefined) break;
    const refused =
      letter === 't'
        ? numberRefusal(value, 0, 255)
        : letter === 'w'
          ? numberRefusal(value, 0, 2147483647)
          : letter === 'M'
            ? modeRefusal(value)
            : undefined;
    if (refused) return refused;
  }
  if (!destination) return { message: 'ping: usage error: Destination address required', status: 1 };
  return undefined;
}

/** strtol_or_err(): the whole word a decimal number within [min, max] (iputils' common.c). */
function numberRefusal(value: string, min: number, max: number): PingRefusal | undefined {
  if (!/^\s*[+-]?\d+$/.test(value)) return { message: `ping: invalid argument: '${value}'`, status: 1 };
  const n = Number(value);
  if (n < min || n > max) return { message: `ping: invalid argument: '${value}': out of range: ${min} <= value <= ${max}`, status: 1 };
  return undefined;
}

/** -M: do, dont, want or probe, else error(2, 0, "invalid -M argument: %s"). */
function modeRefusal(value: string): PingRefusal | undefined {
  if (['do', 'dont', 'want', 'probe'].includes(value)) return undefined;
  return { message: `ping: invalid -M argument: ${value}`, status: 2 };
}
