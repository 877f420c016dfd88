import type { DescriptionHint, HintSource } from '../events/description-hint.js';
import { formatMac } from '../wire/mac.js';
import { addFront, toFront } from './recent-first.js';

/**
 * The moves an ingress port keeps the sentence of. In a loop without a
 * spanning tree a broadcast's source comes in on every port in turn, from
 * each of the others: on the four-switch storm a switch's port sees one MAC
 * arrive from its three other ports, and 416,000 of 2.24M events were moves.
 */
const KEPT = 8;

/** A MAC move's sentence and hint, and what they were made from. */
export interface MoveSentence {
  readonly mac: number;
  readonly vid: number;
  readonly from: string;
  /** The MAC as the event names it (formatMac). */
  readonly macText: string;
  readonly why: string;
  readonly hint: DescriptionHint;
}

/** The bridge's sentence for seeing `mac` (formatted) on `port`, having had it on `from` (bridge-why.ts, moveWhy). */
export type SayMove = (mac: string, port: string, from: string) => string;

/**
 * What a bridge says when its MAC table moves an address to one ingress port
 * (bridge-why.ts, moveWhy), kept for the last KEPT moves to it. Everything a
 * move event describes (the bridge, this port, the MAC, the port it came
 * from, the VLAN) is fixed by what a sentence is kept under, so each keeps a
 * hint (description-hint.ts): the recorder looks the description up once,
 * not at every move, and the MAC is not formatted again.
 */
export class MoveSentences {
  private readonly kept: MoveSentence[] = [];

  /** `port`: the ingress port whose moves these are. */
  constructor(private readonly port: string) {}

  /** The sentence kept for `mac` in VLAN `vid` coming to this port from `from`, or one `say` makes now, with a hint from `hints`. */
  sentence(mac: number, vid: number, from: string, say: SayMove, hints: HintSource): MoveSentence {
    const kept = this.kept;
    for (let i = 0; i < kept.length; i++) {
      const k = kept[i]!;
      if (k.mac === mac && k.vid === vid && k.from === from) return toFront(kept, i);
    }
    const macText = formatMac(mac);
    const made: MoveSentence = { mac, vid, from, macText, why: say(macText, this.port, from), hint: hints.newHint() };
    return addFront(kept, made, KEPT);
  }
}
