/**
 * A bridge's spanning tree settings, as YAML `stp:` and iproute2's
 * `ip link set BR type bridge stp_state 1 priority N ...` give them, with the
 * kernel's defaults and limits (net/bridge/br_private.h, br_stp.c).
 */

export type StpMode = 'stp' | 'rstp';

export interface StpPortSpec {
  /** Path cost; default from the port's speed (portCost). */
  cost?: number;
  /** Port priority, 0..63: the top six bits of the port id (BR_PORT_BITS = 10). */
  priority?: number;
  /** RSTP: an edge port (802.1D-2004 clause 17.13.1, operEdge). */
  edge?: boolean;
}

export interface StpSpec {
  mode: StpMode;
  /** Bridge priority, 0..65535 (the top 16 bits of the bridge id). */
  priority: number;
  helloTimeNs: number;
  maxAgeNs: number;
  forwardDelayNs: number;
  ports: Record<string, StpPortSpec>;
}

/** 802.1D-1998 Table 8-3's recommended values, which Linux takes as its defaults (br_dev_setup). */
export const STP_DEFAULTS = {
  priority: 0x8000,
  portPriority: 32,
  helloTimeNs: 2e9,
  maxAgeNs: 20e9,
  forwardDelayNs: 15e9,
} as const;

/**
 * What the kernel accepts (br_private.h BR_MIN_* / BR_MAX_*; br_set_forward_delay
 * and friends answer -ERANGE outside them), checked on 6.18: hello_time 50 cs and
 * forward_delay 199 cs are refused with "RTNETLINK answers: Numerical result out of range".
 */
export const STP_LIMITS = {
  priority: { min: 0, max: 65535 },
  portPriority: { min: 0, max: 63 },
  cost: { min: 1, max: 65535 },
  helloTimeNs: { min: 1e9, max: 10e9 },
  maxAgeNs: { min: 6e9, max: 40e9 },
  forwardDelayNs: { min: 2e9, max: 30e9 },
} as const;

/**
 * A port's default path cost from its speed, as br_port_cost() (br_if.c) maps
 * ethtool's answer: 10 Gb/s -> 2, 5 Gb/s -> 3, 2.5 and 1 Gb/s -> 4,
 * 100 Mb/s -> 19, 10 Mb/s -> 100, faster than 10 Gb/s -> 1, any other speed
 * (and an unknown one) -> 100.
 *
 * A hoplab cable is a veth unless the topology gives it a `rate`: a veth
 * reports 10000 Mb/s (veth_get_link_ksettings), hence the oracle's cost 2.
 * The loader passes a link's explicit `rate` here; a script's veths and YAML
 * links without `rate` cost 2.
 */
export function portCost(rateBps: number | undefined): number {
  if (rateBps === undefined) return 2;
  const mbps = rateBps / 1e6;
  if (mbps > 10000) return 1;
  const table: Record<number, number> = { 10000: 2, 5000: 3, 2500: 4, 1000: 4, 100: 19, 10: 100 };
  return table[mbps] ?? 100;
}

/**
 * RSTP's default path cost (802.1D-2004 17.14, Table 17-3): 20,000,000,000,000
 * divided by the speed in b/s, so 10 Gb/s -> 2,000, 1 Gb/s -> 20,000,
 * 100 Mb/s -> 200,000, 10 Mb/s -> 2,000,000; a veth (no `rate`) is 10 Gb/s.
 */
export function rstpPortCost(rateBps: number | undefined): number {
  const cost = Math.round(2e13 / (rateBps ?? 10e9));
  return Math.min(Math.max(cost, RSTP_LIMITS.cost.min), RSTP_LIMITS.cost.max);
}

/** RSTP's ranges (802.1D-2004 17.13.7, 17.13.10, 17.13.11, Table 17-2 and 17-3). */
export const RSTP_LIMITS = {
  priority: { min: 0, max: 61440, step: 4096 },
  portPriority: { min: 0, max: 240, step: 16 },
  cost: { min: 1, max: 200000000 },
} as const;

export function defaultStpSpec(mode: StpMode = 'stp'): StpSpec {
  return {
    mode,
    priority: STP_DEFAULTS.priority,
    helloTimeNs: STP_DEFAULTS.helloTimeNs,
    maxAgeNs: STP_DEFAULTS.maxAgeNs,
    forwardDelayNs: STP_DEFAULTS.forwardDelayNs,
    ports: {},
  };
}
