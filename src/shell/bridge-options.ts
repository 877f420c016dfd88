// `ip link add|set BR type bridge OPTION VALUE ...` (iproute2 6.1
// ip/iplink_bridge.c): the options hoplab runs, read as iproute2 reads them
// and refused with the words it and the kernel use.

import { STP_LIMITS } from '../topology/stp-spec.js';
import type { BridgeOptions } from './bridges.js';
import { type Shell, unsupported } from './shell.js';

const U32 = 0xffffffff;

const FIELDS: Record<string, keyof BridgeOptions> = {
  ageing_time: 'ageingCs',
  stp_state: 'stpState',
  priority: 'priority',
  forward_delay: 'forwardDelayCs',
  hello_time: 'helloTimeCs',
  max_age: 'maxAgeCs',
};

/**
 * Reads the options from `args[i]` on. Values that do not parse are
 * iproute2's invarg error (exit 255); values the kernel refuses are its
 * ERANGE (exit 2), checked when the options are applied (rangeError).
 */
export function parseBridgeOptions(sh: Shell, args: string[], i: number): BridgeOptions | { status: number } {
  const o: BridgeOptions = {};
  for (; i < args.length; i += 2) {
    const [key, value] = [args[i]!, args[i + 1]];
    const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    const field = FIELDS[key];
    if (field === undefined)
      return {
        status: unsupported(
          sh,
          `hoplab's bridges take ageing_time, stp_state, priority, forward_delay, hello_time and max_age, not '${[key, value].filter(Boolean).join(' ')}'`,
        ),
      };
    // get_u32, or get_u16 for the priority: a value past its bits is iproute2's own error.
    if (!(n <= (key === 'priority' ? 0xffff : U32))) {
      sh.err(`Error: argument "${value ?? ''}" is wrong: invalid ${key}`);
      return { status: 255 };
    }
    if (field === 'stpState') o.stpState = n === 0 ? 0 : 1;
    else o[field] = n;
  }
  return o;
}

/**
 * The kernel's ERANGE for times outside 802.1D's limits (br_set_hello_time,
 * br_set_max_age, br_set_forward_delay; checked on 6.18: hello_time 50 and
 * forward_delay 199 are refused). A forward delay is checked only while STP
 * runs; starting STP clamps it instead (br_stp_start).
 */
export function rangeError(o: BridgeOptions, stpOn: boolean): boolean {
  const out = (cs: number | undefined, limits: { min: number; max: number }): boolean =>
    cs !== undefined && (cs * 1e7 < limits.min || cs * 1e7 > limits.max);
  return (
    out(o.helloTimeCs, STP_LIMITS.helloTimeNs) ||
    out(o.maxAgeCs, STP_LIMITS.maxAgeNs) ||
    (stpOn && out(o.forwardDelayCs, STP_LIMITS.forwardDelayNs))
  );
}
