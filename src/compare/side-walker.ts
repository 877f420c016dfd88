import type { SimEvent } from '../events/event.js';
import type { RecordingReader } from '../store/recording.js';
import { countEvent, emptyCounts, emptyHostCounts, emptyStepCounts, type Counts, type HostCounts, type StepCounts } from './counts.js';
import type { DecisionSink } from './decision-matcher.js';
import { EventDigest } from './event-digest.js';
import { EventLineage, NO_STEP } from './event-lineage.js';
import { frameIdentity, type FrameIdentity } from './frame-identity.js';
import { notePingTime, type PingTimes } from './ping-times.js';
import type { RecordingView } from './recording-view.js';
import type { AlignedStep } from './scenario-align.js';

/** SPEC §3: the forwarding decisions; learn, age, move and neigh are context, not divergences. */
const DECISIONS = new Set(['forward', 'flood', 'filter', 'drop', 'deliver']);
/** Frame identities are cached per frame id (a flood reuses one id for every copy); the cache is emptied when full. */
const IDENTITY_CACHE = 4096;

export interface SideTallies {
  totals: Counts;
  /** Per aligned step (index as in the alignment). */
  steps: StepCounts[];
  hosts: Record<string, HostCounts>;
  /** Ping's round-trip times per host (ping-times.ts). */
  pings: PingTimes;
  /** A fingerprint of every event's columns: equal digests, equal recordings. */
  digest: string;
}

/**
 * Folds one recording's events, in order, into the diff's tallies: totals,
 * per scenario step, per host; hands each forwarding decision to the shared
 * matcher with its place in the frame's journey; and hashes every event so
 * two recordings of the same run can be recognised as identical.
 */
export class SideWalker {
  readonly totals: Counts = emptyCounts();
  readonly steps: StepCounts[];
  readonly hosts = new Map<string, HostCounts>();
  private readonly lineage = new EventLineage();
  private decisions = 0;
  /** This side's scenario rows -> aligned step index; a row is claimed by its command event. */
  private readonly rowStep: number[];
  private readonly claimed: boolean[];
  private readonly identities = new Map<number, FrameIdentity>();
  private readonly digest = new EventDigest();
  private readonly pings: PingTimes = {};

  constructor(
    private readonly side: 0 | 1,
    private readonly reader: RecordingReader,
    private readonly view: RecordingView,
    aligned: AlignedStep[],
    private readonly matcher: DecisionSink,
  ) {
    const rows = view.header.scenario;
    this.rowStep = rows.map(() => NO_STEP);
    aligned.forEach((s, k) => {
      const row = side === 0 ? s.a : s.b;
      if (row !== undefined) this.rowStep[row] = k;
    });
    this.claimed = rows.map(() => false);
    this.steps = aligned.map(() => emptyStepCounts());
    for (const h of view.hosts) this.hosts.set(h, emptyHostCounts());
  }

  add(e: SimEvent): void {
    this.digest.add(e);
    const decision = DECISIONS.has(e.kind);
    const { step, depth } = this.lineage.record(e.seq, e.cause, decision, e.kind === 'command' ? this.commandStep(e) : undefined);
    countEvent(this.totals, e);
    const s = this.steps[step];
    if (s) {
      countEvent(s, e);
      if (e.kind === 'command') s.commandT = e.t;
      s.lastT = e.t;
    }
    const name = this.view.rename.node(e.node);
    const host = this.hosts.get(name);
    if (host) this.countHost(host, e);
    if (e.kind === 'app') notePingTime(this.pings, name, e);
    if (decision) this.offer(e, step, depth);
  }

  /** What this side amounts to: plain data, so a worker thread can hand it over. */
  tallies(): SideTallies {
    return { totals: this.totals, steps: this.steps, hosts: Object.fromEntries(this.hosts), pings: this.pings, digest: this.digest.hex() };
  }

  private commandStep(e: SimEvent): number {
    const rows = this.view.header.scenario;
    for (let i = 0; i < rows.length; i++) {
      if (!this.claimed[i] && rows[i]!.node === e.node && rows[i]!.run === e.text) {
        this.claimed[i] = true;
        return this.rowStep[i]!;
      }
    }
    return NO_STEP;
  }

  private countHost(h: HostCounts, e: SimEvent): void {
    switch (e.kind) {
      case 'rx': {
        h.seen++;
        const to = e.frame === undefined ? 'unknown' : this.identity(e.frame).addressee;
        h.seenFor[to] = (h.seenFor[to] ?? 0) + 1;
        break;
      }
      case 'deliver':
        h.delivered++;
        break;
      case 'tx':
        h.sent++;
        break;
      case 'drop':
        if (e.reason === 'not-for-me') h.notForMe++;
        else h.dropped++;
        break;
      default:
    }
  }

  private offer(e: SimEvent, step: number, depth: number): void {
    if (e.frame !== undefined && this.identity(e.frame).control) return;
    const v = this.view;
    const frame = e.frame === undefined ? `no frame ${e.reason ?? ''}` : this.identity(e.frame).id;
    // The port's far end: where a forwarded or delivered frame came from, where a queue-full drop was headed.
    const ingress = v.peerLabel(e.node, e.port);
    const out = (e.out ?? [])
      .map((p) => v.peerLabel(e.node, p))
      .sort()
      .join(',');
    this.matcher.offer({
      side: this.side,
      seq: e.seq,
      step,
      depth,
      ord: ++this.decisions,
      key: `${step}|${depth}|${frame}|${v.label(e.node)}|${ingress}`,
      sig: `${e.kind}|${e.reason ?? ''}|${out}`,
    });
  }

  private identity(frame: number): FrameIdentity {
    let id = this.identities.get(frame);
    if (id) return id;
    const bytes = this.reader.frame(frame);
    id = bytes ? frameIdentity(bytes, this.view.macRole, this.view.macOwner) : { id: `frame ${frame} missing`, addressee: 'unknown' };
    if (this.identities.size >= IDENTITY_CACHE) this.identities.clear();
    this.identities.set(frame, id);
    return id;
  }
}
