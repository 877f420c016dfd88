import { DescriptionKey } from '../events/description-key.js';
import { ARP_TARGET_HOLE } from '../events/why-template.js';
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
 * so this is N x N sentences that differ only in the address asked for: the
 * host keeps them as two templates (it learned something from the sender, or
 * nothing), made once, and its events carry the template beside the filled
 * sentence (why-template.ts), which lets the recording store each once. The
 * sentence is the template's words around the address, joined, not copied.
 */
export class ArpRequestNotOurs {
  /** The words before the address, and after it in each case. */
  private readonly before: string;
  private readonly afterKnowsSender: string;
  private readonly afterLearnsNothing: string;
  private readonly knowsSenderTemplate: string;
  private readonly learnsNothingTemplate: string;
  /** The keys of the two descriptions (description-key.ts) at `port`, the interface they were last read on (a host has one, mostly). */
  private port: string | undefined;
  private readonly knowsSenderKey = new DescriptionKey();
  private readonly learnsNothingKey = new DescriptionKey();

  constructor(node: string) {
    this.before = `${node} reads the broadcast ARP request for `;
    this.afterKnowsSender = '; that is not its address, so it does not answer';
    this.afterLearnsNothing = `${this.afterKnowsSender} and learns nothing`;
    this.knowsSenderTemplate = `${this.before}${ARP_TARGET_HOLE}${this.afterKnowsSender}`;
    this.learnsNothingTemplate = `${this.before}${ARP_TARGET_HOLE}${this.afterLearnsNothing}`;
  }

  /** The template; `knowsSender`: the host has an entry for the sender, which the request refreshes (Linux's arp_process updates an existing entry). */
  template(knowsSender: boolean): string {
    return knowsSender ? this.knowsSenderTemplate : this.learnsNothingTemplate;
  }

  /** The template filled with `target`: what `withArpTarget(template(knowsSender), target)` reads. */
  sentence(knowsSender: boolean, target: Ipv4): string {
    return this.before + targetText(target) + (knowsSender ? this.afterKnowsSender : this.afterLearnsNothing);
  }

  /** The key of the description of reading such a request on `port`. */
  key(port: string, knowsSender: boolean): DescriptionKey {
    if (port !== this.port) {
      this.port = port;
      this.knowsSenderKey.reset();
      this.learnsNothingKey.reset();
    }
    return knowsSender ? this.knowsSenderKey : this.learnsNothingKey;
  }
}
