// The filtering database of a transparent bridge (IEEE 802.1D-2004 clause 7.8,
// learning process; clause 7.9, filtering database; ageing per 7.9.2 with the
// recommended Ageing Time of 300 s from Table 7-5). Pure: time arrives as
// `now` in integer nanoseconds and nothing here schedules or prints anything.
// The owning device asks `nextExpiry()` to arm one ageing timer and calls
// `expire(now)` when it fires, turning each returned entry into an event.

import type { Mac } from '../wire/mac.js';
import { isGroupMac, isMac } from '../wire/mac.js';

export interface MacEntry {
  mac: Mac;
  port: string;
  vlan: number;
  /** When the address was learned on `port` (a move counts as a new learning). */
  learnedAt: number;
  /** Last frame seen from `mac`; the entry ages out at lastSeen + agingTimeNs. */
  lastSeen: number;
  /** Sequence number of the event that taught it, for "learned on p2 at #6". */
  learnedSeq: number;
}

export type LearnOutcome =
  | { kind: 'learned'; entry: MacEntry }
  | { kind: 'moved'; entry: MacEntry; from: string }
  | { kind: 'refreshed'; entry: MacEntry }
  | { kind: 'ignored' };

const IGNORED: LearnOutcome = Object.freeze({ kind: 'ignored' });

/** 12-bit VID space of IEEE 802.1Q clause 9.6; 0 is used for untagged/unaware bridges. */
const VLAN_LIMIT = 4096;

/**
 * Bookkeeping around an entry. `key` is the lastSeen value the heap was last
 * ordered by: refreshes only raise lastSeen, so a stale key is a lower bound
 * and the heap is fixed lazily when a stale slot reaches the top. That keeps
 * the refresh path (every frame of a broadcast storm) free of heap work.
 */
interface Slot {
  readonly entry: MacEntry;
  /** Insertion number: the tie-break for entries expiring at the same instant. */
  readonly ord: number;
  key: number;
  heapIndex: number;
}

export class MacTable {
  // VLAN -> MAC -> slot. Two numeric levels rather than one combined key:
  // vlan * 2^48 + mac is only exact for VLAN < 32, and 802.1Q VIDs go to 4094.
  private readonly vlans = new Map<number, Map<number, Slot>>();
  /** Every live slot in insertion order, for entries() and flush(). */
  private readonly all = new Set<Slot>();
  /** Binary min-heap ordered by (key, ord). */
  private readonly heap: Slot[] = [];
  private nextOrd = 0;
  private aging: number;

  constructor(agingTimeNs: number) {
    this.aging = checkAging(agingTimeNs);
  }

  get agingTimeNs(): number {
    return this.aging;
  }

  /**
   * Changes the ageing time for every entry, as Linux's `ageing_time` does:
   * expiry is always lastSeen + the current ageing time, so the heap order
   * (by lastSeen) stays valid. With 0 the bridge stops learning and every
   * existing entry is due at once.
   */
  setAgingTime(ns: number): void {
    this.aging = checkAging(ns);
  }

  get size(): number {
    return this.all.size;
  }

  /**
   * The learning process of 802.1D 7.8 for one received frame. The returned
   * entry is the table's live record: it changes on later learns, so copy the
   * fields you want to keep (an event should, not the object).
   *
   * An entry that has already aged out but was not yet removed by expire()
   * is replaced and reported as 'learned': it would not be found by lookup,
   * so it must not be reported as refreshed or moved either. A device that
   * wants to report that ageing calls expire(now) before learn.
   */
  learn(mac: Mac, port: string, vlan: number, now: number, seq: number): LearnOutcome {
    checkMac(mac);
    checkVlan(vlan);
    checkTime(now);
    // 802.1D 7.8 learns only individual source addresses; a group source
    // (I/G bit set) is malformed and must not steer unicast traffic.
    if (this.aging === 0 || isGroupMac(mac)) return IGNORED;

    let byMac = this.vlans.get(vlan);
    const slot = byMac?.get(mac);
    if (slot !== undefined) {
      const e = slot.entry;
      if (e.lastSeen + this.aging > now) {
        if (e.port === port) {
          e.lastSeen = now;
          this.keyMayHaveDropped(slot);
          return { kind: 'refreshed', entry: e };
        }
        const from = e.port;
        e.port = port;
        e.learnedAt = now;
        e.lastSeen = now;
        e.learnedSeq = seq;
        this.keyMayHaveDropped(slot);
        return { kind: 'moved', entry: e, from };
      }
      this.removeSlot(slot);
      byMac = this.vlans.get(vlan);
    }

    const entry: MacEntry = { mac, port, vlan, learnedAt: now, lastSeen: now, learnedSeq: seq };
    const fresh: Slot = { entry, ord: this.nextOrd++, key: now, heapIndex: this.heap.length };
    if (byMac === undefined) {
      byMac = new Map();
      this.vlans.set(vlan, byMac);
    }
    byMac.set(mac, fresh);
    this.all.add(fresh);
    this.heap.push(fresh);
    this.siftUp(fresh.heapIndex);
    return { kind: 'learned', entry };
  }

