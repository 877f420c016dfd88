import { parseArp } from '../wire/arp.js';
import { parseEthernet } from '../wire/ethernet.js';
import { formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';

/**
 * A `why` with a hole that the event's own frame fills. Some sentences name
 * a value that is different for every frame and the same in every other
 * word: each host that reads a broadcast ARP request says which address it
 * asked for. Stored as written, a topology of N hosts stores N x N of them,
 * one per host per request; stored as one template per host, with the hole
 * filled from the frame (which the recording already holds) when it is read,
 * it stores N. Schema version 3 marks such descriptions (descriptions.template).
 *
 * The holes: `{arp.target}`, the ARP packet's target protocol address
 * (RFC 826 ar$tpa) in dotted quad.
 */
export const ARP_TARGET_HOLE = '{arp.target}';

/** The template with its hole filled by `target`: how a device writes the sentence it emits. */
export function withArpTarget(template: string, target: Ipv4): string {
  return template.replace(ARP_TARGET_HOLE, formatIpv4(target));
}

/** The sentence a template reads as for `frame` (its bytes): how a reader writes it back, the same words the device emitted. */
export function fillWhy(template: string, frame: Uint8Array): string {
  if (!template.includes(ARP_TARGET_HOLE)) return template;
  return withArpTarget(template, parseArp(frame, parseEthernet(frame).payloadOffset).targetIp);
}
