import type { Frame } from '../devices/device.js';
import type { Topology } from '../topology/model.js';
import { CSMA_CD, backoffSlots, bitTimesNs, givesUp, type BackoffRng } from './backoff.js';
import { findHubDomains, reachFrom, type HubDomain } from './hub-domain.js';
import { overlapping, propagationNs, type Episode, type Signal } from './hub-signal.js';
import { HubStationState, type Attempt } from './hub-station.js';
import type { Medium, MediumHost } from './medium.js';
import { collisionWhy, floodWhy, stationTxWhy, type Fragment } from './hub-why.js';
import { linkDownDrop } from './link-down-drop.js';
import { wireBits } from './wire-bits.js';

interface Arrival {
  signal: Signal;
  to: HubStationState;
  cause: number;
}

/**
 * A hub's shared half-duplex segment (SPEC §1 hub): one collision domain at
 * the hub's rate, standing in for the cables of every port cabled to a hub.
 * Stations follow CSMA/CD (IEEE 802.3 clause 4.2): they listen before sending
 * and defer while the segment is busy, then wait the interframe gap; two that
 * start within each other's propagation window collide, jam, and back off a
 * random number of slot times, giving up after 16 attempts. A frame that gets
 * through reaches every other station: a hub repeats everything and never learns.
 *
 * A frame holds the wire for its whole 802.3 packet (wire-bits.ts): preamble and
 * SFD, the frame padded to 64 octets, and its FCS; its `tx` is stamped at the first
 * preamble bit, each `rx` when the last FCS bit arrives. The recorded bytes stay
 * the frame as a host captures it, without padding or FCS.
 */
export class HubSegment implements Medium {
  readonly pointToPoint = false;
  private readonly stations = new Map<string, HubStationState>();
  private signals: Signal[] = [];
  private readonly slotNs: number;
  private readonly gapNs: number;
  private readonly jamNs: number;
  /** Longest time a signal can take to die out everywhere after its last bit leaves its station. */
  private readonly spanNs: number;

  constructor(
    readonly domain: HubDomain,
    private readonly host: MediumHost,
    private readonly rng: BackoffRng,
  ) {
    for (const s of domain.stations) this.stations.set(`${s.node}:${s.port}`, new HubStationState(s));
    this.slotNs = bitTimesNs(CSMA_CD.slotTimeBits, domain.rateBps);
    this.gapNs = bitTimesNs(CSMA_CD.interFrameGapBits, domain.rateBps);
    this.jamNs = bitTimesNs(CSMA_CD.jamBits, domain.rateBps);
    let span = 2 * Math.max(0, ...domain.stations.map((s) => s.delayNs));
    for (const peer of domain.peers.values()) if (peer.kind === 'hub') span += peer.delayNs;
    this.spanNs = span;
  }

  /** Every `node:port` this segment carries: its stations' ports and its hubs' ports. */
  get keys(): string[] {
    return [...this.stations.keys(), ...this.domain.peers.keys()];
  }

  carrier(node: string, port: string): boolean {
    const st = this.stations.get(`${node}:${port}`);
    if (st) return this.host.isPortUp(st.spec.hub, st.spec.hubPort);
    const peer = this.domain.peers.get(`${node}:${port}`);
    if (peer?.kind === 'station') return this.host.isPortUp(peer.station.node, peer.station.port);
    return peer !== undefined && this.host.isPortUp(peer.end.node, peer.end.port);
  }

  peerOf(node: string, port: string): { node: string; port: string } | undefined {
    const st = this.stations.get(`${node}:${port}`);
    if (st) return { node: st.spec.hub, port: st.spec.hubPort };
    const peer = this.domain.peers.get(`${node}:${port}`);
    if (peer?.kind === 'station') return peer.station;
    return peer?.end;
  }

