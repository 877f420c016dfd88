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
 * the last KEPT entries. The sentence names the entry's MAC, its port and the
 * event that taught it, and the VLAN when the bridge filters by VLAN: it is
 * made again when any of those changed (a move, a new learning, another
 * entry), with a new hint (description-hint.ts).
 */
export class ForwardSentences {
  private readonly kept: ForwardSentence[] = [];

  /** The sentence kept for `entry`, or one `say` makes now, with a hint from `hints`. */
  sentence(entry: MacEntry, vid: number, say: SayForward, hints: HintSource): ForwardSentence {
    const kept = this.kept;
    for (let i = 0; i < kept.length; i++) {
      const k = kept[i]!;
      if (k.entry === entry && k.port === entry.port && k.learnedSeq === entry.learnedSeq && k.vid === vid) {
        return toFront(kept, i);
      }
    }
    const why = say(entry, vid);
    const made: ForwardSentence = {
      entry,
      port: entry.port,
      learnedSeq: entry.learnedSeq,
      vid,
      why,
      hint: hints.newHint(),
    };
    return addFront(kept, made, KEPT);
  }
}
