/**
 * The AppContext a Host gives each program it runs: the device context's
 * clock, timers and random generator, an `app` event per printed line (on
 * stdout or stderr), the
 * stack's answers to `ip route get` and `ip link`, and its sockets.
 */
import type { Ipv4 } from '../wire/ipv4-address.js';
import type {
  AppContext,
  ArpReceiver,
  FibRoute,
  PacketSocket,
  PingReceiver,
  PingSocket,
  RouteInfo,
  SocketError,
  UdpSocket,
} from './app-context.js';
import type { HostStack } from './host-stack.js';
import type { NetInterface } from './net-interface.js';
import { ArpPacketSocket } from './packet-socket.js';
import type { PingSockets } from './ping-sockets.js';
import type { UdpSockets } from './udp-sockets.js';

export class HostAppContext implements AppContext {
  /** Every line the program prints says the same why: made once. */
  private readonly printWhy: string;

  constructor(
    private readonly stack: HostStack,
    private readonly pings: PingSockets,
    private readonly udp: UdpSockets,
    program: string,
  ) {
    this.printWhy = `${program} prints a line on ${stack.name}`;
  }

  get now(): number {
    return this.stack.ctx.now;
  }

  schedule<T>(at: number, handler: (arg: T) => void, arg: T): void {
    this.stack.ctx.schedule(at, handler, arg);
  }

  randomInt(low: number, high: number): number {
    return this.stack.ctx.rng.intBetween(low, high);
  }

  print(text: string, cause: number): void {
    this.stack.ctx.emit({ kind: 'app', node: this.stack.name, cause, text, channel: 'stdout', why: this.printWhy });
  }

  printError(text: string, cause: number): void {
    this.stack.ctx.emit({ kind: 'app', node: this.stack.name, cause, text, channel: 'stderr', why: this.printWhy });
  }

  routeGet(dst: Ipv4): RouteInfo | undefined {
    const path = this.stack.routeTo(dst);
    if (!path) return undefined;
    return { local: path.local, device: path.route?.device, source: this.stack.sourceFor(path.route, dst) };
  }

  fibLookup(dst: Ipv4): FibRoute | undefined {
    return this.stack.routes.lookup(dst);
  }

  link(name: string): Readonly<NetInterface> | undefined {
    return this.stack.interfaces.get(name);
  }

  openPing(identifier: number, receiver: PingReceiver): PingSocket {
    return this.pings.open(identifier, receiver);
  }

  openUdp(onError: (error: SocketError) => void): UdpSocket {
    return this.udp.open(onError);
  }

  openArp(iface: Readonly<NetInterface>, receiver: ArpReceiver): PacketSocket {
    return new ArpPacketSocket(this.stack, iface, receiver);
  }
}
