import type { Mac } from '../wire/mac.js';
import type { Ipv4 } from '../wire/ipv4-address.js';
import { timerWheelExpiry } from './timer-wheel.js';

/**
 * The IPv4 neighbour (ARP) cache with Linux's NUD state machine
 * (net/core/neighbour.c, net/ipv4/arp.c), pure: time is passed in, and each
 * call returns what the host must do (send a solicitation, release or fail
 * queued packets) and which entries changed state.
 *
 * Defaults are a fresh namespace's (oracle env.txt): delay_first_probe_time 5 s,
 * retrans_time 1 s, mcast_solicit 3, ucast_solicit 3, app_solicit 0,
 * base_reachable_time 30 s, unres_qlen 101.
 */
export type NudState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

export interface NeighbourParams {
  delayFirstProbeNs: number;
  retransNs: number;
  mcastSolicit: number;
  ucastSolicit: number;
  unresQlen: number;
}

export const LINUX_NEIGHBOUR_DEFAULTS: NeighbourParams = {
  delayFirstProbeNs: 5e9,
  retransNs: 1e9,
  mcastSolicit: 3,
  ucastSolicit: 3,
  unresQlen: 101,
};

/** NUD_VALID in the kernel: states whose link-layer address may be used. */
const VALID: ReadonlySet<NudState> = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT']);

export interface NeighbourEntry<P> {
  readonly ip: Ipv4;
  /** Its device's name, which `ip link set DEV name NEW` may change (renameDevice). */
  dev: string;
  mac: Mac | undefined;
  state: NudState;
  /** Solicitations sent in this INCOMPLETE or PROBE episode (the kernel's `probes`). */
  probes: number;
  confirmedAt: number;
  updatedAt: number;
  /** When this entry's timer fires, or undefined. */
  timerAt: number | undefined;
  /** Bumped whenever the timer is re-armed, so that a stale timer is ignored. */
  timerGeneration: number;
  /** Packets waiting for resolution (the kernel's arp_queue). */
  queue: P[];
}

export type NeighbourAction<P> =
  | { kind: 'state'; entry: NeighbourEntry<P>; previous: NudState | 'NONE'; byHand?: boolean }
  | { kind: 'solicit'; entry: NeighbourEntry<P>; unicastTo: Mac | undefined }
  | { kind: 'release'; entry: NeighbourEntry<P>; packet: P }
  | { kind: 'fail'; entry: NeighbourEntry<P>; packet: P }
  | { kind: 'overflow'; entry: NeighbourEntry<P>; packet: P }
  | { kind: 'timer'; entry: NeighbourEntry<P>; at: number; generation: number };

/** Whether `ip neigh flush all` removes an entry in this state: every one but a permanent entry (NUD_PERMANENT). */
export function flushedByFlushAll(state: string): boolean {
  return state !== 'PERMANENT';
}

export class NeighbourTable<P> {
  // Keyed by device and address as one number (device index * 2^32 + IPv4):
  // a lookup per ARP packet received builds no string. One map, so entries
  // list in the order they were made, as `ip neigh` lists them.
  private readonly map = new Map<number, NeighbourEntry<P>>();
  private readonly devIndex = new Map<string, number>();
  /** map.size, kept here: reading it costs no look into the map's own memory (get, below). */
  private entryCount = 0;
  /**
   * The device last keyed and its index (key): a host has one device, mostly,
   * and on a LAN of hundreds of hosts devIndex's memory is out of cache by the
   * time the next broadcast reaches the host.
   */
  private lastDev: string | undefined;
  private lastDevIndex = 0;

  constructor(
    private readonly params: NeighbourParams,
    /** reachable_time per device: base_reachable_time randomised in [1/2, 3/2] (neigh_rand_reach_time). */
    private readonly reachableNs: (dev: string) => number,
  ) {}

  get(dev: string, ip: Ipv4): NeighbourEntry<P> | undefined {
    // Most hosts of a big LAN read most ARP packets with an empty cache: no key to build, no map to read.
    if (this.entryCount === 0) return undefined;
    return this.map.get(this.key(dev, ip));
  }

