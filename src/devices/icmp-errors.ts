/**
 * ICMP error messages as Linux's icmp_send builds them (net/ipv4/icmp.c):
 * which datagrams may provoke one (RFC 1122 3.2.2, RFC 1812 4.3.2.7), which
 * source address it carries, its TOS, and how much of the original it quotes.
 */
import { IcmpType, TimeExceededCode, UnreachableCode, emitIcmpError, isIcmpErrorType } from '../wire/icmp.js';
import { IpProtocol, emitIpv4, parseIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import { broadcastOf, formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import type { HostStack } from './host-stack.js';

export interface IcmpError {
  type: number;
  code: number;
  /** The 32-bit word after the checksum: unused, or the next-hop MTU (RFC 1191). */
  rest: number;
  /** How the teaching sentences name it. */
  words: string;
}

export const TTL_EXCEEDED: IcmpError = {
  type: IcmpType.TimeExceeded,
  code: TimeExceededCode.InTransit,
  rest: 0,
  words: 'ICMP time exceeded',
};
export const REASSEMBLY_EXCEEDED: IcmpError = {
  type: IcmpType.TimeExceeded,
  code: TimeExceededCode.Reassembly,
  rest: 0,
  words: 'ICMP time exceeded (fragment reassembly)',
};
export const NET_UNREACHABLE: IcmpError = {
  type: IcmpType.DestinationUnreachable,
  code: UnreachableCode.Net,
  rest: 0,
  words: 'ICMP network unreachable',
};
export const HOST_UNREACHABLE: IcmpError = {
  type: IcmpType.DestinationUnreachable,
  code: UnreachableCode.Host,
  rest: 0,
  words: 'ICMP host unreachable',
};
export const PORT_UNREACHABLE: IcmpError = {
  type: IcmpType.DestinationUnreachable,
  code: UnreachableCode.Port,
  rest: 0,
  words: 'ICMP port unreachable',
};

/** Destination unreachable, fragmentation needed and DF set, with the next-hop MTU in the low 16 bits (RFC 1191 section 4). */
export function fragmentationNeeded(mtu: number): IcmpError {
  return {
    type: IcmpType.DestinationUnreachable,
    code: UnreachableCode.FragmentationNeeded,
    rest: mtu & 0xffff,
    words: `ICMP fragmentation needed (next-hop MTU ${mtu})`,
  };
}

/** RFC 1812 4.3.2.3: an error quotes as much of the original as fits in 576 bytes; Linux does the same. */
const ICMP_ERROR_MAX_LENGTH = 576;
const IP_HEADER = 20;
const ICMP_HEADER = 8;

/** An ICMP error's IP datagram length, quoting an original of `originalLength` bytes: its headers and as much as fits in 576. */
export function icmpErrorLength(originalLength: number): number {
  return Math.min(ICMP_ERROR_MAX_LENGTH, IP_HEADER + ICMP_HEADER + originalLength);
}
/** Linux sends errors with precedence "internetwork control" (IPTOS_PREC_INTERNETCONTROL) and the original's TOS bits (RT_TOS). */
const TOS_INTERNET_CONTROL = 0xc0;
const TOS_BITS = 0x1e;
/** ip_default_ttl. */
const DEFAULT_TTL = 64;
/** The highest ICMP type Linux knows (NR_ICMP_TYPES); it answers nothing above it either. */
const NR_ICMP_TYPES = 18;

function isMulticast(a: Ipv4): boolean {
  return a >>> 28 === 0xe;
}

function isLimitedOrDirectedBroadcast(host: HostStack, a: Ipv4): boolean {
  if (a === 0xffffffff) return true;
  for (const i of host.interfaces.values()) {
    if (i.addresses.some((c) => c.prefixLength < 31 && broadcastOf(c.address, c.prefixLength) === a)) return true;
  }
  return false;
}

/**
 * Why no error may be sent about `datagram` (RFC 1122 3.2.2, as Linux's
 * icmp_send checks it), or undefined when one may. `linkBroadcast`: the frame
 * came to a broadcast or multicast MAC.
 */
export function icmpErrorForbidden(host: HostStack, datagram: Uint8Array, linkBroadcast = false): string | undefined {
  const h = parseIpv4Header(datagram, 0);
  if (linkBroadcast || isMulticast(h.dst) || isLimitedOrDirectedBroadcast(host, h.dst)) {
    return 'it was sent to a broadcast or multicast address, and those get no ICMP errors (RFC 1122 3.2.2)';
  }
  if (h.fragmentOffset !== 0)
    return 'it is not the first fragment of its datagram, and only the first may provoke an ICMP error (RFC 1122 3.2.2)';
  if (h.src === 0 || h.src === 0xffffffff || isMulticast(h.src)) {
    return `its source ${formatIpv4(h.src)} does not name one host, so no ICMP error can go back (RFC 1122 3.2.2)`;
  }
  if (h.protocol === IpProtocol.ICMP && datagram.length > h.headerLength) {
    const innerType = datagram[h.headerLength]!;
    if (innerType > NR_ICMP_TYPES || isIcmpErrorType(innerType))
      return 'it is itself an ICMP error, and errors are never answered with errors (RFC 1122 3.2.2)';
  }
  if (!host.routeTo(h.src)) return `it has no route back to ${formatIpv4(h.src)}`;
  return undefined;
}

/** icmp_ratemask 6168: destination unreachable, source quench, time exceeded, parameter problem. */
const RATE_LIMITED_TYPES = 0x1818;
/** icmp_ratelimit 1000 ms: one error per second to each destination after a burst of 6 (XRLIM_BURST_FACTOR). */
const RATE_INTERVAL_NS = 1e9;
const RATE_BURST = 6;

interface TokenBucket {
  tokens: number;
  last: number;
}

/** Per host, per destination of the errors: Linux keeps this in the inet_peer entry (inet_peer_xrlim_allow). */
const buckets = new WeakMap<HostStack, Map<Ipv4, TokenBucket>>();

/** Whether the rate limit lets one more error go to `dst` now; takes a token when it does (RFC 1812 4.3.2.8). */
function rateAllows(host: HostStack, error: IcmpError, dst: Ipv4): boolean {
  if (!((1 << error.type) & RATE_LIMITED_TYPES)) return true;
  // Path MTU discovery must not starve (icmpv4_mask_allow), and errors looping back to this host are not limited.
  if (error.type === IcmpType.DestinationUnreachable && error.code === UnreachableCode.FragmentationNeeded) return true;
  if (host.routeTo(dst)?.local) return true;
  let perHost = buckets.get(host);
  if (!perHost) buckets.set(host, (perHost = new Map()));
  const now = host.ctx.now;
  const b = perHost.get(dst) ?? { tokens: RATE_BURST * RATE_INTERVAL_NS, last: now };
  b.tokens = Math.min(b.tokens + now - b.last, RATE_BURST * RATE_INTERVAL_NS);
  b.last = now;
  const allowed = b.tokens >= RATE_INTERVAL_NS;
  if (allowed) b.tokens -= RATE_INTERVAL_NS;
  perHost.set(dst, b);
  return allowed;
}

export interface IcmpErrorPlan {
  /** The end of a drop's `why`: whom the host tells and with what, or why it stays silent. */
  clause: string;
  /** Sends the error (if it is to be sent), caused by the event `cause`. */
  send(cause: number): void;
}

/**
 * Decides whether `error` about `datagram` (an IPv4 datagram starting at
 * byte 0) goes back to its source: RFC 1122 may forbid it, and the rate
 * limit may hold it back (deciding takes a token). The source address is
 * `localSource` when the original was addressed to this host (Linux: the
 * address it was sent to), otherwise the one the host would use to reach the
 * sender (icmp_errors_use_inbound_ifaddr=0).
 */
export function planIcmpError(
  host: HostStack,
  datagram: Uint8Array,
  error: IcmpError,
  opts: { localSource?: Ipv4; linkBroadcast?: boolean } = {},
): IcmpErrorPlan {
  const forbidden = icmpErrorForbidden(host, datagram, opts.linkBroadcast);
  if (forbidden) return { clause: `it sends no ICMP error: ${forbidden}`, send: () => {} };
  const original = parseIpv4Header(datagram, 0);
  const to = formatIpv4(original.src);
  if (!rateAllows(host, error, original.src)) {
    return {
      clause: `it would tell ${to} with ${error.words}, but the rate limit holds it back: after a burst of ${RATE_BURST}, Linux sends one destination at most one error a second (icmp_ratelimit)`,
      send: () => {},
    };
  }
  return {
    clause: `it tells ${to} with ${error.words}`,
    send: (cause) => sendIcmpError(host, datagram, original, error, cause, opts.localSource),
  };
}

function sendIcmpError(
  host: HostStack,
  datagram: Uint8Array,
  original: Ipv4Header,
  error: IcmpError,
  cause: number,
  localSource: Ipv4 | undefined,
): void {
  const path = host.routeTo(original.src)!;
  const source = localSource ?? host.sourceFor(path.route, original.src);
  const room = ICMP_ERROR_MAX_LENGTH - IP_HEADER - ICMP_HEADER;
  const quoted = datagram.subarray(0, Math.min(original.totalLength, room));
  const message = emitIcmpError(error.type, error.code, quoted, error.rest);
  const packet = emitIpv4(
    {
      tos: (original.tos & TOS_BITS) | TOS_INTERNET_CONTROL,
      identification: host.nextIpId(),
      dontFragment: false,
      ttl: DEFAULT_TTL,
      protocol: IpProtocol.ICMP,
      src: source,
      dst: original.src,
    },
    message,
  );
  host.output(packet, original.src, cause);
}
