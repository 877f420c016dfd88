/**
 * IPv4 forwarding, as a Linux namespace with net.ipv4.ip_forward=1 does it
 * (net/ipv4/ip_forward.c) and RFC 1812 asks: the route lookup first
 * (longest prefix match, 5.2.4.3), then the TTL check (5.3.1), then the MTU
 * check (5.2.6), then TTL decremented with the checksum updated
 * incrementally; the IP identification is kept. The next hop is resolved
 * with ARP on the outgoing segment only, the packet waiting in the neighbour
 * entry's queue meanwhile. ARP itself is never forwarded: it ends at the
 * router's interface (arp-input.ts).
 */
import type { EthernetHeader } from '../wire/ethernet.js';
import { withDecrementedTtl, type Ipv4Header } from '../wire/ipv4.js';
import { broadcastOf, formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import type { Route } from '../tables/route-table.js';
import type { Frame } from './device.js';
import { fragmentationNeeded, HOST_UNREACHABLE, NET_UNREACHABLE, planIcmpError, TTL_EXCEEDED } from './icmp-errors.js';
import type { HostStack } from './host-stack.js';
import type { NetInterface } from './net-interface.js';

/** The router's answer to a packet that is not addressed to it (Host.forwarder). */
export function forwardIpv4(
  host: HostStack,
  iface: NetInterface,
  frame: Frame,
  eth: EthernetHeader,
  header: Ipv4Header,
  rxSeq: number,
): void {
  const datagram = frame.bytes.subarray(eth.payloadOffset, eth.payloadOffset + header.totalLength);
  const dst = formatIpv4(header.dst);
  const refused = unforwardable(host, eth, iface, header.dst);
  if (refused) {
    host.drop(iface.name, frame, rxSeq, 'not-for-me', `${host.name} does not forward the packet for ${dst}: ${refused}`);
    return;
  }
  const route = host.routes.lookup(header.dst);
  const out = route && host.interfaces.get(route.device);
  if (!route || !out?.up) {
    const tell = planIcmpError(host, datagram, NET_UNREACHABLE);
    tell.send(host.drop(iface.name, frame, rxSeq, 'no-route', `${host.name} drops the packet: it has no route to ${dst}; ${tell.clause}`));
    return;
  }
  if (header.ttl <= 1) {
    const tell = planIcmpError(host, datagram, TTL_EXCEEDED);
    tell.send(host.drop(iface.name, frame, rxSeq, 'ttl-exceeded', `${host.name} drops the packet: its TTL ran out; ${tell.clause}`));
    return;
  }
  if (header.dontFragment && header.totalLength > out.mtu) {
    const tell = planIcmpError(host, datagram, fragmentationNeeded(out.mtu));
    tell.send(
      host.drop(
        iface.name,
        frame,
        rxSeq,
        'too-big',
        `${host.name} drops the packet: at ${header.totalLength} bytes it does not fit ${out.name}'s MTU of ${out.mtu}, and its DF flag forbids fragmenting it; ${tell.clause}`,
      ),
    );
    return;
  }
  const forwarded = withDecrementedTtl(datagram, 0);
  const nextHop = route.gateway ?? header.dst;
  const split = header.totalLength > out.mtu ? `; it cuts it into fragments to fit ${out.name}'s MTU of ${out.mtu}` : '';
  const seq = host.ctx.emit({
    kind: 'forward',
    node: host.name,
    port: iface.name,
    frame: frame.id,
    cause: rxSeq,
    out: [out.name],
    bytes: frame.bytes,
    why: `${host.name} sends it out of ${out.name} to ${dst}: ${describeChoice(route)}; TTL ${header.ttl} -> ${header.ttl - 1}${split}`,
  });
  // When ARP for the next hop fails, the sender hears of it (Linux: arp_error_report -> ICMP host unreachable).
  host.resolveAndSend(out, nextHop, forwarded, seq, (cause) => planIcmpError(host, forwarded, HOST_UNREACHABLE).send(cause));
}

/** "route 10.0.2.0/24 is connected", "route default via 10.0.2.254". */
function describeChoice(r: Route): string {
  const prefix = r.prefixLength === 0 ? 'default' : `${formatIpv4(r.destination)}/${r.prefixLength}`;
  return r.gateway === undefined ? `route ${prefix} is connected` : `route ${prefix} via ${formatIpv4(r.gateway)}`;
}

/**
 * Why a packet not addressed to the router is still not forwarded, or
 * undefined. Linux forwards only frames sent to its own MAC (ip_forward:
 * pkt_type must be PACKET_HOST; RFC 1812 5.3.4), never multicast without a
 * multicast router, loopback or 0.0.0.0 destinations (martians, RFC 1812
 * 5.3.7), nor directed broadcasts of its own networks (bc_forwarding=0,
 * RFC 2644).
 */
function unforwardable(host: HostStack, eth: EthernetHeader, iface: NetInterface, dst: Ipv4): string | undefined {
  if (eth.dst !== iface.mac)
    return 'it came in a link-layer broadcast or multicast frame, and routers forward only frames sent to their own MAC (RFC 1812 5.3.4)';
  if (dst >>> 28 === 0xe) return 'it is multicast, and this router runs no multicast routing';
  if (dst >>> 24 === 127 || dst === 0) return 'that is a martian destination, never routed (RFC 1812 5.3.7)';
  for (const i of host.interfaces.values()) {
    if (i.addresses.some((c) => c.prefixLength < 31 && broadcastOf(c.address, c.prefixLength) === dst)) {
      return `it is the broadcast address of ${i.name}'s network, and directed broadcasts are not forwarded (RFC 2644)`;
    }
  }
  return undefined;
}
