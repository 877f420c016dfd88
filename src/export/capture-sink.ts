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
 * drop or collision whose frame never crossed the port (a full queue, no carrier) was
 * never on the wire: it is counted in that interface's statistics (isb_ifdrop, written at
 * the end), and, only when asked (`withDrops`), written as a packet of its own, marked
 * "not sent" or "not received", on an extra interface `node:port lost`, so that packet
 * counts per interface stay what crossed the cables (a storm's full queues would
 * otherwise double its traffic in Wireshark's statistics).
 *
 * A station's tx onto a hub's shared segment may collide after it was recorded: such a
 * packet is held (and what follows it, so the file stays in time order) until its fate
 * is known (segment-fates.ts), and the collision, naming the other senders, and the
 * retry after backoff or the give-up are folded into its comment.
 *
 * Memory is bounded: the packets held (at most MAX_PENDING), a ring of recent events for
 * naming causes, and recent commands. Nothing grows with the recording.
 */

import type { Observer } from 'rxjs';
import type { SimEvent } from '../events/event.js';
import type { CapturePoint } from './capture-points.js';
import type { ClauseTemplate } from './comment-clause.js';
import { EventWordsCache, Role, type EventWords } from './event-words.js';
import { clausesPerPacket, HeldPackets } from './held-packets.js';
import { MORE_CLAUSE, rxHead, txHead } from './hop-comments.js';
import type { CaptureWriter } from './capture-writer.js';
import { RecentCommands, RecentEvents } from './recent-events.js';
import { SegmentFates } from './segment-fates.js';

/** `--kind`: only frames leaving ports (tx) or only frames arriving (rx). */
export const CAPTURE_DIRECTIONS = ['tx', 'rx'] as const;
export type CaptureDirection = (typeof CAPTURE_DIRECTIONS)[number];

export interface CaptureSinkOptions {
  kind?: CaptureDirection;
  /** Build packet comments (pcapng); classic pcap has nowhere to keep them. Default true. */
  comments?: boolean;
  /** Write frames lost at a port as packets, on `node:port lost` interfaces (needs comments). Default false. */
  withDrops?: boolean;
}

export interface CaptureStats {
  /** Every packet written: tx + rx + lostWritten. */
  packets: number;
  /** Packets of frames that crossed a cable, leaving (tx) or arriving (rx) at a capture point. */
  tx: number;
  rx: number;
  /** Frames lost at a chosen port without crossing it: each interface's isb_ifdrop. */
  lost: number;
  /** Of those, the ones written as packets on `lost` interfaces (a subset of `packets`). */
  lostWritten: number;
  /** Capture points (the `lost` interfaces aside). */
  interfaces: number;
  /** Drops and collisions at a chosen point that no packet in the file could show. */
  unshown: number;
}

/** A chosen capture point: its interface id and its packets' first clauses. */
interface Point {
  id: number;
  name: string;
  description: string;
  /** Frames lost here without crossing (isb_ifdrop). */
  drops: number;
  /** The `lost` interface's point, made when its first lost frame is written. */
  lost?: Point;
  /** Whether this is a `lost` interface's point. */
  isLost: boolean;
  /** Its cable leads to a hub's shared segment: its tx may yet collide. */
  shared: boolean;
  /** tx and rx heads without and with their cause's seq (hop-comments.ts). */
  txHead: ClauseTemplate;
  txHeadCause: ClauseTemplate;
  rxHead: ClauseTemplate;
  rxHeadSent: ClauseTemplate;
}

type Words = EventWords<Point>;

/**
 * Events kept for naming causes. A tx usually follows its decision within a few events;
 * a frame that waited in a long queue may outlive the window and is named by seq only.
 */
const RECENT_EVENTS = 4096;
const RECENT_COMMANDS = 4096;
/** Packets of one instant held for their outcomes; a larger burst is written in pieces. */
const MAX_PENDING = 4096;
/** Outcome clauses per comment; a storm's rx can have many, a comment stays readable. */
const MAX_OUTCOMES = 8;

const utf8 = new TextDecoder();

export class CaptureSink implements Partial<Observer<SimEvent>> {
  private readonly points = new Map<string, Map<string, Point>>();
  private readonly byName = new Map<string, Point>();
  private readonly words = new EventWordsCache<Point>((node, port) => (port === undefined ? undefined : this.points.get(node)?.get(port)));
  private readonly recent = new RecentEvents<Words>(RECENT_EVENTS);
  private readonly commands = new RecentCommands<Words>(RECENT_COMMANDS);
  private readonly held = new HeldPackets<Point>(MAX_PENDING, clausesPerPacket(MAX_OUTCOMES));
  private readonly fates = new SegmentFates<Point>();
  /** Outcomes folded into held packets this instant, by seq, and the packet each went to. */
  private readonly folded = new Float64Array(MAX_PENDING);
  private readonly foldedHosts = new Int32Array(MAX_PENDING);
  private foldedCount = 0;
  private instant = -1;
  private readonly wantTx: boolean;
  private readonly wantRx: boolean;
  private readonly comments: boolean;
  private readonly withDrops: boolean;
  private readonly counts: CaptureStats;
  /** The chosen points in interface order, for their statistics at the end; and the last instant seen. */
  private readonly chosen: Point[] = [];
  private lastT = 0;
  /** Scratch for a comment's string, for a writer that takes only strings. */
  private scratch = new Uint8Array(0);

  /** Adds one interface per point, in the order given, so interface ids follow the topology. */
  constructor(
    private readonly writer: CaptureWriter,
    points: readonly CapturePoint[],
    options: CaptureSinkOptions = {},
  ) {
    this.wantTx = options.kind !== 'rx';
    this.wantRx = options.kind !== 'tx';
    this.comments = options.comments ?? true;
    this.withDrops = (options.withDrops ?? false) && this.comments;
    for (const p of points) {
      let ports = this.points.get(p.node);
      if (!ports) this.points.set(p.node, (ports = new Map()));
      const point: Point = {
        id: writer.addInterface(p.name, p.description),
        name: p.name,
        description: p.description,
        drops: 0,
        isLost: false,
        shared: p.shared ?? false,
        txHead: txHead(p, false),
        txHeadCause: txHead(p, true),
        rxHead: rxHead(p, false),
        rxHeadSent: rxHead(p, true),
      };
      ports.set(p.port, point);
      this.byName.set(p.name, point);
      this.chosen.push(point);
    }
    this.counts = { packets: 0, tx: 0, rx: 0, lost: 0, lostWritten: 0, interfaces: points.length, unshown: 0 };
  }

  get stats(): Readonly<CaptureStats> {
    return this.counts;
  }

  next(e: SimEvent): void {
    if (e.t !== this.instant) {
      if (!this.fates.pending) this.flush();
      this.instant = e.t;
      this.lastT = e.t;
    }
    const w = this.words.of(e);
    switch (w.role) {
      case Role.Tx:
      case Role.Rx: {
        const point = w.point;
        if (this.fates.pending) this.settle(e, w);
        if (point) this.packet(e, w.role === Role.Tx, point);
        this.recent.rememberPacket(e.seq, w.role === Role.Tx, point ? point.id : -1, e.cause);
        break;
      }
      case Role.Command:
        this.commands.remember(e.seq, w, e.cause);
        break;
      case Role.App:
        break;
      default:
        if (e.kind === 'collision') this.collision(e, w);
        else this.outcome(e, w);
        this.recent.rememberDecision(e.seq, w, e.cause);
    }
  }

  /** Writes what is held and each interface's statistics, and finishes the file (for a path: puts it in place). */
  complete(): void {
    try {
      this.flush();
      this.writeStatistics();
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

  private packet(e: SimEvent, tx: boolean, point: Point): void {
    if (!(tx ? this.wantTx : this.wantRx)) return;
    const i = this.hold(e.seq, point, e.t, this.bytesOf(e), tx);
    if (!this.comments) return;
    if (tx && point.shared) this.fates.sent(e.seq, i, point);
    const cause = e.cause;
    if (!tx) {
      this.held.addClause(i, cause !== undefined ? point.rxHeadSent : point.rxHead, e.seq, cause ?? 0);
      return;
    }
    if (cause === undefined) {
      this.held.addClause(i, point.txHead, e.seq, 0);
      return;
    }
    // The decision that sent it, whole, if it is still at hand.
    let decision = this.recent.decision(cause);
    let decisionCause: number | undefined;
    if (decision !== undefined) decisionCause = this.recent.decisionCause(cause);
    else {
      const command = this.commands.get(cause);
      decision = command?.words;
      decisionCause = command?.cause;
    }
    if (decision === undefined) {
      this.held.addClause(i, point.txHeadCause, e.seq, cause);
      return;
    }
    this.held.addClause(i, point.txHead, e.seq, 0);
    this.held.addClause(i, decision.decision(decisionCause !== undefined), cause, decisionCause ?? 0);
  }

  /** A tx or rx while packets wait for their fate: a station's retry, or a copy's arrival, settles one. */
  private settle(e: SimEvent, w: Words): void {
    if (w.role === Role.Rx) this.fates.arrived(e.cause, this.causeOf);
    else if (w.point && e.cause !== undefined) {
      const host = this.fates.retried(w.point, e.cause);
      if (host >= 0) this.fold(host, e.seq, w.outcome(false));
    }
  }

  private readonly causeOf = (seq: number): number | undefined => this.recent.causeOf(seq);

  /** A collision at a hub: each sender's held packet says so, naming the others, and waits for its retry or give-up. */
  private collision(e: SimEvent, w: Words): void {
    if (!this.fates.pending) return;
    for (const sender of e.senders ?? []) {
      const point = this.byName.get(sender);
      const host = point ? this.fates.collided(point, e.seq) : -1;
      if (host >= 0) this.fold(host, e.seq, w.collisionWith(sender));
    }
  }

  private outcome(e: SimEvent, w: Words): void {
    const held = this.held;
    if (this.fates.pending && e.kind === 'drop' && e.cause !== undefined && w.point) {
      // A station giving up after its 16th collision (its frame is also a lost frame, below);
      // a copy lost arriving at a port that is down still left its sender.
      if (e.reason === 'collision') {
        const gaveUp = this.fates.retried(w.point, e.cause);
        if (gaveUp >= 0) this.fold(gaveUp, e.seq, w.outcome(false));
      } else if (e.reason === 'link-down') this.fates.arrived(e.cause, this.causeOf);
    }
    let host = -1;
    if (e.cause !== undefined) {
      // Only outcomes of the same instant: packets held longer are waiting for a collision.
      host = held.find(e.cause);
      if (host >= 0 && held.t[host] !== e.t) host = -1;
      // What became of the frame here, one step further (deliver, then drop: no UDP
      // listener). A copy lost at another port (a flood's full queue) is its own story.
      if (host < 0 && w.fate) {
        const via = this.foldedInto(e.cause);
        if (via >= 0 && held.point[via] === w.point && held.t[via] === e.t) host = via;
      }
    }
    if (host >= 0) {
      if (this.comments) this.annotate(host, e, w);
      if (this.foldedCount < MAX_PENDING) {
        this.folded[this.foldedCount] = e.seq;
        this.foldedHosts[this.foldedCount++] = host;
      }
      return;
    }
    if (!w.loss) return;
    const point = w.point;
    if (!point) return;
    const sentAt = e.cause !== undefined ? this.recent.packetPoint(e.cause) : undefined;
    // Its frame's packet at this port is written already or left out by --kind: not a frame lost at the port.
    if (sentAt === point.id || e.bytes === undefined) {
      this.counts.unshown++;
      return;
    }
    // A frame sent by the far end but lost here arrives, in a sense; one lost on its way out never left.
    const inbound = e.cause !== undefined && this.recent.wasTx(e.cause);
    if (!(inbound ? this.wantRx : this.wantTx)) return;
    point.drops++;
    this.counts.lost++;
    if (!this.withDrops) return;
    const i = this.hold(e.seq, this.lostPoint(point), e.t, e.bytes, !inbound);
    held.addClause(i, w.lossClause(inbound, e.cause !== undefined), e.seq, e.cause ?? 0);
  }

  /** The `node:port lost` interface of a point, added to the file the first time a lost frame is written there. */
  private lostPoint(point: Point): Point {
    if (point.lost) return point.lost;
    const id = this.writer.addInterface(
      `${point.name} lost`,
      `frames lost at ${point.description} without crossing it (full queue, no carrier, a collision)`,
    );
    point.lost = { ...point, id, drops: 0, isLost: true };
    return point.lost;
  }

  /** One Interface Statistics Block per capture point (pcapng): what it dropped, and when the capture began and ended. */
  private writeStatistics(): void {
    if (!this.writer.writeInterfaceStatistics) return;
    for (const p of this.chosen) {
      this.writer.writeInterfaceStatistics({
        interfaceId: p.id,
        timestamp: this.lastT,
        startTime: 0,
        endTime: this.lastT,
        dropped: p.drops,
      });
    }
  }

  private annotate(host: number, o: SimEvent, w: Words): void {
    // Where it happened is said only if it is not the packet's own point.
    this.fold(host, o.seq, w.outcome(w.point !== this.held.point[host]));
  }

  /** Appends outcome clause `clause`, numbered `seq`, to held packet `host`'s comment, or "more" past MAX_OUTCOMES. */
  private fold(host: number, seq: number, clause: ClauseTemplate): void {
    const outcomes = this.held.outcomes[host]! + 1;
    if (outcomes > MAX_OUTCOMES + 1) return;
    this.held.outcomes[host] = outcomes;
    this.held.addClause(host, outcomes > MAX_OUTCOMES ? MORE_CLAUSE : clause, seq, 0);
  }

  private hold(seq: number, point: Point, t: number, bytes: Uint8Array, outbound: boolean): number {
    if (this.held.full) this.flush();
    return this.held.add(seq, point, t, bytes, outbound);
  }

  /** The held packet an outcome with this seq was folded into, or -1; searched from the newest. */
  private foldedInto(seq: number): number {
    for (let i = this.foldedCount - 1; i >= 0; i--) {
      if (this.folded[i] === seq) return this.foldedHosts[i]!;
    }
    return -1;
  }

  private flush(): void {
    const held = this.held;
    const n = held.count;
    if (n === 0) return;
    const writer = this.writer;
    const encoded = this.comments && writer.writeEncodedPacket !== undefined;
    for (let i = 0; i < n; i++) {
      const outbound = held.outbound[i] === 1;
      const direction = outbound ? 'outbound' : 'inbound';
      const id = held.point[i]!.id;
      if (encoded) writer.writeEncodedPacket!(id, held.t[i]!, held.bytes[i]!, direction, held.commentOf(i));
      else writer.writePacket(id, held.t[i]!, held.bytes[i]!, direction, this.comments ? this.commentText(i) : undefined);
      if (held.point[i]!.isLost) this.counts.lostWritten++;
      else if (outbound) this.counts.tx++;
      else this.counts.rx++;
    }
    this.counts.packets += n;
    held.clear();
    this.fates.clear();
    this.foldedCount = 0;
  }

  /** Packet `i`'s comment as a string, for a writer without `writeEncodedPacket`. */
  private commentText(i: number): string {
    const comment = this.held.commentOf(i);
    if (this.scratch.length < comment.maxBytes) this.scratch = new Uint8Array(comment.maxBytes);
    return utf8.decode(this.scratch.subarray(0, comment.encodeInto(this.scratch, 0)));
  }

  private bytesOf(e: SimEvent): Uint8Array {
    if (e.bytes === undefined) {
      // A stream without bytes would give an empty-looking capture; say what is wrong instead.
      throw new Error(`event #${e.seq} (${e.kind} at ${e.node}:${e.port}) carries no frame bytes: replay with withBytes`);
    }
    return e.bytes;
  }
}
