import type { SimEvent } from '../events/event.js';
import { formatEvent, hex } from '../events/format-event.js';
import { formatSeconds } from '../events/time.js';
import { cableKey, endName } from '../draw/graph.js';
import type { Drawing } from '../draw/layout.js';
import { FRAME_CLASSES, frameClass } from '../draw/palette.js';
import { RecordingDrawing } from '../draw/recording-drawing.js';
import { stormPlotSvg } from '../draw/storm-plot.js';
import { topologySvg } from '../draw/topology-svg.js';
import { stateText } from '../state/state-format.js';
import { StatsFold, type RecordingStats } from '../stats/stats.js';
import { protocolsOf, type StepFilter, matchesFilter, parseFilter } from '../stepper/stepper-filter.js';
import { CopyWalker } from '../stepper/copy-walk.js';
import { withFrameCache } from '../store/frame-caching-reader.js';
import type { RecordingReader } from '../store/recording.js';
import { StateSeeker } from '../store/snapshots.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { summarizeFrame } from '../wire/decode.js';
import { decodeWithRanges } from '../wire/decode-ranges.js';
import { COLLISION, frameTrips, SENT, type FrameTrip, type TripSource } from './frames-alive.js';
import { TripEnds } from './trip-ends.js';
import { TripBound } from './trip-bound.js';
import { copyStep, type CopyStep } from './copy-steps.js';
import { NotFound } from './http-error.js';
import { type PortChange, portChange, portMarks } from './port-states.js';

/** Events before the current one whose drops are still marked where they happened. */
export const DROP_WINDOW = 32;
/** The most events one page of the event list holds. */
export const MAX_PAGE = 500;
/** The most causes an event's pane lists, nearest first. */
export const MAX_CAUSES = 64;
/** The most events one playback chunk covers. */
export const MAX_CHUNK = 20_000;

/**
 * A frame on a wire as the page draws it: [txSeq, t0, t1 (-1: not ended in
 * the recording), cable index, direction (0: from the cable's end a, 1: from
 * b), class index (FRAME_CLASSES), fate (0 on the wire still, 1 received, 2
 * dropped, 3 collided, 4 repeated by a hub)]. Arrays, not objects: a storm
 * puts ten thousand on the wires at once.
 */
export type Envelope = [number, number, number, number, number, number, number];

/** Where a frame died: [seq, t, cable index (-1: none), end (0: a, 1: b), reason]. */
export type DropMark = [number, number, number, number, string];

const FATES = { rx: 1, drop: 2, collision: 3, relay: 4 } as const;

/** Events the idle walk folds before it lets a request in: a few milliseconds of the fold. */
const WALK_SLICE = 5_000;
/** How long the page must have asked nothing before the idle walk goes on. */
const WALK_QUIET_MS = 250;

/**
 * One recording as the viewer serves it. Everything is read through the
 * store's readers and the fold's snapshots, as `events`, `state --at` and
 * `trace` read it: nothing is loaded whole, and each answer is computed
 * from the recording, the same way forwards and backwards.
 */
export class ViewSession {
  readonly reader: RecordingReader;
  readonly drawn: RecordingDrawing;
  readonly last: number;
  readonly nodes: string[];
  readonly seeker: StateSeeker;
  private readonly copies: CopyWalker;
  private readonly classes = new Map<number, number>();
  private readonly ends = new Map<string, [number, number]>();
  /** What frameTrips reads from this recording (public for the tests that watch it). */
  readonly trips: TripSource;
  /** Each frame's trip end, learnt by the idle walk (trip-ends.ts). */
  private readonly tripEnds: TripEnds;
  private stats: RecordingStats | undefined;
  /** The idle walk's next slice, while it has one (walkWhileIdle), and when the page last asked something (performance.now()). */
  private walking: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastAsked = Number.NEGATIVE_INFINITY;

  constructor(readonly path: string) {
    this.reader = withFrameCache(new SqliteRecordingReader(path), path, { strict: false });
    try {
      this.last = this.reader.status().events;
      this.nodes = this.reader.header().nodes.map((n) => n.name);
      this.seeker = new StateSeeker(path, this.reader);
      this.drawn = new RecordingDrawing(this.reader);
      this.copies = new CopyWalker(this.reader);
    } catch (e) {
      this.reader.close();
      throw e;
    }
    this.tripEnds = new TripEnds(this.last);
    this.trips = this.tripSource(TripBound.of(this.reader.header()));
    this.drawing.cables.forEach((c, i) => {
      this.ends.set(endName(c.a), [i, 0]);
      this.ends.set(endName(c.b), [i, 1]);
    });
    this.walkWhileIdle();
  }

