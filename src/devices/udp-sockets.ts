/**
 * The UDP layer of a namespace (RFC 768; RFC 1122 4.1.3.1): which local ports
 * have a socket, the ICMP port unreachable a host answers a datagram for a
 * closed port with, and the ICMP errors handed to the socket that sent the
 * datagram they quote (Linux's IP_RECVERR, which traceroute reads).
 */
import { IpProtocol, parseQuotedIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import { formatIpv4, type Ipv4 } from '../wire/ipv4-address.js';
import { emitUdp, parseUdp, udpChecksumOk } from '../wire/udp.js';
import type { DatagramOptions, HostUnreachableHandler, SendResult, SocketError, UdpSocket } from './app-context.js';
import { routeDatagram, sendDatagram } from './datagram-output.js';
import type { HostStack } from './host-stack.js';
import { PORT_UNREACHABLE, planIcmpError } from './icmp-errors.js';

type UdpErrorHandler = (error: SocketError) => void;

const UDP_HEADER = 8;
/** net.ipv4.ip_local_port_range. */
const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;

export class UdpSockets {
  /** Made with the first socket: most hosts never open one, and an empty Map is ~180 bytes a host (issue 21). */
  private bound: Map<number, UdpErrorHandler> | undefined;

  constructor(private readonly host: HostStack) {}

  /** A socket bound to a free ephemeral port. */
  open(onError: UdpErrorHandler): UdpSocket {
    const bound = (this.bound ??= new Map());
    const port = this.freePort(bound);
    bound.set(port, onError);
    return new BoundUdpSocket(this.host, bound, port);
  }

  /** A random port of the ephemeral range that has no socket, as udp_lib_get_port picks one. */
  private freePort(bound: Map<number, UdpErrorHandler>): number {
    for (;;) {
      const port = this.host.ctx.rng.intBetween(EPHEMERAL_LOW, EPHEMERAL_HIGH);
      if (!bound.has(port)) return port;
    }
  }

  /**
   * A datagram for this host (udp_rcv): a bad checksum is dropped silently;
   * nothing listening on the port means ICMP port unreachable, except for
   * broadcasts (RFC 1122 3.2.2).
   */
  receive(header: Ipv4Header, bytes: Uint8Array, off: number, deliverSeq: number, port: string, broadcast: boolean): void {
    const host = this.host;
    const udpOff = off + header.headerLength;
    const udpLen = header.totalLength - header.headerLength;
    if (!udpChecksumOk(bytes, udpOff, udpLen, header.src, header.dst)) {
      host.ctx.emit({
        kind: 'drop',
        node: host.name,
        port,
        cause: deliverSeq,
        reason: 'bad-checksum',
        why: `${host.name} discards the UDP datagram from ${formatIpv4(header.src)}: its checksum is wrong (RFC 768)`,
      });
      return;
    }
    const udp = parseUdp(bytes, udpOff, udpLen);
    if (this.bound?.has(udp.dstPort)) return;
    const datagram = bytes.subarray(off, off + header.totalLength);
    const tell = planIcmpError(host, datagram, PORT_UNREACHABLE, { localSource: header.dst, linkBroadcast: broadcast });
    tell.send(
      host.ctx.emit({
        kind: 'drop',
        node: host.name,
        port,
        cause: deliverSeq,
        reason: 'port-unreachable',
        why: `nothing in ${host.name} listens on UDP port ${udp.dstPort}, so the datagram is dropped; ${tell.clause}`,
      }),
    );
  }

  /** An ICMP error quoting a UDP datagram (`quoted` starts at its IP header): the socket that sent it hears of it. */
  icmpError(from: Ipv4, type: number, code: number, rest: number, quoted: Uint8Array, cause: number): void {
    const inner = parseQuotedIpv4Header(quoted, 0);
    if (inner.protocol !== IpProtocol.UDP || quoted.length < inner.headerLength + UDP_HEADER) return;
    const srcPort = (quoted[inner.headerLength]! << 8) | quoted[inner.headerLength + 1]!;
    this.bound?.get(srcPort)?.({ from, type, code, rest, cause });
  }
}

class BoundUdpSocket implements UdpSocket {
  constructor(
    private readonly stack: HostStack,
    private readonly bound: Map<number, UdpErrorHandler>,
    readonly port: number,
  ) {}

  send(
    dst: Ipv4,
    dstPort: number,
    data: Uint8Array,
    options: DatagramOptions,
    cause: number,
    onHostUnreachable?: HostUnreachableHandler,
  ): SendResult {
    const route = routeDatagram(this.stack, dst);
    const udp = emitUdp(route.source, dst, this.port, dstPort, data);
    return sendDatagram(this.stack, route, dst, IpProtocol.UDP, udp, options, cause, onHostUnreachable);
  }

  close(): void {
    this.bound.delete(this.port);
  }
}
