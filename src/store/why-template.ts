import { EtherType } from '../wire/ethernet.js';
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
 * The recorder makes the templates itself (templateOf): the producers write
 * whole sentences and know nothing of this.
 *
 * The holes: `{arp.target}`, the ARP packet's target protocol address
 * (RFC 826 ar$tpa) in dotted quad.
 */
export const ARP_TARGET_HOLE = '{arp.target}';

/** Ethernet header, then ar$hrd, ar$pro, ar$hln, ar$pln, ar$op, ar$sha, ar$spa, ar$tha: ar$tpa is 24 bytes into the ARP packet (RFC 826). */
const ETHERNET_HEADER = 14;
const VLAN_TAG = 4;
const ARP_TARGET_IP = 24;

/** The ARP target protocol address of `frame`, if it is an Ethernet (or 802.1Q-tagged) ARP packet long enough to hold one. */
export function arpTargetOf(frame: Uint8Array): Ipv4 | undefined {
  if (frame.length < ETHERNET_HEADER) return undefined;
  let type = (frame[12]! << 8) | frame[13]!;
  let payload = ETHERNET_HEADER;
  if (type === EtherType.VLAN && frame.length >= ETHERNET_HEADER + VLAN_TAG) {
    type = (frame[16]! << 8) | frame[17]!;
    payload += VLAN_TAG;
  }
  const at = payload + ARP_TARGET_IP;
  if (type !== EtherType.ARP || frame.length < at + 4) return undefined;
  return ((frame[at]! << 24) | (frame[at + 1]! << 16) | (frame[at + 2]! << 8) | frame[at + 3]!) >>> 0;
}

/** The last target written out, and its text: every host of a LAN reads the same request in turn. */
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
 * The template `why` reads as for its frame: the sentence with the frame's
 * ARP target address made a hole, when the frame is ARP and the sentence
 * names that address; undefined otherwise. Filling the hole with the same
 * frame's address gives the sentence back, character for character (fillWhy).
 */
export function templateOf(why: string, frame: Uint8Array | undefined): string | undefined {
  if (frame === undefined) return undefined;
  const target = arpTargetOf(frame);
  if (target === undefined || why.includes(ARP_TARGET_HOLE)) return undefined;
  const text = targetText(target);
  const at = why.indexOf(text);
  return at < 0 ? undefined : why.slice(0, at) + ARP_TARGET_HOLE + why.slice(at + text.length);
}

/** The sentence a template reads as for `frame` (its bytes): how a reader writes it back, the same words the producer wrote. */
export function fillWhy(template: string, frame: Uint8Array): string {
  if (!template.includes(ARP_TARGET_HOLE)) return template;
  const target = arpTargetOf(frame);
  return target === undefined ? template : template.replace(ARP_TARGET_HOLE, targetText(target));
}
