/**
 * The capture sink: the event stream, live or replayed, as packets at capture points.
 * Every tx is an outbound packet at its port and every rx an inbound one, at its virtual
 * time, as tcpdump on that port would see them (the oracle's veth captures show both
 * directions). Each packet's comment names its event and the decision behind it.
 *
 * What happened to a received frame (deliver, drop, filter, forward, flood, learn ...)
 * is emitted right after its rx, at the same instant, by the device that received it.
 * So packets are held until virtual time moves on: outcomes whose cause is a held packet
 * are folded into its comment ("#58 drop (not-for-me): h3 ignores the frame ..."). A
 * drop or collision whose frame never crossed the port (a full queue, no carrier) has no
 * packet to ride on, so it becomes one, marked "not sent" or "not received" (in pcapng
 * only: classic pcap has no comments, and there it would pass for a frame that crossed).
 *
 * Memory is bounded: the packets of one instant (at most MAX_PENDING), a ring of recent
 * events for naming causes, and recent commands. Nothing grows with the recording.
 */

import type { Observer } from 'rxjs';
import type { SimEvent } from '../events/event.js';
import type { CapturePoint } from './capture-points.js';
import { CLAUSE_SEPARATOR, lossComment, outcomeClause, rxComment, txComment } from './hop-comments.js';
import type { CaptureWriter } from './pcap-capture-writer.js';
import type { PacketDirection } from './pcapng-blocks.js';
import { RecentCommands, RecentEvents } from './recent-events.js';

/** `--kind`: only frames leaving ports (tx) or only frames arriving (rx). */
export type CaptureDirection = 'tx' | 'rx';

export interface CaptureSinkOptions {
  kind?: CaptureDirection;
  /** Build packet comments (pcapng); classic pcap has nowhere to keep them. Default true. */
  comments?: boolean;
}

export interface CaptureStats {
  packets: number;
  tx: number;
  rx: number;
  /** Packets for frames lost at a port without crossing it (a subset of `packets`). */
  losses: number;
  interfaces: number;
  /** Drops and collisions at a chosen point that no packet in the file could show. */
  unshown: number;
}

interface Point {
  id: number;
  peer: string | undefined;
  node: string;
  port: string;
}

interface Held {
  seq: number;
  point: Point;
  t: number;
  bytes: Uint8Array;
  direction: PacketDirection;
  comment: string;
  outcomes: number;
}

/**
 * Events kept for naming causes. A tx usually follows its decision within a few events;
 * a frame that waited in a long queue may outlive the window and is named by seq only.
 * Larger windows keep more decisions alive across V8's scavenges: 16384 cost ~7% more
 * CPU than 1024 on a million-event export.
 */
const RECENT_EVENTS = 4096;
const RECENT_COMMANDS = 4096;
/** Packets of one instant held for their outcomes; a larger burst is written in pieces. */
const MAX_PENDING = 4096;
/** Outcomes that say what became of a frame; an outcome of one of these is folded too. */
const FATES: ReadonlySet<string> = new Set(['deliver', 'drop', 'filter', 'forward', 'flood', 'collision']);
/** Outcome clauses per comment; a storm's rx can have many, a comment stays readable. */
const MAX_OUTCOMES = 8;

export class CaptureSink implements Partial<Observer<SimEvent>> {
  private readonly points = new Map<string, Map<string, Point>>();
  private readonly recent = new RecentEvents(RECENT_EVENTS);
  private readonly commands = new RecentCommands(RECENT_COMMANDS);
  private readonly held: Held[] = [];
  /** Outcomes folded into held packets this instant, by seq, and the packet each went to. */
  private readonly folded: number[] = [];
  private readonly foldedHosts: Held[] = [];
  private instant = -1;
  private readonly wantTx: boolean;
  private readonly wantRx: boolean;
  private readonly comments: boolean;
  private readonly counts: CaptureStats;

  /** Adds one interface per point, in the order given, so interface ids follow the topology. */
  constructor(
    private readonly writer: CaptureWriter,
    points: readonly CapturePoint[],
    options: CaptureSinkOptions = {},
  ) {
    this.wantTx = options.kind !== 'rx';
    this.wantRx = options.kind !== 'tx';
    this.comments = options.comments ?? true;
    for (const p of points) {
      let ports = this.points.get(p.node);
      if (!ports) this.points.set(p.node, (ports = new Map()));
      ports.set(p.port, { id: writer.addInterface(p.name, p.description), peer: p.peer, node: p.node, port: p.port });
    }
    this.counts = { packets: 0, tx: 0, rx: 0, losses: 0, interfaces: points.length, unshown: 0 };
  }

  get stats(): Readonly<CaptureStats> {
    return this.counts;
  }

  next(e: SimEvent): void {
    if (e.t !== this.instant) {
      this.flush();
      this.instant = e.t;
    }
    if (e.kind === 'tx' || e.kind === 'rx') {
      const point = this.pointOf(e);
      if (point) this.packet(e, point);
      this.recent.rememberPacket(e.seq, e.kind === 'tx', point ? point.id : -1);
    } else if (e.kind === 'command') {
      this.commands.remember(e);
    } else if (e.kind !== 'app') {
      this.outcome(e);
      this.recent.rememberDecision(e);
    }
  }

