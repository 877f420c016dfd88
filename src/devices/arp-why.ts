import type { DescriptionHint, HintSource } from '../events/description-hint.js';
import { formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';

/** The last address written: every host of a LAN reads the same request in turn, so it is written once per request, not once per host. */
let lastTarget = -1;
let lastTargetText = '';

function targetText(target: Ipv4): string {
  if (target !== lastTarget) {
    lastTarget = target;
    lastTargetText = formatIpv4(target);
  }
  return lastTargetText;
}

/**
 * What a host says when it reads a broadcast ARP request for an address that
 * is not its own. In a LAN of N hosts every host reads every host's request,
 * so this is N x N sentences that differ only in the address asked for. The
 * host builds each from its words around the address, made once, joined,
 * not copied; and tags them with one hint per way of reading (it learned
 * something from the sender, or nothing) and interface, which tells the
 * recorder they are described alike but for the address, so it stores each
 * way once (store/why-template.ts).
 */
export class ArpRequestNotOurs {
  /** The words before the address, and after it in each case. */
  private readonly before: string;
  private readonly afterKnowsSender: string;
  private readonly afterLearnsNothing: string;
  /** The hints of the two descriptions at `port`, the interface they were last read on (a host has one, mostly). */
  private port: string | undefined;
  private knowsSenderHint: DescriptionHint | undefined;
  private learnsNothingHint: DescriptionHint | undefined;

  constructor(node: string) {
    this.before = `${node} reads the broadcast ARP request for `;
    this.afterKnowsSender = '; that is not its address, so it does not answer';
    this.afterLearnsNothing = `${this.afterKnowsSender} and learns nothing`;
  }

  /**
   * The sentence for a request for `target`; `knowsSender`: the host has an entry for the
   * sender, which the request refreshes (Linux's arp_process updates an existing entry).
   */
  sentence(knowsSender: boolean, target: Ipv4): string {
    return this.before + targetText(target) + (knowsSender ? this.afterKnowsSender : this.afterLearnsNothing);
  }

  /** The hint for reading such a request on `port` (new ones from `hints` on another port). */
  hint(port: string, knowsSender: boolean, hints: HintSource): DescriptionHint {
    if (port !== this.port) {
      this.port = port;
      this.knowsSenderHint = hints.newHint();
      this.learnsNothingHint = hints.newHint();
    }
    return knowsSender ? this.knowsSenderHint! : this.learnsNothingHint!;
  }
}
