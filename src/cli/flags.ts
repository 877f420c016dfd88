import { parseDuration } from '../topology/units.js';
import { UsageError } from './usage-error.js';

/** Flag values, checked: a wrong one names the flag (exit 2). */
export function durationFlag(flag: string) {
  return (value: string): number => {
    const ns = parseDuration(value);
    if (ns === undefined) throw new UsageError(`${flag}: '${value}' is not a duration (e.g. 10s, 500ms, 20us)`);
    return ns;
  };
}

export function integerFlag(flag: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new UsageError(`${flag}: '${value}' must be a whole number from ${min} to ${max}`);
    }
    return Number(value);
  };
}

export function numberFlag(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: '${value}' must be a positive number`);
    return n;
  };
}

export function listFlag(flag: string, allowed?: readonly string[]) {
  return (value: string, previous: string[] = []): string[] => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const i of items) {
      if (allowed && !allowed.includes(i)) throw new UsageError(`${flag}: unknown value '${i}' (one of: ${allowed.join(', ')})`);
    }
    return [...previous, ...items];
  };
}

/** Colour on a terminal only, and never with NO_COLOR (no-color.org). */
export function useColor(fd: number): boolean {
  return process.env.NO_COLOR === undefined && require_tty(fd);
}

function require_tty(fd: number): boolean {
  return fd === 1 ? process.stdout.isTTY === true : process.stderr.isTTY === true;
}

/** A flag taking one of a few words (commander parser); anything else names the flag and the words. */
export function choiceFlag<T extends string>(flag: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag}: '${value}' is not one of: ${allowed.join(', ')}`);
    return value as T;
  };
}
