/**
 * IPv4 reassembly at the destination (RFC 791 section 3.2; RFC 815's hole
 * bookkeeping reduced to a sorted list of pieces). Fragments are grouped by
 * source, destination, protocol and identification; a queue that is not
 * complete within ipfrag_time (30 s) is dropped, and if its first fragment
 * arrived the sender is told with ICMP time exceeded, code 1 (RFC 792;
 * Linux's ip_expire). Overlapping fragments discard the whole datagram, as
 * Linux has done since 4.19 (the overlap attacks of RFC 1858).
 */
import { writeU16 } from '../wire/bytes.js';
import { internetChecksum } from '../wire/checksum.js';
import { Ipv4Field, parseIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import { formatIpv4 } from '../wire/ipv4-address.js';
import type { Frame } from './device.js';
import type { HostStack } from './host-stack.js';
import { REASSEMBLY_EXCEEDED, planIcmpError } from './icmp-errors.js';
import type { NetInterface } from './net-interface.js';

/** net.ipv4.ipfrag_time. */
export const REASSEMBLY_TIMEOUT_NS = 30e9;

interface Piece {
  offset: number;
  data: Uint8Array;
}

interface FragmentQueue {
  pieces: Piece[];
  /** Known once the fragment with MF clear arrives. */
  totalData: number | undefined;
  /** The offset-0 fragment (header and data), once it arrived. */
  first: Uint8Array | undefined;
  generation: number;
  port: string;
  lastCause: number;
}

type Added =
  | { status: 'held'; created: boolean; queue: FragmentQueue }
  | { status: 'complete'; datagram: Uint8Array }
  | { status: 'refused'; why: string };

/** The reassembly queues of one host, and the events they produce. */
export class Reassembly {
  /** Made with the first fragment: most hosts never get one, and an empty Map is ~180 bytes a host (issue 21). */
  private queues: Map<string, FragmentQueue> | undefined;
  private generations = 0;

  constructor(private readonly host: HostStack) {}

  /** A fragment addressed to this host arrived (its rx event is `rxSeq`). */
  receive(iface: NetInterface, frame: Frame, header: Ipv4Header, off: number, rxSeq: number): void {
    const host = this.host;
    const fragment = frame.bytes.subarray(off, off + header.totalLength);
    const key = `${header.src}>${header.dst}/${header.protocol}#${header.identification}`;
    const added = this.add(key, header, fragment, iface.name);
    const what = `fragment of ${formatIpv4(header.src)}'s datagram id 0x${header.identification.toString(16).padStart(4, '0')} (bytes ${header.fragmentOffset}-${header.fragmentOffset + header.totalLength - header.headerLength - 1})`;
    if (added.status === 'refused') {
      host.drop(iface.name, frame, rxSeq, 'malformed', `${host.name} discards a ${what}: ${added.why}`);
      return;
    }
    if (added.status === 'held') {
      const seq = host.deliver(
        iface.name,
        frame,
        rxSeq,
        `${host.name} accepts a ${what} and holds it until the rest arrives (RFC 791 reassembly)`,
      );
      added.queue.lastCause = seq;
      added.queue.port = iface.name;
      if (added.created)
        host.ctx.schedule(host.ctx.now + REASSEMBLY_TIMEOUT_NS, (a: { r: Reassembly; key: string; g: number }) => a.r.expire(a.key, a.g), {
          r: this,
          key,
          g: added.queue.generation,
        });
      return;
    }
    const whole = parseIpv4Header(added.datagram, 0);
    const seq = host.deliver(
      iface.name,
      frame,
      rxSeq,
      `${host.name} accepts the last missing ${what}: the ${whole.totalLength}-byte datagram is whole again`,
    );
    host.handleLocalIp(whole, added.datagram, 0, seq, iface);
  }

  private add(key: string, h: Ipv4Header, fragment: Uint8Array, port: string): Added {
    let queue = this.queues?.get(key);
    const created = queue === undefined;
    if (!queue) {
      queue = { pieces: [], totalData: undefined, first: undefined, generation: ++this.generations, port, lastCause: 0 };
      (this.queues ??= new Map()).set(key, queue);
    }
    const data = fragment.subarray(h.headerLength);
    const start = h.fragmentOffset;
    const end = start + data.length;
    if (!h.moreFragments) {
      if ((queue.totalData !== undefined && queue.totalData !== end) || queue.pieces.some((p) => p.offset + p.data.length > end)) {
        return this.refuse(
          key,
          'it claims a different end of the datagram than the fragments before it, so the whole datagram is discarded',
        );
      }
      queue.totalData = end;
    } else if (queue.totalData !== undefined && end > queue.totalData) {
      return this.refuse(key, 'it reaches past the end of the datagram, so the whole datagram is discarded');
    }
    if (queue.pieces.some((p) => p.offset === start && p.data.length === data.length)) {
      return { status: 'refused', why: 'it is a duplicate of one already held' };
    }
    if (queue.pieces.some((p) => start < p.offset + p.data.length && p.offset < end)) {
      return this.refuse(key, 'it overlaps one already held, so the whole datagram is discarded (Linux, RFC 1858)');
    }
    queue.pieces.push({ offset: start, data: data.slice() });
    queue.pieces.sort((a, b) => a.offset - b.offset);
    if (start === 0) queue.first = fragment.slice();
    const complete = queue.totalData !== undefined && queue.first !== undefined && covered(queue.pieces) === queue.totalData;
    if (!complete) return { status: 'held', created, queue };
    this.queues!.delete(key);
    return { status: 'complete', datagram: join(queue.first!, queue.pieces, queue.totalData!) };
  }

  private refuse(key: string, why: string): Added {
    this.queues?.delete(key);
    return { status: 'refused', why };
  }

  private expire(key: string, generation: number): void {
    const queue = this.queues?.get(key);
    if (!queue || queue.generation !== generation) return;
    this.queues!.delete(key);
    const host = this.host;
    const first = queue.first;
    const tell = first
      ? planIcmpError(host, first, REASSEMBLY_EXCEEDED, { localSource: parseIpv4Header(first, 0).dst })
      : { clause: 'its first fragment never came, so nobody is told (RFC 792)', send: () => {} };
    tell.send(
      host.ctx.emit({
        kind: 'drop',
        node: host.name,
        port: queue.port,
        cause: queue.lastCause,
        reason: 'ttl-exceeded',
        why: `${host.name} gives up reassembling a datagram: its fragments did not all arrive within ${REASSEMBLY_TIMEOUT_NS / 1e9} s; ${tell.clause}`,
      }),
    );
  }
}

/** Bytes covered from offset 0 without a gap. */
function covered(pieces: Piece[]): number {
  let end = 0;
  for (const p of pieces) {
    if (p.offset > end) break;
    end = Math.max(end, p.offset + p.data.length);
  }
  return end;
}

/** The first fragment's header, with Total Length, MF and offset set for the whole datagram (RFC 791). */
function join(first: Uint8Array, pieces: Piece[], totalData: number): Uint8Array {
  const hl = parseIpv4Header(first, 0).headerLength;
  const out = new Uint8Array(hl + totalData);
  out.set(first.subarray(0, hl), 0);
  for (const p of pieces) out.set(p.data, hl + p.offset);
  const flags = (out[Ipv4Field.flagsFragmentOffset]! << 8) & 0x4000;
  writeU16(out, Ipv4Field.flagsFragmentOffset, flags);
  writeU16(out, Ipv4Field.totalLength, out.length);
  writeU16(out, Ipv4Field.checksum, 0);
  writeU16(out, Ipv4Field.checksum, internetChecksum(out, 0, hl));
  return out;
}
