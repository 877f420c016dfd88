/**
 * What a program running in a namespace sees of it, the way an ns-3
 * Application sees its Node only through Sockets and the Simulator: the
 * clock and timers, a seeded random source, its terminal, what `ip route
 * get` and `ip link` tell, and sockets. ping, arping and traceroute are
 * written against this and wire/'s codecs alone, so they run on a fake as
 * they run on a Host, and never reach into the stack's tables.
 */
import type { ArpPacket } from '../wire/arp.js';
import type { EthernetHeader } from '../wire/ethernet.js';
import type { Ipv4Header } from '../wire/ipv4.js';
import type { Ipv4 } from '../wire/ipv4-address.js';
import type { NetInterface } from './net-interface.js';

export interface AppContext {
  /** Virtual time, in ns. */
  readonly now: number;
  /** Runs `handler(arg)` at virtual time `at` (the program's timerfd, or its poll timeout). */
  schedule<T>(at: number, handler: (arg: T) => void, arg: T): void;
  /** A random integer in [low, high], both inclusive, from the run's seeded generator. */
  randomInt(low: number, high: number): number;
  /** Prints a line on the program's standard output; `cause` is the event it answers. */
  print(text: string, cause: number): void;
  /** Prints a line on the program's standard error (what iputils' error() and perror() write). */
  printError(text: string, cause: number): void;
  /** What `ip route get dst` answers, or undefined: Network is unreachable. */
  routeGet(dst: Ipv4): RouteInfo | undefined;
  /** The main table's longest-prefix match alone, whatever the state of its device. */
  fibLookup(dst: Ipv4): FibRoute | undefined;
  /** The interface named `name` as it is now (its state, MAC and addresses change under the program). */
  link(name: string): Readonly<NetInterface> | undefined;
  /** A ping socket (SOCK_DGRAM, IPPROTO_ICMP) for echo `identifier`: echo replies and ICMP errors for it go to `receiver`. */
  openPing(identifier: number, receiver: PingReceiver): PingSocket;
  /** A UDP socket bound to a free ephemeral port, with IP_RECVERR: ICMP errors about what it sent go to `onError`. */
  openUdp(onError: (error: SocketError) => void): UdpSocket;
  /** A packet socket for ARP (AF_PACKET, ETH_P_ARP) bound to `iface`: every ARP frame arriving there goes to `receiver`. */
  openArp(iface: Readonly<NetInterface>, receiver: ArpReceiver): PacketSocket;
}

/** A route as `ip route get` shows it. */
export interface RouteInfo {
  /** The destination is one of the host's own addresses: the datagram loops back through lo. */
  readonly local: boolean;
  /** The interface the datagram leaves by; undefined when it loops back. */
  readonly device: string | undefined;
  /** The source address the kernel gives a datagram sent there (`src`). */
  readonly source: Ipv4;
}

/** A routing table entry, as far as a program reads one. */
export interface FibRoute {
  readonly device: string;
  readonly gateway?: Ipv4;
  readonly source?: Ipv4;
}

/**
 * What became of a datagram handed to a socket: out on the wire, waiting for
 * ARP, refused (Network is unreachable), or refused as larger than the path
 * MTU with DF forced on (EMSGSIZE, which IP_RECVERR also queues as a local
 * error carrying that MTU: ip_local_error).
 */
export type SendResult = 'sent' | 'queued' | 'no-route' | MessageTooLong;

export interface MessageTooLong {
  /** The path MTU the datagram exceeded (the error's ee_info). */
  readonly messageTooLong: number;
}

/** The socket options that shape the IP header the kernel writes. */
export interface DatagramOptions {
  /** IP_TTL. */
  ttl: number;
  /**
   * IP_MTU_DISCOVER: 'want' sets DF when the datagram fits the path MTU and
   * leaves the kernel to fragment it when not (iputils ping); 'dont' never
   * sets DF (traceroute's UDP probes); 'do' always sets it and refuses a
   * datagram larger than the path MTU (ping -M do).
   */
  pmtuDiscovery: 'want' | 'dont' | 'do';
}

/**
 * Told when the next hop never answered ARP: Linux turns that into ICMP
 * host unreachable from the host itself (arp_error_report). `cause` is the
 * event of the failure.
 */
export type HostUnreachableHandler = (cause: number) => void;

/** An ICMP error about a datagram a socket sent (what IP_RECVERR queues). */
export interface SocketError {
  /** Who sent the ICMP error. */
  from: Ipv4;
  type: number;
  code: number;
  /** The 32-bit word after the checksum: unused, or the next-hop MTU (RFC 1191). */
  rest: number;
  /** The deliver event of the ICMP error. */
  cause: number;
}

export interface PingSocket {
  /** sendmsg(): an ICMP echo request the program built, to `dst`; the kernel picks the source and the IP id. */
  send(dst: Ipv4, echo: Uint8Array, options: DatagramOptions, cause: number, onHostUnreachable?: HostUnreachableHandler): SendResult;
  close(): void;
}

export interface PingReceiver {
  /** An echo reply with the socket's identifier; `reply` is its IP header. */
  onEchoReply(sequence: number, reply: Ipv4Header, cause: number): void;
  /** An ICMP error quoting one of the socket's echo requests. */
  onIcmpError(sequence: number, error: SocketError): void;
}

export interface UdpSocket {
  /** The local port the socket is bound to. */
  readonly port: number;
  /** sendto(): `data` in a UDP datagram to `dst`:`dstPort`; the kernel picks the source and the IP id. */
  send(
    dst: Ipv4,
    dstPort: number,
    data: Uint8Array,
    options: DatagramOptions,
    cause: number,
    onHostUnreachable?: HostUnreachableHandler,
  ): SendResult;
  close(): void;
}

export interface PacketSocket {
  /** Sends a whole Ethernet frame out of the bound interface; false, and nothing sent, when it is down (ENETDOWN). */
  send(frame: Uint8Array, cause: number): boolean;
  close(): void;
}

export interface ArpReceiver {
  /** An ARP frame arrived on the bound interface (before the kernel's own ARP reads it); `rxSeq` is its rx event. */
  onArp(arp: ArpPacket, eth: EthernetHeader, rxSeq: number): void;
}
