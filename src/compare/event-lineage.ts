/**
 * For every event of one recording: the scenario step it descends from and
 * its decision depth (how many forwarding decisions lie between it and the
 * command). Both follow the `cause` chain, and a cause always precedes its
 * consequence, so one pass fills them in. A consequence can come long after
 * its cause (a neighbour entry probed five seconds later), so no event can be
 * forgotten early: the two values live in typed arrays indexed by seq, 6
 * bytes per event (6 MB per million events), instead of a Map of objects.
 */
export const NO_STEP = -1;
const DEPTH_MAX = 0xffff;

export class EventLineage {
  private steps = new Int32Array(1 << 12);
  private depths = new Uint16Array(1 << 12);

  /** Records event `seq`'s step and depth; `decision` adds one to its cause's depth. */
  record(seq: number, cause: number | undefined, decision: boolean, ownStep?: number): { step: number; depth: number } {
    this.ensure(seq);
    const known = cause !== undefined && cause > 0 && cause < seq;
    const step = ownStep ?? (known ? this.steps[cause]! : NO_STEP);
    const depth = Math.min(DEPTH_MAX, (known ? this.depths[cause]! : 0) + (decision ? 1 : 0));
    this.steps[seq] = step;
    this.depths[seq] = depth;
    return { step, depth };
  }

  private ensure(seq: number): void {
    if (seq < this.steps.length) return;
    let size = this.steps.length;
    while (size <= seq) size *= 2;
    const steps = new Int32Array(size);
    steps.set(this.steps);
    const depths = new Uint16Array(size);
    depths.set(this.depths);
    this.steps = steps;
    this.depths = depths;
  }
}
