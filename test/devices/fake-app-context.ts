// An AppContext with no Host behind it: a program (ping, arping,
// traceroute) runs against it in virtual time, and a test sees what the
// program sent through its sockets and printed, and answers it by hand.

import type {
  AppContext,
  ArpReceiver,
  DatagramOptions,
  FibRoute,
  HostUnreachableHandler,
  PacketSocket,
  PingReceiver,
  PingSocket,
  RouteInfo,
  SendResult,
  SocketError,
  UdpSocket,
} from '../../src/devices/app-context.js';
import type { NetInterface } from '../../src/devices/net-interface.js';
import { emitIcmpEcho, type IcmpMessage, IcmpType, parseIcmp } from '../../src/wire/icmp.js';
import { emitIpv4, IpProtocol, type Ipv4Header, parseIpv4Header } from '../../src/wire/ipv4.js';
import type { Ipv4 } from '../../src/wire/ipv4-address.js';

export type IcmpEcho = Extract<IcmpMessage, { kind: 'echo' }>;

export interface Line {
  at: number;
  text: string;
  cause: number;
  /** Printed with printError. */
  stderr?: true;
}

export interface DatagramSent {
  at: number;
  dst: Ipv4;
  options: DatagramOptions;
  cause: number;
  onHostUnreachable: HostUnreachableHandler | undefined;
}

export interface EchoSent extends DatagramSent {
  echo: IcmpEcho;
}

export interface UdpSent extends DatagramSent {
  dstPort: number;
  data: Uint8Array;
}

export class FakePingSocket implements PingSocket {
  readonly sent: EchoSent[] = [];
  closed = false;
  /** What send answers: 'sent' unless a test says otherwise. */
  result: SendResult = 'sent';

  constructor(
    private readonly app: FakeApp,
    readonly identifier: number,
    readonly receiver: PingReceiver,
  ) {}

  send(dst: Ipv4, echo: Uint8Array, options: DatagramOptions, cause: number, onHostUnreachable?: HostUnreachableHandler): SendResult {
    const parsed = parseIcmp(echo, 0, echo.length);
    if (parsed.kind !== 'echo') throw new Error('ping sent something other than an echo');
    this.sent.push({ at: this.app.now, dst, echo: parsed, options, cause, onHostUnreachable });
    return this.result;
  }

  close(): void {
    this.closed = true;
  }
}

export class FakeUdpSocket implements UdpSocket {
  readonly sent: UdpSent[] = [];
  closed = false;

  constructor(
    private readonly app: FakeApp,
    readonly port: number,
    readonly onError: (error: SocketError) => void,
  ) {}

  send(
    dst: Ipv4,
    dstPort: number,
    data: Uint8Array,
    options: DatagramOptions,
    cause: number,
    onHostUnreachable?: HostUnreachableHandler,
  ): SendResult {
    this.sent.push({ at: this.app.now, dst, dstPort, data, options, cause, onHostUnreachable });
    return 'sent';
  }

  close(): void {
    this.closed = true;
  }
}

export class FakePacketSocket implements PacketSocket {
  readonly sent: { at: number; frame: Uint8Array; cause: number }[] = [];
  closed = false;

  constructor(
    private readonly app: FakeApp,
    readonly iface: Readonly<NetInterface>,
    readonly receiver: ArpReceiver,
  ) {}

  send(frame: Uint8Array, cause: number): boolean {
    if (!this.iface.up) return false;
    this.sent.push({ at: this.app.now, frame, cause });
    return true;
  }

  close(): void {
    this.closed = true;
  }
}

export class FakeApp implements AppContext {
  now = 0;
  readonly lines: Line[] = [];
  /** What randomInt returns, in turn; once empty, the low end of the range asked for. */
  readonly randoms: number[] = [];
  readonly randomRanges: [number, number][] = [];
  readonly routes = new Map<Ipv4, RouteInfo>();
  readonly fib = new Map<Ipv4, FibRoute>();
  readonly links = new Map<string, NetInterface>();
  readonly pingSockets: FakePingSocket[] = [];
  readonly udpSockets: FakeUdpSocket[] = [];
  readonly packetSockets: FakePacketSocket[] = [];
  /** UDP ports openUdp hands out, in turn. */
  nextUdpPort = 40000;
  private readonly timers: { at: number; order: number; run: () => void }[] = [];
  private order = 0;

  schedule<T>(at: number, handler: (arg: T) => void, arg: T): void {
    this.timers.push({ at, order: this.order++, run: () => handler(arg) });
  }

  /** Runs `fn` at virtual time `at`, in turn with the program's own timers. */
  at(at: number, fn: () => void): void {
    this.schedule(at, fn, undefined);
  }

  /** Runs every timer due up to `t`, by time and then by when it was set (the event queue's order). */
  runUntil(t: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers[0];
      if (!next || next.at > t) break;
      this.timers.shift();
      this.now = next.at;
      next.run();
    }
    this.now = t;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  randomInt(low: number, high: number): number {
    this.randomRanges.push([low, high]);
    return this.randoms.shift() ?? low;
  }

  print(text: string, cause: number): void {
    this.lines.push({ at: this.now, text, cause });
  }

  printError(text: string, cause: number): void {
    this.lines.push({ at: this.now, text, cause, stderr: true });
  }

  routeGet(dst: Ipv4): RouteInfo | undefined {
    return this.routes.get(dst);
  }

  fibLookup(dst: Ipv4): FibRoute | undefined {
    return this.fib.get(dst);
  }

  link(name: string): Readonly<NetInterface> | undefined {
    return this.links.get(name);
  }

  openPing(identifier: number, receiver: PingReceiver): PingSocket {
    const socket = new FakePingSocket(this, identifier, receiver);
    this.pingSockets.push(socket);
    return socket;
  }

  openUdp(onError: (error: SocketError) => void): UdpSocket {
    const socket = new FakeUdpSocket(this, this.nextUdpPort++, onError);
    this.udpSockets.push(socket);
    return socket;
  }

  openArp(iface: Readonly<NetInterface>, receiver: ArpReceiver): PacketSocket {
    const socket = new FakePacketSocket(this, iface, receiver);
    this.packetSockets.push(socket);
    return socket;
  }

  texts(): string[] {
    return this.lines.map((l) => l.text);
  }
}

/** The IP header of the echo reply `from` sends for `request` (its identifier, sequence and data), as the stack hands it to a ping socket. */
export function echoReplyHeader(request: IcmpEcho, from: Ipv4, to: Ipv4, ttl = 64): Ipv4Header {
  const reply = emitIcmpEcho(IcmpType.EchoReply, request.identifier, request.sequence, request.data);
  return parseIpv4Header(
    emitIpv4({ identification: 1, dontFragment: false, ttl, protocol: IpProtocol.ICMP, src: from, dst: to }, reply),
    0,
  );
}