  /**
   * Between requests, folds the recording from start to end a slice at a time
   * (StateSeeker.walk), so that a seek starts from a checkpoint a few thousand
   * events back instead of a stored snapshot up to 48,000 back (issue 16: a
   * seek's worst case). A slice keeps the event loop for a few milliseconds;
   * a request waits at most that long. A recording the walk cannot read is
   * left to the requests, which say why.
   */
  private walkWhileIdle(): void {
    const slice = (): void => {
      this.walking = undefined;
      const quiet = performance.now() - this.lastAsked;
      // The page is asking (a seek is a handful of requests): the walk waits until it has been quiet a while.
      if (quiet < WALK_QUIET_MS) {
        this.walking = setTimeout(slice, WALK_QUIET_MS - quiet);
        return;
      }
      try {
        if (this.seeker.walk(this.last, WALK_SLICE, this.tripEnds)) this.walking = setImmediate(slice);
      } catch {
        // The seeks that read the same rows report the damage, located.
      }
    };
    this.walking = setImmediate(slice);
  }

  /** A request came: the idle walk steps aside for a while (WALK_QUIET_MS). */
  asked(): void {
    this.lastAsked = performance.now();
  }

  get drawing(): Drawing {
    return this.drawn.drawing;
  }

  close(): void {
    clearTimeout(this.walking as NodeJS.Timeout | undefined);
    clearImmediate(this.walking as NodeJS.Immediate | undefined);
    this.seeker.close();
    this.reader.close();
  }

  info(): object {
    const header = this.reader.header();
    const status = this.reader.status();
    const lastEvent = this.last > 0 ? this.reader.event(this.last) : undefined;
    return {
      name: header.name,
      path: this.path,
      events: this.last,
      endTime: lastEvent?.t ?? 0,
      complete: status.complete,
      stopReason: status.stopReason,
      /** How far the idle walk has folded: from here on, seeks start from its checkpoints. */
      walkedTo: this.seeker.walkedTo,
      script: this.drawn.shapes !== undefined,
      nodes: header.nodes,
      drawing: this.drawing,
      svg: topologySvg(this.drawing, { bare: true }),
      classes: FRAME_CLASSES,
    };
  }

  /** The event `seq` must exist (1..last); 0 is allowed where `zero` says so (the state before the first event). */
  checkSeq(seq: number, zero = false): void {
    if (!Number.isInteger(seq) || seq < (zero ? 0 : 1) || seq > this.last)
      throw new NotFound(`no event #${seq}: the recording has events #1 to #${this.last}`);
  }

