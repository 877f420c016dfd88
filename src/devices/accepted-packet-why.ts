import type { DescriptionHint, HintSource } from '../events/description-hint.js';
import { formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import { addFront, toFront } from './recent-first.js';

/**
 * The ways of accepting a packet a host keeps the sentence of: a host that
 * pings one peer and is pinged by another reads from the two in turn. Kept
 * for the last one only, each reading built the other's sentence again, and
 * 185,000 of 2M events on 500 hosts pinging on one switch were looked up in
 * the recorder's table again.
 */
const KEPT = 2;

interface Accepted {
  port: string;
  src: Ipv4;
  dst: Ipv4;
  ownAddress: boolean;
  why: string;
  hint: DescriptionHint;
}

/**
 * What a host says when it accepts an IPv4 packet addressed to it or to a
 * broadcast address (ip_local_deliver). A host mostly hears a peer or two at
 * a time: a ping's replies, the requests of a host pinging it, a flow's
 * packets, each from one address to one of its own on one interface. So the
 * sentence is kept for the last KEPT sources, destinations and interfaces,
 * built again only for another, and tagged with a hint (description-hint.ts)
 * that tells the recorder it is the description it stored before. On 100
 * pinging pairs these are a quarter of the events, each one a sentence built
 * and a look-up in the recorder's table.
 */
export class AcceptedPacketWhy {
  private readonly kept: Accepted[] = [];

  constructor(private readonly node: string) {}

  /** The sentence for a packet from `src` to `dst` read on `port`; `ownAddress`: dst is one of the host's addresses, not a broadcast. A new sentence takes a hint from `hints`. */
  sentence(port: string, src: Ipv4, dst: Ipv4, ownAddress: boolean, hints: HintSource): string {
    const kept = this.kept;
    for (let i = 0; i < kept.length; i++) {
      const k = kept[i]!;
      if (k.src === src && k.dst === dst && k.port === port && k.ownAddress === ownAddress) return toFront(kept, i).why;
    }
    const why = `${this.node} accepts the packet from ${formatIpv4(src)}: ${formatIpv4(dst)} is ${ownAddress ? 'its own address' : 'a broadcast address'}`;
    return addFront(kept, { port, src, dst, ownAddress, why, hint: hints.newHint() }, KEPT).why;
  }

  /** The hint of the sentence last given. */
  get hint(): DescriptionHint {
    return this.kept[0]!.hint;
  }
}
