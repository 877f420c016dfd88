/**
 * The ping sockets of a namespace (Linux's net/ipv4/ping.c): each is bound
 * to an echo identifier, the way a UDP socket is bound to a port. An echo
 * reply goes to the socket of its identifier; an ICMP error quoting an echo
 * request goes to the socket that sent it (ping_err).
 */
import { IpProtocol, parseQuotedIpv4Header, type Ipv4Header } from '../wire/ipv4.js';
import type { Ipv4 } from '../wire/ipv4-address.js';
import type { DatagramOptions, HostUnreachableHandler, PingReceiver, PingSocket, SendResult } from './app-context.js';
import { routeDatagram, sendDatagram } from './datagram-output.js';
import type { HostStack } from './host-stack.js';

export class PingSockets {
  /** Made with the first socket: most hosts never ping, and an empty Map is ~180 bytes a host (issue 21). */
  private bound: Map<number, PingReceiver> | undefined;

  constructor(private readonly stack: HostStack) {}

  /** A later socket for the same identifier takes its replies over; closing either unbinds the identifier. */
  open(identifier: number, receiver: PingReceiver): PingSocket {
    const bound = (this.bound ??= new Map());
    bound.set(identifier, receiver);
    return new BoundPingSocket(this.stack, bound, identifier);
  }

  /** An echo reply addressed to this host. */
  echoReply(identifier: number, sequence: number, reply: Ipv4Header, cause: number): void {
    this.bound?.get(identifier)?.onEchoReply(sequence, reply, cause);
  }

  /** An ICMP error whose quoted datagram (`quoted`, from its IP header) is an ICMP message: the echo's identifier and sequence follow its type, code and checksum. */
  icmpError(from: Ipv4, type: number, code: number, rest: number, quoted: Uint8Array, cause: number): void {
    const inner = parseQuotedIpv4Header(quoted, 0);
    if (inner.protocol !== IpProtocol.ICMP) return;
    const innerIcmp = quoted.subarray(inner.headerLength);
    const identifier = (innerIcmp[4]! << 8) | innerIcmp[5]!;
    const sequence = (innerIcmp[6]! << 8) | innerIcmp[7]!;
    this.bound?.get(identifier)?.onIcmpError(sequence, { from, type, code, rest, cause });
  }
}

class BoundPingSocket implements PingSocket {
  constructor(
    private readonly stack: HostStack,
    private readonly bound: Map<number, PingReceiver>,
    private readonly identifier: number,
  ) {}

  send(dst: Ipv4, echo: Uint8Array, options: DatagramOptions, cause: number, onHostUnreachable?: HostUnreachableHandler): SendResult {
    return sendDatagram(this.stack, routeDatagram(this.stack, dst), dst, IpProtocol.ICMP, echo, options, cause, onHostUnreachable);
  }

  close(): void {
    this.bound.delete(this.identifier);
  }
}