  transmit(node: string, port: string, frame: Frame, cause: number): void {
    const st = this.stations.get(`${node}:${port}`);
    if (!st) throw new Error(`${node}:${port} is a hub port: a hub repeats frames, it never originates one`);
    if (!this.host.isPortUp(st.spec.hub, st.spec.hubPort)) {
      this.dropNoCarrier(st, frame, cause);
      return;
    }
    if (st.current) {
      if (st.depth >= st.spec.queue) {
        this.host.emit({
          kind: 'drop',
          node,
          port,
          frame: frame.id,
          cause,
          reason: 'queue-full',
          bytes: frame.bytes,
          why: `${node}:${port}'s queue already holds ${st.spec.queue} frames, so the frame is dropped (drop-tail)`,
        });
        return;
      }
      st.enqueue({ frame, cause });
      return;
    }
    st.current = { frame, cause, collisions: 0, waited: undefined };
    this.attempt(st);
  }

  /** Frames queued at a station's port and not yet sent (for state and stats). */
  queueDepth(node: string, port: string): number {
    return this.stations.get(`${node}:${port}`)?.waiting ?? 0;
  }

  // ---- carrier sense and deference (802.3 clause 4.2.3.2.1) ----

  /**
   * Sends the station's current frame now if the segment has been quiet at
   * the station for an interframe gap, or comes back when it will have been.
   * A signal still on its way is not heard: that is how collisions happen.
   */
  private readonly attempt = (st: HubStationState): void => {
    const attempt = st.current!;
    const now = this.host.now;
    if (!this.host.isPortUp(st.spec.hub, st.spec.hubPort)) {
      this.dropNoCarrier(st, attempt.frame, attempt.cause);
      this.next(st);
      return;
    }
    let quiet = st.quietSince;
    for (const s of this.signals) {
      const d = this.delay(s, st);
      if (d === undefined || s.start + d > now) continue;
      if (s.end + d > now) attempt.waited = 'busy';
      quiet = Math.max(quiet, s.end + d);
    }
    const clear = quiet + this.gapNs;
    if (clear <= now) {
      this.start(st, attempt);
      return;
    }
    attempt.waited ??= 'gap';
    this.host.schedule(clear, this.attempt, st);
  };

  private start(st: HubStationState, attempt: Attempt): void {
    const now = this.host.now;
    attempt.started = true;
    this.signals = this.signals.filter((s) => s.end + this.spanNs + this.gapNs >= now);
    const signal: Signal = {
      station: st,
      frame: attempt.frame,
      start: now,
      end: now + bitTimesNs(wireBits(attempt.frame.bytes.length), this.domain.rateBps),
      txSeq: 0,
      reach: reachFrom(this.domain, st.spec, this.isPortUp),
      collided: false,
      handled: false,
      episode: undefined,
      portTx: new Map(),
    };
    signal.txSeq = this.host.emit({
      kind: 'tx',
      node: st.spec.node,
      port: st.spec.port,
      frame: attempt.frame.id,
      cause: attempt.cause,
      bytes: attempt.frame.bytes,
      why: stationTxWhy(st.spec, attempt, this.slotNs, this.gapNs, signal.end - now),
    });
    this.signals.push(signal);
    this.host.schedule(signal.end, this.finished, signal);
    for (const [hub, r] of signal.reach) this.host.schedule(now + st.spec.delayNs + r.delayNs, this.repeat, { signal, hub });
    this.detectCollision(signal);
  }

  private delay(s: Signal, to: HubStationState): number | undefined {
    return propagationNs(s, to, this.isPortUp);
  }

  private readonly isPortUp = (node: string, port: string): boolean => this.host.isPortUp(node, port);

  // ---- the hub repeats; stations receive ----

