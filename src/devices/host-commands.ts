import { emitEthernet } from '../wire/ethernet.js';
import { formatIpv4 } from '../wire/ipv4-address.js';
import type { Command } from '../topology/command.js';
import { staticRoute } from '../tables/fib.js';
import {
  addAddress,
  addRoute,
  flushNeighbours,
  interfaceCarrier,
  interfaceDown,
  interfaceUp,
  removeAddress,
  removeRoute,
  setForwarding,
} from './host-config.js';
import type { HostStack } from './host-stack.js';
import type { ProgramCommand } from './programs.js';

/** What a namespace runs as a configuration command rather than as a program. */
export type HostCommand = Exclude<Command, ProgramCommand>;

/**
 * The configuration commands a namespace runs (`ip link set`, `ip addr`,
 * `ip route`, `ip neigh flush`, `sysctl`), with the messages Linux prints when
 * it refuses one.
 */
export function runHostCommand(host: HostStack, command: HostCommand, seq: number): void {
  const print = (text: string): void => {
    host.ctx.emit({
      kind: 'app',
      node: host.name,
      cause: seq,
      text,
      channel: 'stdout',
      why: `${host.name} prints what the command answered`,
    });
  };
  switch (command.name) {
    case 'link-set':
      return setLink(host, command.dev, command.up, seq, print, command.carrier);
    case 'addr': {
      const iface = host.interfaces.get(command.dev);
      if (!iface) return print(`Cannot find device "${command.dev}"`);
      const i = iface.addresses.findIndex((a) => a.address === command.cidr.address);
      if (command.op === 'add' && i >= 0) return print('RTNETLINK answers: File exists');
      if (command.op === 'del' && i < 0) return print('RTNETLINK answers: Cannot assign requested address');
      linkEvent(
        host,
        command.dev,
        iface.up,
        seq,
        `${host.name} ${command.op === 'add' ? 'adds' : 'removes'} ${formatIpv4(command.cidr.address)}/${command.cidr.prefixLength} ${command.op === 'add' ? 'to' : 'from'} ${command.dev}`,
      );
      if (command.op === 'add') addAddress(host, iface, command.cidr, seq);
      else removeAddress(host, iface, i, seq);
      return;
    }
    case 'route': {
      if (command.op === 'del') {
        const gone = removeRoute(
          host,
          {
            destination: command.destination,
            prefixLength: command.prefixLength,
            ...(command.via !== undefined && { gateway: command.via }),
            ...(command.dev !== undefined && { device: command.dev }),
            ...(command.metric !== undefined && { metric: command.metric }),
          },
          seq,
        );
        if (!gone) print('RTNETLINK answers: No such process');
        return;
      }
      const route = staticRoute(host.routes, command);
      if (!route || !host.interfaces.has(route.device))
        return print(command.dev ? `Cannot find device "${command.dev}"` : 'Error: Nexthop has invalid gateway.');
      if (addRoute(host, route, seq, command.op === 'append') === 'exists') print('RTNETLINK answers: File exists');
      return;
    }
    case 'neigh-flush':
      return flushNeighbours(host, undefined, seq);
    case 'ip-forward':
      print(`net.ipv4.ip_forward = ${command.on ? 1 : 0}`);
      return setForwarding(host, command.on, seq);
    case 'send': {
      const iface = host.interfaces.get(command.iface);
      if (!iface) return print(`send: ${command.iface}: No such device`);
      const payload = new TextEncoder().encode(command.payload);
      for (let i = 0; i < command.count; i++) {
        const bytes = emitEthernet({ dst: command.dst, src: iface.mac, etherType: command.etherType }, payload);
        if (iface.up) host.ctx.send(iface.name, host.ctx.newFrame(bytes), seq);
      }
      return;
    }
    case 'fdb-flush':
      return print(`hoplab: '${command.name}' is not supported on a ${host.kind} yet`);
  }
}

function setLink(host: HostStack, dev: string, up: boolean, seq: number, print: (t: string) => void, carrier?: boolean): void {
  if (dev === 'lo') {
    host.loUp = up;
    linkEvent(host, 'lo', up, seq, `${host.name} sets lo ${up ? 'up: 127.0.0.1 now answers' : 'down'}`);
    return;
  }
  const iface = host.interfaces.get(dev);
  if (!iface) return print(`Cannot find device "${dev}"`);
  if (iface.up === up) return;
  iface.up = up;
  const linkSeq = linkEvent(host, dev, up, seq, `${host.name} sets ${dev} ${up ? 'up' : 'down'}`) || seq;
  // What follows from the link's state is the link's doing: its connected routes back, or (fib_disable_ip, neigh_ifdown) its routes and neighbours gone.
  // Up with no carrier (its cable's far end is down): announced NO-CARRIER, its routes linkdown (oracle C1-carrier).
  if (up && !(carrier ?? host.ctx.carrier(dev))) interfaceCarrier(host, iface, false, linkSeq);
  if (up) interfaceUp(host, iface, linkSeq);
  else interfaceDown(host, iface, linkSeq);
}

function linkEvent(host: HostStack, port: string, up: boolean, cause: number, why: string): number {
  return host.ctx.emit({ kind: 'link', node: host.name, port, cause, state: up ? 'up' : 'down', why });
}