  /** The last event at or before virtual time `t` (0 when none). Events are in time order: a binary search. */
  seqAtTime(t: number): number {
    let lo = 0;
    let hi = this.last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.reader.event(mid)!.t <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** What the page draws just after event `seq`: the frames on the wires with their trips, the drops just before, the script's shape. */
  at(seq: number): object {
    this.checkSeq(seq, true);
    const state = this.seeker.stateAt(seq);
    const t = state.t;
    const ports = portMarks(state, this.ends);
    const trips = frameTrips(state, this.trips, seq);
    const envelopes = trips.map((x) => this.envelope(x));
    const drops: DropMark[] = [];
    if (seq > 0) {
      for (const e of this.reader.events({ from: Math.max(1, seq - DROP_WINDOW + 1), to: seq, kinds: ['drop', 'collision'] }))
        drops.push(...this.dropMarks(e));
    }
    const current = seq > 0 ? this.line(this.withBytes(this.reader.event(seq)!)) : 'the start, before the first event';
    return { seq, t, time: formatSeconds(t), current, envelopes, drops, ports, ...this.shape(seq) };
  }

  /**
   * Playback: the frames on the wires at any time between just after `from`
   * and just after `to` (each with its tx and end instants), the drops in
   * between, and each event's time, so that the page can move envelopes at
   * any speed without asking again until `to`.
   */
  chunk(from: number, to: number): object {
    this.checkSeq(from, true);
    this.checkSeq(to, true);
    const end = Math.min(to, from + MAX_CHUNK);
    const state = this.seeker.stateAt(from);
    const t = state.t;
    const ports = portMarks(state, this.ends);
    const trips = frameTrips(state, this.trips, end);
    const times: number[] = [];
    const drops: DropMark[] = [];
    const portChanges: PortChange[] = [];
    for (const e of this.reader.events({ from: from + 1, to: end })) {
      times.push(e.t);
      if (e.kind === 'drop' || e.kind === 'collision') drops.push(...this.dropMarks(e));
      const change = portChange(e, this.ends);
      if (change) portChanges.push(change);
    }
    const envelopes = trips.map((x) => this.envelope(x));
    return { from, to: end, t, times, envelopes, drops, ports, portChanges, ...this.shape(end) };
  }

  /**
   * One page of the event list, as `hoplab events` prints it, through the
   * stepper's filter (kind=, node=, port=, proto=): `after` events from `seq`
   * on and `before` events before it.
   */
  page(seq: number, before: number, after: number, filterText: string): object {
    this.checkSeq(seq, true);
    const filter = parseFilter(filterText, this.nodes);
    const pass = (e: SimEvent): boolean =>
      !filter || matchesFilter(filter, e, (x) => (x.frame === undefined ? undefined : this.reader.frame(x.frame)));
    const pre = prefilter(filter);
    const later: SimEvent[] = [];
    const it = this.reader.events({ from: Math.max(1, seq), ...pre });
    try {
      for (const e of it) {
        if (later.length >= Math.min(after, MAX_PAGE)) break;
        if (pass(e)) later.push(e);
      }
    } finally {
      it.return?.();
    }
    const earlier: SimEvent[] = [];
    for (let hi = seq - 1; hi >= 1 && earlier.length < Math.min(before, MAX_PAGE); hi -= 512) {
      const chunk = [...this.reader.events({ from: Math.max(1, hi - 511), to: hi, ...pre })].filter(pass);
      earlier.unshift(...chunk.slice(Math.max(0, chunk.length - (Math.min(before, MAX_PAGE) - earlier.length))));
    }
    const row = (e: SimEvent): object => ({ seq: e.seq, t: e.t, kind: e.kind, line: this.line(this.withBytes(e)) });
    return { filter: filter?.text ?? '', events: [...earlier, ...later].map(row), last: this.last };
  }

  /** The next (or previous) event through the filter from `seq`, for stepping with a filter on. */
  step(seq: number, direction: 1 | -1, filterText: string): number | undefined {
    const filter = parseFilter(filterText, this.nodes);
    if (!filter) {
      const next = seq + direction;
      return next >= 1 && next <= this.last ? next : undefined;
    }
    const p = this.page(direction > 0 ? seq + 1 : seq, direction > 0 ? 0 : 1, direction > 0 ? 1 : 0, filterText) as {
      events: Array<{ seq: number }>;
    };
    return p.events[0]?.seq;
  }

  /** The selected event in full: its decision, its causes back to the command (as `trace`), its frame layer by layer with the bytes. */
  detail(seq: number): object {
    this.checkSeq(seq);
    const e = this.withBytes(this.reader.event(seq)!);
    const causes = this.nearestCauses(e);
    const bytes = e.bytes;
    return {
      seq,
      t: e.t,
      time: formatSeconds(e.t),
      kind: e.kind,
      node: e.node,
      ...(e.port !== undefined && { port: e.port }),
      line: this.line(e),
      why: e.why,
      ...(e.reason && { reason: e.reason }),
      causes: causes.chain.map((c) => ({ seq: c.seq, line: this.line(c) })),
      ...(causes.more && { moreCauses: true }),
      ...(bytes && { frame: { hex: hex(bytes), summary: summarizeFrame(bytes), layers: decodeWithRanges(bytes) } }),
      ...this.copyOf(e),
    };
  }

  /**
   * The causes nearest the event, as `trace` lists them, at most MAX_CAUSES:
   * a storm's copy descends from the first broadcast through every hop
   * before it, a chain as long as the storm, which the page need not show
   * whole (and `trace` prints).
   */
  /** Which copy of its frame the event concerns, and the copy that one was made from. */
  private copyOf(e: SimEvent): { copy?: { seq: number; from: number | null } } {
    const tx = e.frame === undefined ? undefined : this.copies.copyTx(e);
    return tx ? { copy: { seq: tx.seq, from: this.copies.parent(tx)?.seq ?? null } } : {};
  }

  private nearestCauses(e: SimEvent): { chain: SimEvent[]; more: boolean } {
    const chain: SimEvent[] = [];
    let c: SimEvent | undefined = e;
    while (c?.cause !== undefined && chain.length < MAX_CAUSES) {
      c = this.reader.event(c.cause);
      if (c) chain.push(this.withBytes(c));
    }
    return { chain, more: c?.cause !== undefined };
  }

  /** The copy keys from #seq (N, P, ], [): view/copy-steps.ts. */
  copyStep(seq: number, move: string): CopyStep {
    this.checkSeq(seq);
    return copyStep(this.copies, this.reader.event(seq)!, move);
  }

  /** A node's tables just after `seq`, as `hoplab state --at SEQ --node NODE` prints them, and the rows the event changed. */
  tables(seq: number, node: string): object {
    this.checkSeq(seq, true);
    if (!this.nodes.includes(node)) throw new NotFound(`no node '${node}' (nodes: ${this.nodes.join(', ')})`);
    const state = this.seeker.stateAt(seq);
    const lines = stateText(
      state,
      (id) => {
        const b = this.reader.frame(id);
        return b ? summarizeFrame(b) : undefined;
      },
      node,
    );
    const e = seq > 0 ? this.reader.event(seq) : undefined;
    // The row the current event just changed: a MAC learned, moved or aged here, an ARP entry's new state.
    const changed = e && e.node === node ? (e.mac ?? e.ip) : undefined;
    return { seq, node, lines, ...(changed && { changed }) };
  }

  /** The storm plot of `hoplab stats --svg`, for the Charts tab. */
  chart(): object {
    return { svg: stormPlotSvg(this.reader.header().name, this.statistics(), { bare: true }) };
  }

  /** `hoplab stats` of the whole recording (one pass, kept: the recording does not change). */
  statistics(): RecordingStats {
    if (!this.stats) {
      const spanNs = this.last > 0 ? this.reader.event(this.last)!.t : 0;
      const fold = new StatsFold({ spanNs, nodes: this.nodes });
      for (const e of this.reader.events()) fold.add(e);
      this.stats = fold.result();
    }
    return this.stats;
  }

  /** What frameTrips reads, from this recording (frames-alive.ts). */
  private tripSource(bound: TripBound): TripSource {
    const reader = this.reader;
    return {
      last: this.last,
      sent: (from, to) => reader.events({ from, to, kinds: [SENT] }),
      endsOf: (causes, from, to) => reader.events({ from, to, causedBy: { seqs: causes, orKinds: [COLLISION] } }),
      ends: this.tripEnds,
      latestEnd: (t) => bound.latestEnd(t.node, t.port, t.t0, t.frame === undefined ? undefined : reader.frame(t.frame)?.length),
      seqAtTime: (t) => this.seqAtTime(t),
    };
  }

  private envelope(x: FrameTrip): Envelope {
    const [cable, dir] = this.ends.get(`${x.node}:${x.port}`) ?? [-1, 0];
    const ended = x.endSeq !== undefined && x.t1 !== undefined && x.fate !== undefined;
    return [x.txSeq, x.t0, ended ? x.t1! : -1, cable, dir, this.classOf(x.frame), ended ? FATES[x.fate!] : 0];
  }

  private dropMarks(e: SimEvent): DropMark[] {
    if (e.kind === 'collision') {
      // Each sender's frame dies where it meets the others: at the hub's end of its cable, not at the sender.
      return (e.senders ?? []).map((s) => {
        const [cable, end] = this.ends.get(s) ?? [-1, 0];
        return [e.seq, e.t, cable, 1 - end, 'collision'];
      });
    }
    const [cable, end] = this.ends.get(`${e.node}:${e.port}`) ?? [-1, 0];
    return [[e.seq, e.t, cable, end, e.reason ?? 'drop']];
  }

  private classOf(frame: number | undefined): number {
    if (frame === undefined) return FRAME_CLASSES.indexOf('other');
    let c = this.classes.get(frame);
    if (c === undefined) {
      const bytes = this.reader.frame(frame);
      c = FRAME_CLASSES.indexOf(frameClass(bytes ? protocolsOf(bytes) : []));
      if (this.classes.size > 100_000) this.classes.clear();
      this.classes.set(frame, c);
    }
    return c;
  }

  private shape(seq: number): object {
    const present = this.drawn.presentAt(seq);
    if (!present) return {};
    return {
      shape: {
        seq: this.drawn.shapeSeq(seq),
        nodes: [...present.nodes],
        cables: this.drawing.cables.map((c) => present.cables.has(cableKey(c))),
      },
    };
  }

  private line(e: SimEvent): string {
    return formatEvent(e);
  }

  private withBytes(e: SimEvent): SimEvent {
    if (e.frame !== undefined) {
      const b = this.reader.frame(e.frame);
      if (b) e.bytes = b;
    }
    return e;
  }
}

function prefilter(f: StepFilter | undefined): { kinds?: string[]; nodes?: string[] } {
  return f ? { ...(f.kinds && { kinds: f.kinds }), ...(f.nodes && { nodes: f.nodes }) } : {};
}