  private readonly repeat = (a: { signal: Signal; hub: string }): void => {
    const { signal, hub } = a;
    if (signal.collided) return;
    const r = signal.reach.get(hub)!;
    const ports = this.domain.portsOf.get(hub)!.filter((p) => p !== r.ingress);
    const out = ports.filter((p) => this.host.isPortUp(hub, p));
    // The signal that reached this hub: the sender's, or the last hub's repeat of it (a copy of its own).
    const heard = (r.via && signal.portTx.get(r.via)) || signal.txSeq;
    const flood = this.host.emit({
      kind: 'flood',
      node: hub,
      port: r.ingress,
      frame: signal.frame.id,
      cause: heard,
      copy: heard,
      out,
      bytes: signal.frame.bytes,
      why: floodWhy(hub, out, out.length < ports.length, this.domain.repeaters.has(hub)),
    });
    for (const port of out) {
      const peer = this.domain.peers.get(`${hub}:${port}`)!;
      const to = peer.kind === 'station' ? `${peer.station.node}:${peer.station.port}` : `${peer.end.node}:${peer.end.port}`;
      const tx = this.host.emit({
        kind: 'tx',
        node: hub,
        port,
        frame: signal.frame.id,
        cause: flood,
        bytes: signal.frame.bytes,
        why: `${hub} repeats the frame's bits out of ${port} towards ${to}`,
      });
      signal.portTx.set(`${hub}:${port}`, tx);
      if (peer.kind !== 'station') continue;
      const station = this.stations.get(to)!;
      const d = this.delay(signal, station);
      if (d !== undefined) this.host.schedule<Arrival>(signal.end + d, this.arrive, { signal, to: station, cause: tx });
    }
  };

  private readonly arrive = (a: Arrival): void => {
    if (a.signal.collided) return;
    const { node, port, hub } = a.to.spec;
    const { frame } = a.signal;
    if (!this.host.isPortUp(node, port)) {
      this.host.emit({
        kind: 'drop',
        node,
        port,
        frame: frame.id,
        cause: a.cause,
        copy: a.cause,
        reason: 'link-down',
        bytes: frame.bytes,
        why: `${node}:${port} is down, so the frame ${hub} repeated to it is lost`,
      });
      return;
    }
    const rxSeq = this.host.emit({
      kind: 'rx',
      node,
      port,
      frame: frame.id,
      cause: a.cause,
      bytes: frame.bytes,
      why: `${node} receives ${frame.bytes.length} bytes on ${port} from ${a.signal.station.spec.node}:${a.signal.station.spec.port} through ${hub}`,
    });
    this.host.deliver(node, port, frame, rxSeq);
  };

  /** The last bit left without a collision: the frame is sent; the station moves on to its next one. */
  private readonly finished = (signal: Signal): void => {
    if (signal.collided) return;
    signal.station.quietSince = signal.end;
    this.next(signal.station);
  };

  private next(st: HubStationState): void {
    st.current = undefined;
    const queued = st.dequeue();
    if (!queued) return;
    st.current = { ...queued, collisions: 0, waited: undefined };
    this.attempt(st);
  }

  private readonly nextAfterGiveUp = (st: HubStationState): void => {
    this.next(st);
  };

  // ---- collisions (802.3 clause 4.2.3.2.4-5) ----

  /**
   * A station that starts sending while another's signal is still on its way
   * to it collides with it. Each hears the other when that signal arrives,
   * sends the 32-bit jam and stops; the frames are lost.
   */
  private detectCollision(j: Signal): void {
    const now = this.host.now;
    const hits = overlapping(this.signals, j, now, this.isPortUp);
    if (hits.length === 0) return;
    j.collided = true;
    this.jam(j, Math.min(...hits.map((h) => h.s.start + h.d)));
    for (const { s, d } of hits) {
      if (s.collided) continue;
      s.collided = true;
      this.jam(s, now + d);
    }
    let episode = hits.map((h) => h.s.episode).find((e) => e !== undefined && !e.emitted);
    if (!episode) {
      const hub = j.station.spec.hub;
      const others = Math.min(...hits.map((h) => h.s.start + h.s.station.spec.delayNs + h.s.reach.get(hub)!.delayNs));
      episode = { hub, members: [], emitted: false };
      this.host.schedule(Math.max(now + j.station.spec.delayNs, others), this.collide, episode);
    }
    for (const m of [...hits.map((h) => h.s), j]) {
      if (!episode.members.includes(m)) episode.members.push(m);
      m.episode ??= episode;
    }
  }

