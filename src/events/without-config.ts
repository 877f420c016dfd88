import type { SimEvent } from './event.js';

/** The seq a sentence cites, as a bridge's decision names the learning it rests on ("learned … at #12"). */
const CITED_SEQ = / at #(\d+)/g;

/**
 * A log read as hoplab numbered it before schema version 4, which had no
 * `config` events: those are left out and every other event renumbered, its
 * seq, its cause and the seq its sentence cites. What `verify` compares an
 * older recording with, and what the tests that prove a log unchanged but
 * for its configuration events read. It keeps the seqs of the configuration
 * events only (few: a storm has none), never the whole log.
 */
export class WithoutConfig {
  /** The configuration events' seqs, ascending. */
  private readonly configSeqs: number[] = [];

  /** The event as the older log numbered it; undefined for a configuration event, which it did not have. */
  renumber(e: SimEvent): SimEvent | undefined {
    if (e.kind === 'config') {
      this.configSeqs.push(e.seq);
      return undefined;
    }
    if (this.configSeqs.length === 0) return e;
    const old: SimEvent = { ...e, seq: this.oldSeq(e.seq) };
    if (e.cause !== undefined) old.cause = this.oldSeq(e.cause);
    if (e.copy !== undefined) old.copy = this.oldSeq(e.copy);
    if (e.why.includes('#')) old.why = e.why.replace(CITED_SEQ, (_, n: string) => ` at #${this.oldSeq(Number(n))}`);
    return old;
  }

  /** Whether `seq` was a configuration event (an older log has nothing it could have been caused by). */
  wasConfig(seq: number): boolean {
    const i = this.before(seq);
    return this.configSeqs[i] === seq;
  }

  /** `seq` less the configuration events before it. */
  private oldSeq(seq: number): number {
    return seq - this.before(seq);
  }

  /** How many configuration events come before `seq` (binary search). */
  private before(seq: number): number {
    let lo = 0;
    let hi = this.configSeqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.configSeqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
