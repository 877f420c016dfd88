import { DescriptionHint } from '../events/description-hint.js';
import { formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';

/**
 * What a host says when it accepts an IPv4 packet addressed to it or to a
 * broadcast address (ip_local_deliver). A host mostly hears one peer at a
 * time: a ping's replies, a flow's packets, all from one address to one of
 * its own on one interface. So the sentence is kept for the last source,
 * destination and interface, built again only when one of them changes, and
 * tagged with a hint (description-hint.ts) that tells the recorder it is the
 * description it stored before. On 100 pinging pairs these are a quarter of
 * the events, each one a sentence built and a look-up in the recorder's table.
 */
export class AcceptedPacketWhy {
  private port: string | undefined;
  private src = -1;
  private dst = -1;
  private ownAddress = false;
  private why = '';
  private hintNow = new DescriptionHint();

  constructor(private readonly node: string) {}

  /** The sentence for a packet from `src` to `dst` read on `port`; `ownAddress`: dst is one of the host's addresses, not a broadcast. */
  sentence(port: string, src: Ipv4, dst: Ipv4, ownAddress: boolean): string {
    if (port !== this.port || src !== this.src || dst !== this.dst || ownAddress !== this.ownAddress) {
      this.port = port;
      this.src = src;
      this.dst = dst;
      this.ownAddress = ownAddress;
      this.why = `${this.node} accepts the packet from ${formatIpv4(src)}: ${formatIpv4(dst)} is ${ownAddress ? 'its own address' : 'a broadcast address'}`;
      this.hintNow = new DescriptionHint();
    }
    return this.why;
  }

  /** The hint of the sentence last given. */
  get hint(): DescriptionHint {
    return this.hintNow;
  }
}