  /** The station hears the collision at `heardAt`: the rest of its frame gives way to the jam (802.3 clause 4.2.3.2.4). */
  private jam(s: Signal, heardAt: number): void {
    s.heardAt = heardAt;
    if (heardAt < s.end) s.end = heardAt + this.jamNs;
  }

  /** The overlap shows at the hub: one collision event; each sender backs off or, at its 16th collision, gives up. */
  private readonly collide = (episode: Episode): void => {
    episode.emitted = true;
    const now = this.host.now;
    const fates = episode.members
      .filter((m) => !m.handled)
      .map((m) => {
        m.handled = true;
        m.station.quietSince = m.end;
        const attempt = m.station.current!;
        attempt.collisions++;
        const gaveUp = givesUp(attempt.collisions);
        return { m, attempt, gaveUp, slots: gaveUp ? 0 : backoffSlots(attempt.collisions, this.rng) };
      });
    const names = episode.members.map((m) => m.station.spec.node);
    const seq = this.host.emit({
      kind: 'collision',
      node: episode.hub,
      cause: episode.members[episode.members.length - 1]!.txSeq,
      senders: episode.members.map((m) => `${m.station.spec.node}:${m.station.spec.port}`),
      why: collisionWhy(
        episode.hub,
        names,
        fates.map((f) => ({ node: f.m.station.spec.node, gaveUp: f.gaveUp })),
        episode.members.map((m) => this.fragment(m)),
      ),
    });
    for (const { m, attempt, gaveUp, slots } of fates) {
      const { node, port } = m.station.spec;
      if (gaveUp) {
        this.host.emit({
          kind: 'drop',
          node,
          port,
          frame: m.frame.id,
          cause: seq,
          reason: 'collision',
          bytes: m.frame.bytes,
          why: `${node} gives up on the frame after ${attempt.collisions} collisions in a row (802.3 attemptLimit), so it is dropped`,
        });
        this.host.schedule(Math.max(m.end, now), this.nextAfterGiveUp, m.station);
        continue;
      }
      attempt.cause = seq;
      attempt.backoffSlots = slots;
      attempt.waited = undefined;
      this.host.schedule(Math.max(m.end, now) + slots * this.slotNs, this.attempt, m.station);
    }
  };

  /**
   * What a collided transmission left on the wire, in bit times from its first
   * preamble bit, and how far into it its station heard the collision. Heard
   * within the slot time, the fragment is at most 512 + 32 bits, less the 64 of
   * preamble and SFD: always a runt, shorter than minFrameSize (802.3 clause
   * 4.2.4.2.2 discards it as a collision fragment).
   */
  private fragment(m: Signal): Fragment {
    const bits = (ns: number): number => Math.round((ns * this.domain.rateBps) / 1e9);
    return { node: m.station.spec.node, bits: bits(m.end - m.start), heardBits: bits((m.heardAt ?? m.end) - m.start) };
  }

  private dropNoCarrier(st: HubStationState, frame: Frame, cause: number): void {
    const { node, port, hub, hubPort } = st.spec;
    this.host.emit(
      linkDownDrop(node, port, frame, cause, `${node}:${port} has no carrier: ${hub}:${hubPort} is down, so the frame goes nowhere`),
    );
  }
}

/** One segment per collision domain, under the `node:port` of every port it carries. */
export function buildHubSegments(topology: Topology, host: MediumHost, rng: BackoffRng): Map<string, HubSegment> {
  const media = new Map<string, HubSegment>();
  for (const domain of findHubDomains(topology)) {
    const segment = new HubSegment(domain, host, rng);
    for (const key of segment.keys) media.set(key, segment);
  }
  return media;
}
