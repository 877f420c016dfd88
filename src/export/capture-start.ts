import { InputError } from '../errors/input-error.js';

/**
 * When a capture's packets happen, for Wireshark: hoplab's clock is virtual and
 * starts at 0, so a capture needs an instant to count from. Without one given it
 * is this fixed, documented instant (so that two exports of one recording are
 * the same bytes), not 1970 and not the wall clock.
 */
export const DEFAULT_CAPTURE_START = '2000-01-01T00:00:00Z';

/**
 * `iso` (an ISO 8601 date and time with its zone, `2026-12-02T09:00:00Z`) as whole
 * seconds since 1970: pcapng's if_tsoffset counts whole seconds, so a fraction is refused.
 */
export function captureStartSeconds(iso: string = DEFAULT_CAPTURE_START): bigint {
  const form = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  const ms = form.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms))
    throw new InputError(`--start-time: '${iso}' is not an ISO 8601 date and time with a zone (e.g. ${DEFAULT_CAPTURE_START})`);
  if (ms % 1000 !== 0) throw new InputError(`--start-time: '${iso}' has a fraction of a second; pcapng counts the start in whole seconds`);
  if (ms < 0 || ms / 1000 > 0xffffffff)
    throw new InputError(`--start-time: '${iso}' is outside 1970 to 2106, which capture files can hold`);
  return BigInt(ms / 1000);
}
