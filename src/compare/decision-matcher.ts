/**
 * Finds the first forwarding decision that differs between two recordings.
 *
 * A decision (forward, flood, filter, drop, deliver) is placed by where it
 * happens in the frame's journey, not by device names: its scenario step, its
 * depth (the decisions between it and the command), which frame it is, the
 * node's label and the label of what its port leads to (see RecordingView).
 * Two decisions at the same place are the same decision when their kind, drop
 * reason and the labels of what their out ports lead to agree; several at one
 * place pair up in order.
 *
 * Both recordings stream through `offer`; a decision waits in `pending` until
 * its counterpart from the other side arrives. The first divergence is, in the
 * earliest step, the mismatched or unmatched decision that comes first on its
 * side (by its ordinal among that side's decisions: after the same number of
 * equal decisions, the two topologies part). Once one is known, decisions of
 * later steps cannot be first and are not kept; a cap bounds the rest (a storm
 * compared with a quiet network), taking the longest-waiting as unmatched.
 */
export interface Decision {
  side: 0 | 1;
  seq: number;
  step: number;
  depth: number;
  /** 1, 2, 3 ... among this side's decisions. */
  ord: number;
  /** Where: step, depth, frame, node label, ingress label. */
  key: string;
  /** What: kind, reason, out-port labels. */
  sig: string;
}

/** Where a side walker hands its decisions: the matcher, or a worker thread's batcher. */
export interface DecisionSink {
  offer(d: Decision): void;
}

export interface Divergence {
  a?: Decision;
  b?: Decision;
}

const PENDING_CAP = 50_000;

function rank(c: Divergence): [number, number, number, number] {
  const a = c.a?.ord ?? Infinity;
  const b = c.b?.ord ?? Infinity;
  return [(c.a ?? c.b)!.step, Math.min(a, b), a, b];
}

function before(x: number[], y: number[]): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

export class DecisionMatcher implements DecisionSink {
  private readonly pending: [Map<string, Decision[]>, Map<string, Decision[]>] = [new Map(), new Map()];
  private pendingCount = 0;
  private best: Divergence | undefined;
  /** Decisions of both sides that found an equal counterpart. */
  matched = 0;

  offer(d: Decision): void {
    if (this.after(d)) return;
    const theirs = this.pending[d.side === 0 ? 1 : 0];
    const queue = theirs.get(d.key);
    if (queue) {
      const o = queue.shift()!;
      if (queue.length === 0) theirs.delete(d.key);
      this.pendingCount--;
      if (o.sig === d.sig) this.matched++;
      else this.consider(d.side === 0 ? { a: d, b: o } : { a: o, b: d });
      return;
    }
    const mine = this.pending[d.side];
    const q = mine.get(d.key);
    if (q) q.push(d);
    else mine.set(d.key, [d]);
    if (++this.pendingCount > PENDING_CAP) this.evict();
  }

  /** Everything still waiting has no counterpart: the earliest of those or of the mismatches is the answer. */
  finish(): Divergence | undefined {
    for (const side of [0, 1] as const) {
      for (const queue of this.pending[side].values()) for (const d of queue) this.consider(side === 0 ? { a: d } : { b: d });
      this.pending[side].clear();
    }
    this.pendingCount = 0;
    return this.best;
  }

  /** True when `d` belongs to a later step than the divergence already found: neither it nor its counterpart can be first. */
  private after(d: Decision): boolean {
    return this.best !== undefined && d.step > (this.best.a ?? this.best.b)!.step;
  }

  private consider(c: Divergence): void {
    if (this.best && !before(rank(c), rank(this.best))) return;
    this.best = c;
    for (const side of this.pending) {
      for (const [key, queue] of side) {
        const keep = queue.filter((d) => !this.after(d));
        this.pendingCount -= queue.length - keep.length;
        if (keep.length) side.set(key, keep);
        else side.delete(key);
      }
    }
  }

  /** Over the cap, the longest-waiting decisions are taken as unmatched: their counterparts are overdue. */
  private evict(): void {
    while (this.pendingCount > PENDING_CAP * 0.9) {
      const side = this.pending[0].size >= this.pending[1].size ? 0 : 1;
      const first = this.pending[side].entries().next();
      if (first.done) return;
      const [key, queue] = first.value;
      this.pending[side].delete(key);
      this.pendingCount -= queue.length;
      for (const d of queue) this.consider(side === 0 ? { a: d } : { b: d });
    }
  }
}
