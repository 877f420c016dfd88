/**
 * ICMP for IPv4 (RFC 792): echo, and the error messages that quote the
 * offending datagram. Every message starts with type, code, checksum and a
 * 32-bit type-specific word, 8 bytes in all.
 */
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { checksumVerifies, internetChecksum } from './checksum.js';
import { WireError, requireBytes, requireField } from './wire-error.js';

/** ICMP types (RFC 792; IANA "ICMP Type Numbers"). */
export const IcmpType = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  SourceQuench: 4,
  Redirect: 5,
  EchoRequest: 8,
  TimeExceeded: 11,
  ParameterProblem: 12,
} as const;

/** Destination Unreachable codes (RFC 792; 4 with next-hop MTU from RFC 1191). */
export const UnreachableCode = { Net: 0, Host: 1, Protocol: 2, Port: 3, FragmentationNeeded: 4 } as const;

/** Time Exceeded codes (RFC 792). */
export const TimeExceededCode = { InTransit: 0, Reassembly: 1 } as const;

export const ICMP_HEADER_LENGTH = 8;

/** RFC 792 message formats; `rest` is the 32-bit word an error calls "unused" (or gateway, pointer, MTU). */
export const IcmpField = {
  type: 0,
  code: 1,
  checksum: 2,
  identifier: 4,
  sequence: 6,
  rest: 4,
  body: 8,
} as const;

export type IcmpMessage =
  | {
      kind: 'echo';
      type: number;
      code: number;
      checksum: number;
      identifier: number;
      sequence: number;
      data: Uint8Array;
    }
  | { kind: 'error'; type: number; code: number; checksum: number; rest: number; quoted: Uint8Array }
  | { kind: 'other'; type: number; code: number; checksum: number; body: Uint8Array };

/** Types whose body quotes "the internet header + 64 bits of original data datagram" (RFC 792). */
const ERROR_TYPES: ReadonlySet<number> = new Set([
  IcmpType.DestinationUnreachable,
  IcmpType.SourceQuench,
  IcmpType.Redirect,
  IcmpType.TimeExceeded,
  IcmpType.ParameterProblem,
]);

export function isIcmpErrorType(type: number): boolean {
  return ERROR_TYPES.has(type);
}

/**
 * Parses the `length`-byte message at `offset` (length comes from the IP
 * header). `data`, `quoted` and `body` are views into `b`, not copies;
 * `body` is everything after the checksum. The checksum is not verified
 * here; see `icmpChecksumOk`.
 */
export function parseIcmp(b: Uint8Array, offset: number, length: number): IcmpMessage {
  requireBytes('icmp', 'ICMP message', b, offset, length);
  if (length < ICMP_HEADER_LENGTH) {
    throw new WireError('icmp', `ICMP message of ${length} bytes is shorter than the 8-byte header`);
  }
  const type = b[offset + IcmpField.type]!;
  const code = b[offset + IcmpField.code]!;
  const checksum = readU16(b, offset + IcmpField.checksum);
  const end = offset + length;
  if (type === IcmpType.EchoRequest || type === IcmpType.EchoReply) {
    return {
      kind: 'echo',
      type,
      code,
      checksum,
      identifier: readU16(b, offset + IcmpField.identifier),
      sequence: readU16(b, offset + IcmpField.sequence),
      data: b.subarray(offset + IcmpField.body, end),
    };
  }
  if (ERROR_TYPES.has(type)) {
    return {
      kind: 'error',
      type,
      code,
      checksum,
      rest: readU32(b, offset + IcmpField.rest),
      quoted: b.subarray(offset + IcmpField.body, end),
    };
  }
  return { kind: 'other', type, code, checksum, body: b.subarray(offset + IcmpField.rest, end) };
}

/** The checksum covers the whole ICMP message (RFC 792); false also when the span is not within `b`. */
export function icmpChecksumOk(b: Uint8Array, offset: number, length: number): boolean {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) return false;
  if (offset + length > b.length) return false;
  return checksumVerifies(b, offset, offset + length);
}

/** The next-hop MTU of a "fragmentation needed" message: the low 16 bits of `rest` (RFC 1191 section 4). */
export function nextHopMtu(rest: number): number {
  return rest & 0xffff;
}

function emitIcmp(type: number, code: number, word: number, body: Uint8Array): Uint8Array {
  requireField('icmp', 'type', type, 8);
  requireField('icmp', 'code', code, 8);
  requireField('icmp', 'rest of header', word, 32);
  const b = new Uint8Array(ICMP_HEADER_LENGTH + body.length);
  b[IcmpField.type] = type;
  b[IcmpField.code] = code;
  writeU16(b, IcmpField.checksum, 0);
  writeU32(b, IcmpField.rest, word);
  b.set(body, IcmpField.body);
  writeU16(b, IcmpField.checksum, internetChecksum(b, 0, b.length));
  return b;
}

/** An echo request or reply (type 8 or 0, code 0) with its checksum. */
export function emitIcmpEcho(type: number, identifier: number, sequence: number, data: Uint8Array): Uint8Array {
  requireField('icmp', 'identifier', identifier, 16);
  requireField('icmp', 'sequence', sequence, 16);
  return emitIcmp(type, 0, identifier * 0x10000 + sequence, data);
}

/**
 * An error message quoting `quoted` (the caller chooses how much of the
 * original datagram: RFC 792 asks for header + 64 bits, RFC 1812 section
 * 4.3.2.3 and Linux quote up to 576 bytes in all).
 */
export function emitIcmpError(type: number, code: number, quoted: Uint8Array, rest = 0): Uint8Array {
  return emitIcmp(type, code, rest, quoted);
}