  private key(dev: string, ip: Ipv4): number {
    if (dev === this.lastDev) return this.lastDevIndex * 0x1_0000_0000 + ip;
    let index = this.devIndex.get(dev);
    if (index === undefined) this.devIndex.set(dev, (index = this.devIndex.size));
    this.lastDev = dev;
    this.lastDevIndex = index;
    return index * 0x1_0000_0000 + ip;
  }

  entries(): NeighbourEntry<P>[] {
    return [...this.map.values()];
  }

  /**
   * The output path wants to send `packet` to `ip` on `dev` (neigh_event_send).
   * Returns the MAC to use now, or undefined when the packet was queued (or failed).
   */
  resolve(dev: string, ip: Ipv4, packet: P, now: number, actions: NeighbourAction<P>[]): Mac | undefined {
    let entry = this.get(dev, ip);
    if (!entry) {
      entry = this.create(dev, ip, now);
    }
    switch (entry.state) {
      case 'REACHABLE':
      case 'DELAY':
      case 'PROBE':
      case 'PERMANENT':
        return entry.mac;
      case 'STALE':
        // A stale entry is used at once, and confirmed later: DELAY, then PROBE.
        this.setState(entry, 'DELAY', now, actions);
        this.arm(entry, now + this.params.delayFirstProbeNs, actions);
        return entry.mac;
      case 'FAILED':
      case 'INCOMPLETE':
        break;
    }
    if (entry.state === 'FAILED' || entry.timerAt === undefined) {
      // Start resolving: probes begins at ucast_solicit, so that mcast_solicit
      // broadcasts follow before neigh_max_probes is reached (__neigh_event_send).
      entry.probes = this.params.ucastSolicit;
      this.setState(entry, 'INCOMPLETE', now, actions);
      this.enqueue(entry, packet, actions);
      this.solicit(entry, now, actions);
      return undefined;
    }
    this.enqueue(entry, packet, actions);
    return undefined;
  }

  /** An ARP request asked for one of our addresses (neigh_event_ns): the asker becomes STALE. */
  requestForUs(dev: string, ip: Ipv4, mac: Mac, now: number, actions: NeighbourAction<P>[]): void {
    const entry = this.get(dev, ip) ?? this.create(dev, ip, now);
    this.update(entry, mac, 'STALE', true, now, actions);
  }

  /**
   * Any other ARP packet from `ip`: an existing entry is updated (REACHABLE for
   * a reply addressed to us, STALE otherwise); unknown senders are not learned
   * (arp_accept=0), which is why h3 learns nothing from a request for h2.
   * Returns whether there was an entry.
   */
  arpFrom(dev: string, ip: Ipv4, mac: Mac, solicitedReply: boolean, now: number, actions: NeighbourAction<P>[]): boolean {
    const entry = this.get(dev, ip);
    if (!entry) return false;
    const override = now >= entry.updatedAt + 1e9 /* locktime: 100 jiffies */;
    this.update(entry, mac, solicitedReply ? 'REACHABLE' : 'STALE', override, now, actions);
    return true;
  }

  /** The entry's timer fired (neigh_timer_handler). */
  timer(entry: NeighbourEntry<P>, generation: number, now: number, actions: NeighbourAction<P>[]): void {
    if (generation !== entry.timerGeneration || entry.timerAt === undefined) return;
    entry.timerAt = undefined;
    switch (entry.state) {
      case 'REACHABLE':
        if (now < entry.confirmedAt + this.reachableNs(entry.dev))
          this.arm(entry, entry.confirmedAt + this.reachableNs(entry.dev), actions);
        else this.setState(entry, 'STALE', now, actions);
        return;
      case 'DELAY':
        if (now <= entry.confirmedAt + this.params.delayFirstProbeNs) {
          this.setState(entry, 'REACHABLE', now, actions);
          this.arm(entry, entry.confirmedAt + this.reachableNs(entry.dev), actions);
        } else {
          entry.probes = 0;
          this.setState(entry, 'PROBE', now, actions);
          this.solicit(entry, now, actions);
        }
        return;
      case 'INCOMPLETE':
      case 'PROBE':
        if (entry.probes >= this.maxProbes(entry)) {
          this.setState(entry, 'FAILED', now, actions);
          for (const packet of entry.queue) actions.push({ kind: 'fail', entry, packet });
          entry.queue = [];
        } else {
          this.solicit(entry, now, actions);
        }
        return;
      default:
        return;
    }
  }