  /**
   * The filtering decision's query (802.1D 7.7.2, frame filtering). An entry whose ageing time
   * has run out is not returned even if expire() has not removed it yet, so the
   * answer never depends on when the device's ageing timer happened to fire.
   * Returns the live record; see learn().
   */
  lookup(mac: Mac, vlan: number, now: number): MacEntry | undefined {
    const slot = this.vlans.get(vlan)?.get(mac);
    if (slot === undefined) return undefined;
    const e = slot.entry;
    return e.lastSeen + this.aging > now ? e : undefined;
  }

  /**
   * Removes and returns every entry with lastSeen + agingTime <= now, ordered
   * by expiry time then insertion, so two runs age entries out identically.
   */
  expire(now: number): MacEntry[] {
    const out: MacEntry[] = [];
    for (;;) {
      const top = this.settledTop();
      if (top === undefined || top.entry.lastSeen + this.aging > now) break;
      this.removeSlot(top);
      out.push(top.entry);
    }
    return out;
  }

  /**
   * Earliest instant at which expire() would remove something, or undefined
   * for an empty table. May lie in the past (after setAgingTime shortened the
   * ageing time); the device then expires immediately. Amortised O(log n):
   * only slots refreshed since they were last ordered are re-sifted.
   */
  nextExpiry(): number | undefined {
    const top = this.settledTop();
    return top === undefined ? undefined : top.entry.lastSeen + this.aging;
  }

  /**
   * Removes the entries learned on `port`, or all of them; a port leaving the
   * forwarding state or a topology change flushes its addresses (802.1D 17.11).
   * Returned in insertion order.
   */
  flush(port?: string): MacEntry[] {
    if (port === undefined) {
      const out = this.entries();
      this.vlans.clear();
      this.all.clear();
      this.heap.length = 0;
      return out;
    }
    const out: MacEntry[] = [];
    for (const slot of this.all) {
      if (slot.entry.port !== port) continue;
      this.removeSlot(slot);
      out.push(slot.entry);
    }
    return out;
  }

  /** Every entry, aged or not, in insertion order (a move keeps its place). */
  entries(): MacEntry[] {
    const out: MacEntry[] = [];
    for (const slot of this.all) out.push(slot.entry);
    return out;
  }

  private removeSlot(slot: Slot): void {
    const { mac, vlan } = slot.entry;
    const byMac = this.vlans.get(vlan);
    if (byMac !== undefined) {
      byMac.delete(mac);
      if (byMac.size === 0) this.vlans.delete(vlan);
    }
    this.all.delete(slot);
    this.removeFromHeap(slot.heapIndex);
  }

  /** lastSeen went backwards (a caller with a non-monotonic clock): restore the heap now. */
  private keyMayHaveDropped(slot: Slot): void {
    if (slot.entry.lastSeen < slot.key) {
      slot.key = slot.entry.lastSeen;
      this.siftUp(slot.heapIndex);
    }
  }

  /** Brings the heap's top up to date; afterwards it is the true minimum by (lastSeen, ord). */
  private settledTop(): Slot | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.key === top.entry.lastSeen) return top;
      top.key = top.entry.lastSeen;
      this.siftDown(0);
    }
  }

  private removeFromHeap(i: number): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (i === heap.length) return;
    heap[i] = last;
    last.heapIndex = i;
    this.siftDown(i);
    this.siftUp(last.heapIndex);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const slot = heap[i]!;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(slot, parent)) break;
      heap[i] = parent;
      parent.heapIndex = i;
      i = parentIndex;
    }
    heap[i] = slot;
    slot.heapIndex = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const slot = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = heap[l]!;
      let childIndex = l;
      if (r < n && before(heap[r]!, child)) {
        child = heap[r]!;
        childIndex = r;
      }
      if (!before(child, slot)) break;
      heap[i] = child;
      child.heapIndex = i;
      i = childIndex;
    }
    heap[i] = slot;
    slot.heapIndex = i;
  }
}

function before(a: Slot, b: Slot): boolean {
  return a.key < b.key || (a.key === b.key && a.ord < b.ord);
}

/**
 * The longest ageing time kept as it is: 2^52 ns, about 52 days. The kernel takes up to
 * 2^32 - 1 centiseconds (IFLA_BR_AGEING_TIME is a u32 of clock_t), about 497 days, more
 * than a number counts in nanoseconds exactly; an entry that would live longer than 52
 * days never ages in a run of that length anyway, so a longer time is held at this one.
 */
export const MAX_AGING_NS = 2 ** 52;

function checkAging(ns: number): number {
  if (!Number.isFinite(ns) || !Number.isInteger(ns) || ns < 0) {
    throw new RangeError(`ageing time must be a non-negative integer of nanoseconds, got ${ns}`);
  }
  return Math.min(ns, MAX_AGING_NS);
}

function checkMac(mac: Mac): void {
  if (!isMac(mac)) {
    throw new RangeError(`not a 48-bit MAC address: ${mac}`);
  }
}

function checkVlan(vlan: number): void {
  if (!Number.isInteger(vlan) || vlan < 0 || vlan >= VLAN_LIMIT) {
    throw new RangeError(`VLAN must be an integer 0..4095, got ${vlan}`);
  }
}

function checkTime(now: number): void {
  if (!Number.isSafeInteger(now)) {
    throw new RangeError(`time must be an integer of nanoseconds, got ${now}`);
  }
}