  /** Writes what is held and finishes the file (for a path: puts it in place). */
  complete(): void {
    try {
      this.flush();
    } catch (err) {
      this.writer.abort();
      throw err;
    }
    this.writer.close();
  }

  /** Gives up: nothing is left under the file's name. */
  error(): void {
    this.writer.abort();
  }

  private packet(e: SimEvent, point: Point): void {
    const direction: PacketDirection = e.kind === 'tx' ? 'outbound' : 'inbound';
    if (!this.wants(direction)) return;
    const bytes = this.bytesOf(e);
    let comment = '';
    if (this.comments) comment = e.kind === 'tx' ? txComment(e, point.peer, this.causeOf(e)) : rxComment(e, point.peer);
    this.hold({ seq: e.seq, point, t: e.t, bytes, direction, comment, outcomes: 0 });
  }

  private outcome(e: SimEvent): void {
    let host: Held | undefined;
    if (e.cause !== undefined) {
      host = this.heldPacket(e.cause);
      // What became of the frame here, one step further (deliver, then drop: no UDP
      // listener). A copy lost at another port (a flood's full queue) is its own story.
      if (!host && FATES.has(e.kind)) {
        const via = this.foldedInto(e.cause);
        if (via && via.point.node === e.node && via.point.port === e.port) host = via;
      }
    }
    if (host) {
      if (this.comments) this.annotate(host, e);
      if (this.folded.length < MAX_PENDING) {
        this.folded.push(e.seq);
        this.foldedHosts.push(host);
      }
      return;
    }
    if (e.kind !== 'drop' && e.kind !== 'collision') return;
    const point = this.pointOf(e);
    if (!point) return;
    const sent = e.cause !== undefined ? this.recent.packet(e.cause) : undefined;
    // Its frame's packet at this port is written already or left out by --kind; or
    // without a comment (classic pcap) a lost frame would pass for one that crossed.
    if (sent?.point === point.id || e.bytes === undefined || !this.comments) {
      this.counts.unshown++;
      return;
    }
    // A frame sent by the far end but lost here arrives, in a sense; one lost on its way out never left.
    const inbound = sent?.tx === true;
    const direction: PacketDirection = inbound ? 'inbound' : 'outbound';
    if (!this.wants(direction)) return;
    this.counts.losses++;
    this.hold({ seq: e.seq, point, t: e.t, bytes: e.bytes, direction, comment: lossComment(e, inbound), outcomes: 0 });
  }

  private annotate(host: Held, o: SimEvent): void {
    if (host.outcomes > MAX_OUTCOMES) return;
    host.outcomes++;
    if (host.outcomes > MAX_OUTCOMES) {
      host.comment += `${CLAUSE_SEPARATOR}(more: hoplab events --from ${o.seq})`;
      return;
    }
    const elsewhere = o.node !== host.point.node || o.port !== host.point.port;
    host.comment += `${CLAUSE_SEPARATOR}${outcomeClause(o, elsewhere)}`;
  }

  private hold(h: Held): void {
    if (this.held.length >= MAX_PENDING) this.flush();
    this.held.push(h);
  }

  /**
   * The held packet with this seq. Searched from the newest: an outcome follows its rx
   * within a few events. (A Map here, cleared every instant, cost more in garbage
   * collection than the whole search.)
   */
  private foldedInto(seq: number): Held | undefined {
    for (let i = this.folded.length - 1; i >= 0; i--) {
      if (this.folded[i] === seq) return this.foldedHosts[i];
    }
    return undefined;
  }

  private heldPacket(seq: number): Held | undefined {
    const held = this.held;
    for (let i = held.length - 1; i >= 0; i--) {
      const h = held[i]!;
      if (h.seq === seq) return h;
      if (h.seq < seq) return undefined;
    }
    return undefined;
  }

  private flush(): void {
    const held = this.held;
    if (held.length === 0) return;
    for (let i = 0; i < held.length; i++) {
      const h = held[i]!;
      this.writer.writePacket(h.point.id, h.t, h.bytes, h.direction, this.comments ? h.comment : undefined);
      if (h.direction === 'outbound') this.counts.tx++;
      else this.counts.rx++;
    }
    this.counts.packets += held.length;
    held.length = 0;
    this.folded.length = 0;
    this.foldedHosts.length = 0;
  }

  private wants(direction: PacketDirection): boolean {
    return direction === 'outbound' ? this.wantTx : this.wantRx;
  }

  private pointOf(e: SimEvent): Point | undefined {
    return e.port === undefined ? undefined : this.points.get(e.node)?.get(e.port);
  }

  private causeOf(e: SimEvent): SimEvent | undefined {
    if (e.cause === undefined) return undefined;
    return this.recent.decision(e.cause) ?? this.commands.get(e.cause);
  }

  private bytesOf(e: SimEvent): Uint8Array {
    if (e.bytes === undefined) {
      // A stream without bytes would give an empty-looking capture; say what is wrong instead.
      throw new Error(`event #${e.seq} (${e.kind} at ${e.node}:${e.port}) carries no frame bytes: replay with withBytes`);
    }
    return e.bytes;
  }
}