  /** `ip neigh flush all`: forget every dynamic entry. */
  flush(): NeighbourEntry<P>[] {
    const gone = [...this.map.values()].filter((e) => flushedByFlushAll(e.state));
    for (const e of gone) {
      this.map.delete(this.key(e.dev, e.ip));
      e.timerGeneration++;
    }
    this.entryCount = this.map.size;
    return gone;
  }

  /**
   * An interface went down or lost its address: its entries go (neigh_ifdown). With `keepPermanent`,
   * the interface lost its carrier: all but its permanent entries go (neigh_carrier_down, Linux >= 4.19).
   */
  flushDevice(dev: string, keepPermanent = false): NeighbourEntry<P>[] {
    const gone = [...this.map.values()].filter((e) => e.dev === dev && !(keepPermanent && e.state === 'PERMANENT'));
    for (const e of gone) {
      this.map.delete(this.key(e.dev, e.ip));
      e.timerGeneration++;
    }
    this.entryCount = this.map.size;
    return gone;
  }

  /**
   * `ip neigh add|replace|change` (neigh_add, then __neigh_update with
   * NEIGH_UPDATE_F_ADMIN and OVERRIDE): `add` refuses an entry that exists
   * (NLM_F_EXCL), `change` one that does not (no NLM_F_CREATE). Without a MAC
   * the entry keeps its own, and a valid state needs one: the entry made for
   * the request stays, in no state (NONE: not listed, but deletable).
   */
  administer(
    dev: string,
    ip: Ipv4,
    mac: Mac | undefined,
    state: NudState,
    mode: 'add' | 'replace' | 'change',
    now: number,
    actions: NeighbourAction<P>[],
  ): 'ok' | 'exists' | 'absent' | 'no-lladdr' {
    const existing = this.get(dev, ip);
    if (existing && mode === 'add') return 'exists';
    if (!existing && mode === 'change') return 'absent';
    const entry = existing ?? this.create(dev, ip, now);
    const old = entry.state;
    if (mac === undefined) {
      if (VALID.has(state) && !VALID.has(old)) return 'no-lladdr';
      mac = entry.mac;
    }
    const macChanged = entry.mac !== mac;
    entry.mac = mac;
    this.disarm(entry);
    if (state !== old || macChanged) {
      this.setState(entry, state, now, actions);
      (actions.at(-1) as { byHand?: boolean }).byHand = true;
    }
    if (state === 'REACHABLE') {
      entry.confirmedAt = now;
      this.arm(entry, now + this.reachableNs(dev), actions);
    }
    if (!VALID.has(old) && VALID.has(state)) {
      for (const packet of entry.queue) actions.push({ kind: 'release', entry, packet });
      entry.queue = [];
    }
    return 'ok';
  }

  /**
   * The device was renamed (dev_change_name): the kernel's entries point at
   * the device, not its name, so they stay as they are, timers and all.
   */
  renameDevice(from: string, to: string): void {
    const index = this.devIndex.get(from);
    if (index === undefined) return;
    this.devIndex.delete(from);
    this.devIndex.set(to, index);
    this.lastDev = undefined;
    for (const e of this.map.values()) if (e.dev === from) e.dev = to;
  }

