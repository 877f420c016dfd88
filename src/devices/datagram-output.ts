/**
 * A socket's datagram as the kernel builds it (ip_make_skb): the program
 * gives the payload and its socket options, the kernel writes the IPv4
 * header, with the source address of the route, a fresh identification and
 * DF as IP_MTU_DISCOVER says, and hands it to ip_output.
 */
import { emitIpv4 } from '../wire/ipv4.js';
import type { Ipv4 } from '../wire/ipv4-address.js';
import type { DatagramOptions, HostUnreachableHandler, SendResult } from './app-context.js';
import type { HostStack } from './host-stack.js';

const IP_HEADER = 20;
/** lo's MTU in a namespace. */
const LOOPBACK_MTU = 65536;

/** The source address a datagram to `dst` gets (inet_select_addr through the route), or 0 when there is no route. */
export function sourceAddress(stack: HostStack, dst: Ipv4): Ipv4 {
  const path = stack.routeTo(dst);
  return path ? stack.sourceFor(path.route, dst) : 0;
}

/** The MTU of the interface a locally originated datagram to `dst` leaves by (IP_MTU). */
export function pathMtu(stack: HostStack, dst: Ipv4): number {
  const path = stack.routeTo(dst);
  if (!path || path.local || !path.route) return LOOPBACK_MTU;
  return stack.interfaces.get(path.route.device)?.mtu ?? LOOPBACK_MTU;
}

/**
 * Wraps `payload` (a transport header and its data) in an IPv4 header from
 * `src` to `dst` and sends it. With IP_PMTUDISC_WANT, DF is set on a
 * datagram that fits the path MTU and cleared on one that does not, which
 * ip_output then fragments (__ip_make_skb; the oracle's pings carry DF).
 * A datagram with no route still draws its IP id before ip_output refuses
 * it, which keeps the run's random draws, and so its recordings, as they were.
 */
export function sendDatagram(
  stack: HostStack,
  src: Ipv4,
  dst: Ipv4,
  protocol: number,
  payload: Uint8Array,
  options: DatagramOptions,
  cause: number,
  onHostUnreachable?: HostUnreachableHandler,
): SendResult {
  const dontFragment = options.pmtuDiscovery === 'want' && IP_HEADER + payload.length <= pathMtu(stack, dst);
  const datagram = emitIpv4({ identification: stack.nextIpId(), dontFragment, ttl: options.ttl, protocol, src, dst }, payload);
  return stack.output(datagram, dst, cause, onHostUnreachable);
}
