/**
 * 48-bit IEEE 802 MAC addresses (IEEE 802.3 clause 3.2.3, IEEE 802-2014
 * clause 8.2) held as one integer: 2^48 < 2^53, so a double holds it exactly,
 * compares with ===, keys a Map without a string, and reads without allocating.
 */
import { HEX_BYTE } from './bytes.js';
import { WireError } from './wire-error.js';

export type Mac = number;

export const BROADCAST_MAC: Mac = 0xffffffffffff;
export const ZERO_MAC: Mac = 0;
export const MAC_LENGTH = 6;

const TWO_32 = 0x100000000;
const TWO_40 = 0x10000000000;

/** Bits of the first octet, the first transmitted (IEEE 802-2014 clause 8.2). */
const FirstOctetBit = {
  /** I/G: 1 = group (multicast or broadcast) address. */
  group: 0x01,
  /** U/L: 1 = locally administered address. */
  local: 0x02,
} as const;

const MAC_TEXT = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/** True when `n` is an integer in 0 .. 2^48-1, i.e. a value the other functions accept. */
export function isMac(n: number): n is Mac {
  return Number.isInteger(n) && n >= 0 && n <= BROADCAST_MAC;
}

/** Parses 'aa:bb:cc:dd:ee:ff' (either case), the form iproute2 accepts and prints. */
export function parseMac(text: string): Mac {
  if (!MAC_TEXT.test(text)) {
    throw new WireError('mac', `not a MAC address: ${JSON.stringify(text)}`);
  }
  return parseInt(text.slice(0, 5).replace(':', ''), 16) * TWO_32 + parseInt(text.slice(6).replace(/:/g, ''), 16);
}

/** Lowercase, colon-separated, as `ip link` prints it. */
export function formatMac(mac: Mac): string {
  const hi = Math.floor(mac / TWO_32);
  const lo = mac >>> 0;
  return (
    `${HEX_BYTE[(hi >>> 8) & 0xff]}:${HEX_BYTE[hi & 0xff]}:${HEX_BYTE[lo >>> 24]}:` +
    `${HEX_BYTE[(lo >>> 16) & 0xff]}:${HEX_BYTE[(lo >>> 8) & 0xff]}:${HEX_BYTE[lo & 0xff]}`
  );
}

/** The I/G bit (IEEE 802.3 clause 3.2.3): set for multicast and broadcast destinations. */
export function isGroupMac(mac: Mac): boolean {
  return ((mac / TWO_40) & FirstOctetBit.group) !== 0;
}

/** The U/L bit (IEEE 802-2014 clause 8.2): set for locally administered addresses. */
export function isLocalMac(mac: Mac): boolean {
  return ((mac / TWO_40) & FirstOctetBit.local) !== 0;
}

export function isBroadcastMac(mac: Mac): boolean {
  return mac === BROADCAST_MAC;
}

/** Reads 6 octets in transmission order; the caller guarantees offset + 6 <= b.length. */
export function readMac(b: Uint8Array, offset: number): Mac {
  return (
    ((b[offset]! << 8) | b[offset + 1]!) * TWO_32 +
    (((b[offset + 2]! << 24) | (b[offset + 3]! << 16) | (b[offset + 4]! << 8) | b[offset + 5]!) >>> 0)
  );
}

export function writeMac(b: Uint8Array, offset: number, mac: Mac): void {
  const hi = Math.floor(mac / TWO_32);
  const lo = mac >>> 0;
  b[offset] = hi >>> 8;
  b[offset + 1] = hi;
  b[offset + 2] = lo >>> 24;
  b[offset + 3] = lo >>> 16;
  b[offset + 4] = lo >>> 8;
  b[offset + 5] = lo;
}
