/**
 * GNU sleep's reading of its operands (coreutils 9.1 sleep.c): each is a
 * number as strtod reads it (decimal, exponent, hexadecimal, `inf`), not
 * negative, with at most one suffix of s, m, h or d; the operands add up.
 * What it refuses is said in its words, with usage()'s last line, status 1
 * (the oracle's R1-refusals, under LC_ALL=C).
 */
export type SleepInterval = { seconds: number } | { errors: string[] };

const SUFFIX_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const TRY_HELP = "Try 'sleep --help' for more information.";

export function parseSleepInterval(args: readonly string[]): SleepInterval {
  const operands: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && a === '--') options = false;
    else if (options && a.startsWith('--') && a.length > 2) return { errors: [`sleep: unrecognized option '${a}'`, TRY_HELP] };
    else if (options && a.startsWith('-') && a.length > 1) return { errors: [`sleep: invalid option -- '${a[1]}'`, TRY_HELP] };
    else operands.push(a);
  }
  if (operands.length === 0) return { errors: ['sleep: missing operand', TRY_HELP] };
  let seconds = 0;
  const errors: string[] = [];
  for (const operand of operands) {
    const s = operandSeconds(operand);
    if (s === undefined) errors.push(`sleep: invalid time interval '${operand}'`);
    else seconds += s;
  }
  return errors.length > 0 ? { errors: [...errors, TRY_HELP] } : { seconds };
}

/** One operand in seconds, or undefined when sleep refuses it. */
function operandSeconds(operand: string): number | undefined {
  const number = strtod(operand);
  if (number === undefined || !(number.value >= 0)) return undefined;
  const factor = SUFFIX_SECONDS[operand.slice(number.length)];
  return factor === undefined ? undefined : number.value * factor;
}

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const HEXADECIMAL = /^\s*([+-]?)0[xX]([\da-fA-F]+\.?[\da-fA-F]*|\.[\da-fA-F]+)([pP][+-]?\d+)?/;
const INFINITY = /^\s*[+-]?(infinity|inf)/i;

/** strtod's longest prefix of the text that is a number: its value and length. */
function strtod(text: string): { value: number; length: number } | undefined {
  const hex = HEXADECIMAL.exec(text);
  if (hex) {
    const [mantissa, exponent] = [hex[2]!, hex[3]];
    const point = mantissa.indexOf('.');
    const digits = mantissa.replace('.', '');
    const fraction = point < 0 ? 0 : mantissa.length - point - 1;
    const value = Number.parseInt(digits, 16) * 2 ** (Number(exponent?.slice(1) ?? 0) - 4 * fraction);
    return { value: hex[1] === '-' ? -value : value, length: hex[0].length };
  }
  const inf = INFINITY.exec(text);
  if (inf) return { value: inf[0].trim().startsWith('-') ? -Infinity : Infinity, length: inf[0].length };
  const dec = DECIMAL.exec(text);
  return dec ? { value: Number(dec[0]), length: dec[0].length } : undefined;
}
