import type { DescriptionHint, HintSource } from '../events/description-hint.js';
import type { MacEntry } from '../tables/mac-table.js';
import { addFront, toFront } from './recent-first.js';

/**
 * The MAC table entries an ingress port keeps the forward sentence of: a
 * host's port carries its pings to one peer and its replies to another, in
 * turn. Without them each forward built its sentence and was looked up in
 * the recorder's table: 194,000 of 2M events on 500 hosts pinging on one
 * switch.
 */
const KEPT = 2;
/**
 * Sentences an ingress port keeps besides, by entry, before it forgets them
 * all: a switch's uplink carries frames to every host below it, in turn, and
 * each forward past the last KEPT made its sentence again, with a new hint,
 * which the recorder looked up in full: 275,000 of 2M events on a tree of
 * 100 hosts. Bounded, so a port of the root of a tree of thousands keeps a
 * few hundred kilobytes at most.
 */
const MORE = 512;

/** A forward decision's sentence and hint, and what they were made from. */
export interface ForwardSentence {
  readonly entry: MacEntry;
  readonly port: string;
  readonly learnedSeq: number;
  readonly vid: number;
  readonly why: string;
  readonly hint: DescriptionHint;
}

/** The bridge's sentence for forwarding by `entry` in VLAN `vid` (bridge-why.ts, forwardWhy); whether it names the VLAN is the bridge's, fixed when it is made. */
export type SayForward = (entry: MacEntry, vid: number) => string;

/**
 * What a bridge says when its MAC table sends a frame from one ingress port
 * out of the one port an entry names (bridge-why.ts, forwardWhy), kept for
 * the last KEPT entries, and by entry for up to MORE before them. The
 * sentence names the entry's MAC, its port and the event that taught it, and
 * the VLAN when the bridge filters by VLAN: it is made again when any of
 * those changed (a move, a new learning), with a new hint (description-hint.ts).
 */
export class ForwardSentences {
  private readonly kept: ForwardSentence[] = [];
  /** Made when a port first forwards by more entries than KEPT: most ports never do. */
  private more: Map<MacEntry, ForwardSentence> | undefined;

  /** The sentence kept for `entry`, or one `say` makes now, with a hint from `hints`. */
  sentence(entry: MacEntry, vid: number, say: SayForward, hints: HintSource): ForwardSentence {
    const kept = this.kept;
    for (let i = 0; i < kept.length; i++) {
      if (isFor(kept[i]!, entry, vid)) return toFront(kept, i);
    }
    const known = this.more?.get(entry);
    if (known !== undefined && isFor(known, entry, vid)) return this.putFirst(known);
    return this.putFirst({
      entry,
      port: entry.port,
      learnedSeq: entry.learnedSeq,
      vid,
      why: say(entry, vid),
      hint: hints.newHint(),
    });
  }

  /** Puts `sentence` first among the KEPT, the one that falls out of them kept by its entry. */
  private putFirst(sentence: ForwardSentence): ForwardSentence {
    const kept = this.kept;
    if (kept.length === KEPT) {
      const dropped = kept[KEPT - 1]!;
      this.more ??= new Map();
      if (this.more.size === MORE) this.more.clear();
      this.more.set(dropped.entry, dropped);
    }
    return addFront(kept, sentence, KEPT);
  }
}

/** Whether `kept` is still what the bridge says for forwarding by `entry` in `vid`: neither moved nor learnt again since. */
function isFor(kept: ForwardSentence, entry: MacEntry, vid: number): boolean {
  return kept.entry === entry && kept.port === entry.port && kept.learnedSeq === entry.learnedSeq && kept.vid === vid;
}
