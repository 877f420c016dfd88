import type { Ipv4 } from '../wire/ipv4-address.js';

/**
 * The path MTUs a namespace learnt from ICMP "fragmentation needed"
 * (RFC 1191), kept as Linux keeps them: as next-hop exceptions (struct
 * fib_nh_exception, net/ipv4/route.c) of one destination address on the
 * route's next hop, each expiring ip_rt_mtu_expires after it was learnt.
 * Pure: time is passed in.
 *
 * Defaults are a fresh namespace's (oracle P1-pmtu): net.ipv4.route.mtu_expires
 * 600 s, net.ipv4.route.min_pmtu 552.
 */
export interface PathMtuParams {
  /** ip_rt_mtu_expires: how long a learnt path MTU lasts. */
  expiresNs: number;
  /** ip_rt_min_pmtu: a smaller reported MTU is raised to this and locked. */
  minPmtu: number;
}

export const LINUX_PATH_MTU_DEFAULTS: PathMtuParams = { expiresNs: 600e9, minPmtu: 552 };

/** The next hop an exception hangs on: the route's device and gateway (undefined: on-link). */
export interface NextHop {
  readonly device: string;
  readonly gateway: Ipv4 | undefined;
}

export interface PathMtuEntry extends NextHop {
  readonly dst: Ipv4;
  /** Its device's name, which a rename changes (renameDevice). */
  device: string;
  mtu: number;
  /** fnhe_mtu_locked: the MTU was raised to min_pmtu, and DF is no longer set under it. */
  locked: boolean;
  expiresAt: number;
}

export class PathMtuCache {
  // One map keyed by destination, in the order entries were made (what `ip route show cache` lists),
  // made with the first exception: most hosts never get one (issue 21: an empty Map is ~180 bytes, per host).
  private map: Map<Ipv4, PathMtuEntry> | undefined;

  constructor(private readonly params: PathMtuParams = LINUX_PATH_MTU_DEFAULTS) {}

  /**
   * The exception for `dst` on this next hop, if it has not expired. An expired
   * one is deleted as it is found (find_exception: "time_after(jiffies,
   * fnhe->fnhe_expires)" -> ip_del_fnhe); one on another next hop is not this
   * route's.
   */
  lookup(dst: Ipv4, hop: NextHop, now: number): PathMtuEntry | undefined {
    const entry = this.map?.get(dst);
    if (!entry) return undefined;
    if (now > entry.expiresAt) {
      this.map!.delete(dst);
      return undefined;
    }
    return entry.device === hop.device && entry.gateway === hop.gateway ? entry : undefined;
  }

  /**
   * An ICMP "fragmentation needed" reported `reported` for datagrams to `dst`
   * (ipv4_update_pmtu -> __ip_rt_update_pmtu): ignored when the path's MTU
   * (`current`: the exception's, else the device's) is already smaller; below
   * min_pmtu it is raised and locked; the same MTU again only renews an entry
   * past half its life. Returns the entry when it was made or changed.
   */
  update(dst: Ipv4, hop: NextHop, reported: number, current: number, now: number): PathMtuEntry | undefined {
    if (current < reported) return undefined;
    let mtu = reported;
    let locked = false;
    if (mtu < this.params.minPmtu) {
      locked = true;
      mtu = Math.min(current, this.params.minPmtu);
    }
    const old = this.lookup(dst, hop, now);
    if (old && old.mtu === mtu && !locked && now < old.expiresAt - this.params.expiresNs / 2) return undefined;
    // update_or_create_fnhe: the destination's exception, made or updated in place, takes the MTU and a new expiry.
    const entry: PathMtuEntry = { dst, device: hop.device, gateway: hop.gateway, mtu, locked, expiresAt: now + this.params.expiresNs };
    (this.map ??= new Map()).set(dst, entry);
    return entry;
  }

  /** The entries not yet expired (`ip route show cache`: fib_dump_info_fnhe skips expired ones). */
  entries(now: number): PathMtuEntry[] {
    return this.map ? [...this.map.values()].filter((e) => now <= e.expiresAt) : [];
  }

  /** The device was renamed: its exceptions stay on it. */
  renameDevice(from: string, to: string): void {
    for (const e of this.map?.values() ?? []) if (e.device === from) e.device = to;
  }

  /** The device's routes went (it went down or left): their next hops' exceptions go with them (free_nh_exceptions). */
  forgetDevice(device: string): void {
    for (const [dst, e] of this.map ?? []) if (e.device === device) this.map!.delete(dst);
  }
}
