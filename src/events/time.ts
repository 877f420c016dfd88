/** Virtual time is an integer count of nanoseconds. These are its units. */
export const NS = 1;
export const US = 1_000;
export const MS = 1_000_000;
export const SECOND = 1_000_000_000;

/** Seconds with up to nine decimals, as the event printer shows time: 1.000001784 */
export function formatSeconds(t: number): string {
  const whole = Math.floor(t / SECOND);
  const frac = String(t - whole * SECOND).padStart(9, '0');
  return `${whole}.${frac}`;
}
