import type { Frame } from '../devices/device.js';
import type { HubReach } from './hub-domain.js';
import type { HubStationState } from './hub-station.js';

/** One transmission on a hub's segment, from its first bit to its last (or to the end of its jam). */
export interface Signal {
  readonly station: HubStationState;
  readonly frame: Frame;
  readonly start: number;
  end: number;
  txSeq: number;
  /** The hubs it gets to, computed when it starts (ports that are down stop it). */
  readonly reach: Map<string, HubReach>;
  collided: boolean;
  /** When its station heard the collision (the other signal's first bit arrived), if it collided. */
  heardAt?: number;
  /** Its collision has been dealt with (backoff drawn or frame given up). */
  handled: boolean;
  episode: Episode | undefined;
  /** `hub:port` -> seq of the hub's tx out of that port, the cause of what follows downstream. */
  readonly portTx: Map<string, number>;
}

/** Transmissions that overlapped on the segment: they make one `collision` event. */
export interface Episode {
  readonly hub: string;
  readonly members: Signal[];
  emitted: boolean;
}

type PortUp = (node: string, port: string) => boolean;

/** How long a signal takes from its station to another, through the hubs; undefined when it cannot get there. */
export function propagationNs(s: Signal, to: HubStationState, isPortUp: PortUp): number | undefined {
  if (to === s.station) return undefined;
  const r = s.reach.get(to.spec.hub);
  if (!r || !isPortUp(to.spec.hub, to.spec.hubPort)) return undefined;
  return s.station.spec.delayNs + r.delayNs + to.spec.delayNs;
}

/**
 * The transmissions a signal starting now collides with: those still being
 * sent whose first bit has not reached its station yet, so carrier sense
 * could not hear them (the propagation window). `d` is the delay between
 * the two stations, the same both ways.
 *
 * Since `k` starts before its own first bit can reach `j`'s station, `j`
 * hears `k` at most one propagation delay after `k` started, and `k` hears `j`
 * at most a round trip after: within the 512-bit slot time on a segment as
 * short as 802.3 allows (clause 4.2.3.2.3, the collision window). A frame
 * already finished when the other starts is not counted: padded to the
 * 64-byte minimum it lasts longer than any legal round trip, so that needs a
 * segment too long for 802.3; the collision `why` calls such ones late.
 */
export function overlapping(signals: readonly Signal[], j: Signal, now: number, isPortUp: PortUp): Array<{ s: Signal; d: number }> {
  const hits: Array<{ s: Signal; d: number }> = [];
  for (const k of signals) {
    if (k.station === j.station || k.end <= now) continue;
    const d = propagationNs(k, j.station, isPortUp);
    if (d !== undefined && now < k.start + d) hits.push({ s: k, d });
  }
  return hits;
}
