/**
 * A socket's datagram as the kernel builds it (ip_make_skb): the program
 * gives the payload and its socket options, the kernel writes the IPv4
 * header, with the source address of the route, a fresh identification and
 * DF as IP_MTU_DISCOVER says, and hands it to ip_output.
 */
import { emitIpv4 } from '../wire/ipv4.js';
import type { Ipv4 } from '../wire/ipv4-address.js';
import type { DatagramOptions, HostUnreachableHandler, SendResult } from './app-context.js';
import type { HostStack, OutputPath } from './host-stack.js';

const IP_HEADER = 20;
/** lo's MTU in a namespace. */
const LOOPBACK_MTU = 65536;

/** Where a socket's datagram to a destination goes: the way out (undefined: no route), its source address, and the MTU of that way. */
export interface DatagramRoute {
  readonly path: OutputPath | undefined;
  readonly source: Ipv4;
  readonly mtu: number;
}

/**
 * ip_route_output for a socket's datagram to `dst`, looked up once for the
 * source address (inet_select_addr; 0 without a route), the path MTU
 * (IP_MTU: a learnt one, else the device's; lo's when the datagram loops
 * back) and ip_output alike.
 */
export function routeDatagram(stack: HostStack, dst: Ipv4): DatagramRoute {
  const path = stack.routeTo(dst);
  if (!path) return { path, source: 0, mtu: LOOPBACK_MTU };
  const mtu = path.route ? stack.pathMtu(path.route, dst) : LOOPBACK_MTU;
  return { path, source: stack.sourceFor(path.route, dst), mtu };
}

/**
 * Wraps `payload` (a transport header and its data) in an IPv4 header from
 * the route's source to `dst` and sends it that way. With IP_PMTUDISC_WANT,
 * DF is set on a datagram that fits the path MTU and cleared on one that
 * does not, which ip_output then fragments (__ip_make_skb; the oracle's
 * pings carry DF). A datagram with no route still draws its IP id before
 * ip_output refuses it, which keeps the run's random draws, and so its
 * recordings, as they were. With IP_PMTUDISC_DO a datagram larger than the
 * path MTU is refused before it is built (__ip_append_data's EMSGSIZE
 * through ip_local_error), so it draws no id.
 */
export function sendDatagram(
  stack: HostStack,
  route: DatagramRoute,
  dst: Ipv4,
  protocol: number,
  payload: Uint8Array,
  options: DatagramOptions,
  cause: number,
  onHostUnreachable?: HostUnreachableHandler,
): SendResult {
  const fits = IP_HEADER + payload.length <= route.mtu;
  if (options.pmtuDiscovery === 'do' && !fits && route.path) return { messageTooLong: route.mtu };
  const dontFragment = options.pmtuDiscovery === 'do' || (options.pmtuDiscovery === 'want' && fits);
  const datagram = emitIpv4(
    { identification: stack.nextIpId(), dontFragment, ttl: options.ttl, protocol, src: route.source, dst },
    payload,
  );
  return stack.outputVia(route.path, datagram, dst, cause, onHostUnreachable);
}
