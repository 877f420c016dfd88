import type { Mac } from '../wire/mac.js';
import type { Cidr, Ipv4 } from '../wire/ipv4-address.js';

/**
 * A command run inside a node (SPEC §1 `run:`), parsed and checked when the
 * topology loads, so that a typo is reported with its place in the file
 * before anything runs.
 */
export type Command =
  | PingCommand
  | ArpingCommand
  | SendCommand
  | TracerouteCommand
  /**
   * `ip link set DEV up|down`. `carrier`: whether the device has carrier as it comes up,
   * where the caller knows better than the network (a script's shell models its veths).
   */
  | { name: 'link-set'; dev: string; up: boolean; carrier?: boolean }
  | { name: 'addr'; op: 'add' | 'del'; cidr: Cidr; dev: string }
  /** `ip route add|del`, and a script's `ip route append` (NLM_F_APPEND: beside a route of the same prefix and metric). */
  | { name: 'route'; op: 'add' | 'del' | 'append'; destination: Ipv4; prefixLength: number; via?: Ipv4; dev?: string; metric?: number }
  | { name: 'neigh-flush' }
  | { name: 'ip-forward'; on: boolean }
  | { name: 'fdb-flush' };

export interface PingCommand {
  name: 'ping';
  destination: string;
  count?: number;
  intervalNs: number;
  ttl: number;
  size: number;
  /** -W: how long to wait for the last reply. iputils waits 10 s by default (its linger time). */
  waitNs: number;
  broadcast: boolean;
  /** -q: only the first line and the statistics. */
  quiet?: boolean;
  /** -n: addresses never named (no reverse lookup). */
  numeric?: boolean;
  /** -M: IP_MTU_DISCOVER; iputils leaves it at 'want'. */
  pmtuDiscovery?: 'do' | 'dont' | 'want';
  /** -w: seconds after which ping exits, however many were sent or answered. */
  deadlineS?: number;
}

export interface ArpingCommand {
  name: 'arping';
  destination: Ipv4;
  count?: number;
  iface?: string;
}

export interface SendCommand {
  name: 'send';
  iface: string;
  dst: Mac;
  etherType: number;
  payload: string;
  count: number;
}

export interface TracerouteCommand {
  name: 'traceroute';
  destination: string;
  /** -n: addresses alone, not `name (address)` after a reverse lookup. */
  numeric?: boolean;
}
