/**
 * IPv4 addresses (RFC 791 section 2.3) as a uint32, always normalised with
 * `>>> 0` so that values compare with === and never go negative, and CIDR
 * prefixes (RFC 4632 section 3.1).
 */
import { WireError } from './wire-error.js';

export type Ipv4 = number;

export interface Cidr {
  address: Ipv4;
  prefixLength: number;
}

export const IPV4_LENGTH = 4;

/**
 * Octets are 1-3 decimal digits without leading zeros, like glibc's
 * inet_pton: "010" would be octal to inet_aton and decimal to a human, so it
 * is refused rather than guessed.
 */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const PREFIX_LENGTH = /^(3[0-2]|[12]?[0-9])$/;

export function tryParseIpv4(text: string): Ipv4 | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (m === null) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

export function parseIpv4(text: string): Ipv4 {
  const a = tryParseIpv4(text);
  if (a === undefined) throw new WireError('ipv4', `not a dotted-quad IPv4 address: ${JSON.stringify(text)}`);
  return a;
}

export function formatIpv4(a: Ipv4): string {
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
}

export function readIpv4(b: Uint8Array, off: number): Ipv4 {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

export function writeIpv4(b: Uint8Array, off: number, a: Ipv4): void {
  b[off] = a >>> 24;
  b[off + 1] = a >>> 16;
  b[off + 2] = a >>> 8;
  b[off + 3] = a;
}

/**
 * Parses 'a.b.c.d/n' with n in 0..32. The host bits are kept: '10.0.0.1/24'
 * is an interface address, as in `ip addr add`, not only a network.
 */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const address = slash < 0 ? undefined : tryParseIpv4(text.slice(0, slash));
  const prefix = slash < 0 ? '' : text.slice(slash + 1);
  if (address === undefined || !PREFIX_LENGTH.test(prefix)) {
    throw new WireError('ipv4', `not an IPv4 CIDR 'a.b.c.d/0-32': ${JSON.stringify(text)}`);
  }
  return { address, prefixLength: Number(prefix) };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.address)}/${c.prefixLength}`;
}

/** 24 -> 0xffffff00. A shift by 32 is a shift by 0 in JavaScript, hence the special case for /0. */
export function prefixMask(prefixLength: number): Ipv4 {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    throw new WireError('ipv4', `prefix length ${prefixLength} is not in 0..32`);
  }
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

export function networkOf(a: Ipv4, prefixLength: number): Ipv4 {
  return (a & prefixMask(prefixLength)) >>> 0;
}

export function inPrefix(a: Ipv4, network: Ipv4, prefixLength: number): boolean {
  return ((a ^ network) & prefixMask(prefixLength)) === 0;
}

/** The directed broadcast address of the subnet (RFC 919, RFC 1812 section 4.2.3.1). */
export function broadcastOf(a: Ipv4, prefixLength: number): Ipv4 {
  return (a | ~prefixMask(prefixLength)) >>> 0;
}

/** Whether `a` is in 127.0.0.0/8, the loopback network, which never appears on a wire (RFC 1122 3.2.1.3). */
export function isLoopbackAddress(a: Ipv4): boolean {
  return a >>> 24 === 127;
}