  /** `ip neigh del` (neigh_delete): the entry, whatever its state, or undefined when there is none. */
  remove(dev: string, ip: Ipv4): NeighbourEntry<P> | undefined {
    const entry = this.get(dev, ip);
    if (!entry) return undefined;
    this.map.delete(this.key(dev, ip));
    entry.timerGeneration++;
    this.entryCount = this.map.size;
    return entry;
  }

  private maxProbes(entry: NeighbourEntry<P>): number {
    // neigh_max_probes: ucast + app + (PROBE ? mcast_reprobes(0) : mcast)
    return this.params.ucastSolicit + (entry.state === 'PROBE' ? 0 : this.params.mcastSolicit);
  }

  private create(dev: string, ip: Ipv4, now: number): NeighbourEntry<P> {
    const entry: NeighbourEntry<P> = {
      ip,
      dev,
      mac: undefined,
      state: 'FAILED',
      probes: 0,
      confirmedAt: -Infinity,
      updatedAt: now,
      timerAt: undefined,
      timerGeneration: 0,
      queue: [],
    };
    (entry as { state: NudState | 'NONE' }).state = 'NONE' as NudState;
    this.map.set(this.key(dev, ip), entry);
    this.entryCount = this.map.size;
    return entry;
  }

  private update(entry: NeighbourEntry<P>, mac: Mac, state: NudState, override: boolean, now: number, actions: NeighbourAction<P>[]): void {
    const old = entry.state;
    let next = state;
    let addr = mac;
    if (VALID.has(old)) {
      if (mac !== entry.mac && !override) {
        if (old !== 'REACHABLE') return;
        addr = entry.mac!;
        next = 'STALE';
      } else if (mac === entry.mac && next === 'STALE') {
        // "If entry was valid and address is not changed, do not change entry state, if new one is STALE."
        next = old;
      }
    }
    if (next === 'REACHABLE') entry.confirmedAt = now;
    const macChanged = entry.mac !== addr;
    entry.mac = addr;
    if (next !== old || macChanged) {
      // A new address is a change worth an event even when the state stays (the fold rebuilds the cache from them).
      this.setState(entry, next, now, actions);
      if (next === 'REACHABLE') this.arm(entry, now + this.reachableNs(entry.dev), actions);
      else if (next === 'STALE') this.disarm(entry);
    }
    if (!VALID.has(old) && VALID.has(next)) {
      for (const packet of entry.queue) actions.push({ kind: 'release', entry, packet });
      entry.queue = [];
    }
  }

  private setState(entry: NeighbourEntry<P>, state: NudState, now: number, actions: NeighbourAction<P>[]): void {
    const previous = entry.state as NudState | 'NONE';
    entry.state = state;
    entry.updatedAt = now;
    actions.push({ kind: 'state', entry, previous });
  }

  private enqueue(entry: NeighbourEntry<P>, packet: P, actions: NeighbourAction<P>[]): void {
    entry.queue.push(packet);
    if (entry.queue.length > this.params.unresQlen) actions.push({ kind: 'overflow', entry, packet: entry.queue.shift()! });
  }

  private solicit(entry: NeighbourEntry<P>, now: number, actions: NeighbourAction<P>[]): void {
    // arp_solicit: while probes < ucast_solicit a PROBE entry asks the cached
    // address directly (unicast); INCOMPLETE entries broadcast.
    const unicast = entry.state === 'PROBE' && entry.probes < this.params.ucastSolicit ? entry.mac : undefined;
    entry.probes++;
    actions.push({ kind: 'solicit', entry, unicastTo: unicast });
    // neigh_add_timer: the retransmission timer is a timer_list, so it fires on the wheel's grid.
    this.arm(entry, timerWheelExpiry(now, now + this.params.retransNs), actions);
  }

  private arm(entry: NeighbourEntry<P>, at: number, actions: NeighbourAction<P>[]): void {
    entry.timerAt = at;
    entry.timerGeneration++;
    actions.push({ kind: 'timer', entry, at, generation: entry.timerGeneration });
  }

  private disarm(entry: NeighbourEntry<P>): void {
    entry.timerAt = undefined;
    entry.timerGeneration++;
  }
}
