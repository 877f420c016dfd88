/**
 * ICMP addressed to this host (icmp_rcv, RFC 792): an echo request is
 * answered (icmp_echo), an echo reply goes to the ping socket of its
 * identifier, and an error goes to the socket that sent the datagram it
 * quotes (ping_err, udp_err). A message with a bad checksum is dropped
 * silently, as Linux counts it in InCsumErrors and says nothing.
 */
import { IcmpType, UnreachableCode, emitIcmpEcho, icmpChecksumOk, nextHopMtu, parseIcmp } from '../wire/icmp.js';
import { IpProtocol, emitIpv4, parseQuotedIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import type { HostStack } from './host-stack.js';
import type { NetInterface } from './net-interface.js';
import type { PingSockets } from './ping-sockets.js';
import type { UdpSockets } from './udp-sockets.js';

/** An IPv4 header and the 8 bytes after it: the least an error must quote to name a socket (RFC 792). */
const MIN_QUOTE = 28;
/** ip_default_ttl, which an echo reply leaves with. */
const DEFAULT_TTL = 64;

export class IcmpInput {
  constructor(
    private readonly stack: HostStack,
    private readonly pings: PingSockets,
    private readonly udp: UdpSockets,
  ) {}

  /** An ICMP datagram for this host, at `off` in `bytes`; `iface` is undefined for lo. */
  receive(header: Ipv4Header, bytes: Uint8Array, off: number, deliverSeq: number, iface: NetInterface | undefined): void {
    const icmpOff = off + header.headerLength;
    const icmpLen = header.totalLength - header.headerLength;
    if (!icmpChecksumOk(bytes, icmpOff, icmpLen)) return;
    const icmp = parseIcmp(bytes, icmpOff, icmpLen);
    if (icmp.kind === 'echo' && icmp.type === IcmpType.EchoRequest) {
      // icmp_echo_ignore_broadcasts=1: Linux does not answer broadcast pings.
      if (iface && this.stack.isBroadcastFor(iface, header.dst)) return;
      const reply = emitIcmpEcho(IcmpType.EchoReply, icmp.identifier, icmp.sequence, icmp.data);
      const datagram = emitIpv4(
        {
          identification: this.stack.nextIpId(),
          dontFragment: false,
          ttl: DEFAULT_TTL,
          protocol: IpProtocol.ICMP,
          src: header.dst,
          dst: header.src,
        },
        reply,
      );
      this.stack.output(datagram, header.src, deliverSeq);
      return;
    }
    if (icmp.kind === 'echo' && icmp.type === IcmpType.EchoReply) {
      this.pings.echoReply(icmp.identifier, icmp.sequence, header, deliverSeq);
      return;
    }
    if (icmp.kind === 'error') {
      if (icmp.quoted.length < MIN_QUOTE) return;
      const inner = parseQuotedIpv4Header(icmp.quoted, 0);
      // Fragmentation needed: the path to the quoted destination learns its MTU, whichever socket
      // sent the datagram (icmp_err and udp_err both call ipv4_update_pmtu; RFC 1191).
      if (icmp.type === IcmpType.DestinationUnreachable && icmp.code === UnreachableCode.FragmentationNeeded)
        this.stack.learnPathMtu(inner.dst, nextHopMtu(icmp.rest));
      if (inner.protocol === IpProtocol.UDP) this.udp.icmpError(header.src, icmp.type, icmp.code, icmp.rest, icmp.quoted, deliverSeq);
      else if (inner.protocol === IpProtocol.ICMP)
        this.pings.icmpError(header.src, icmp.type, icmp.code, icmp.rest, icmp.quoted, deliverSeq);
    }
  }
}
