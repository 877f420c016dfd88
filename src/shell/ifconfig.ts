import { parseIpv4, prefixMask, tryParseIpv4, type Cidr } from '../wire/ipv4-address.js';
import { setAddress } from './ip-addr.js';
import { ipLink } from './ip-link.js';
import { unsupported, type Shell } from './shell.js';

/** What an `ifconfig` line asks for; pure, so a fold over a recording's command events can read it too. */
export type IfconfigRequest = { dev: string; cidr?: Cidr; up?: boolean } | { dev?: string; error: string; supported: boolean };

/**
 * net-tools `ifconfig X [A.B.C.D[/N]] [netmask M] [up|down]`. An address
 * without a prefix gets its class's (inet_abc_len: /8, /16, /24); setting an
 * address also sets IFF_UP, as ifconfig does after SIOCSIFADDR.
 */
export function parseIfconfig(args: string[]): IfconfigRequest {
  const [dev, ...rest] = args;
  if (dev === undefined || rest.length === 0)
    return { error: 'hoplab does not print ifconfig listings; use ip addr show', supported: false };
  let cidr: Cidr | undefined;
  let up: boolean | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === 'up' || w === 'down') up = w === 'up';
    else if (w === 'netmask' && cidr && tryParseIpv4(rest[i + 1] ?? '') !== undefined)
      cidr = { address: cidr.address, prefixLength: maskLength(parseIpv4(rest[++i]!)) };
    else if (cidr === undefined && /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(w)) {
      const [a, len] = w.split('/');
      const address = tryParseIpv4(a!);
      if (address === undefined || (len !== undefined && Number(len) > 32)) return { dev, error: `${w}: Unknown host`, supported: true };
      cidr = { address, prefixLength: len === undefined ? classfulLength(address) : Number(len) };
    } else return { dev, error: `hoplab does not support '${w}' in ifconfig`, supported: false };
  }
  if (cidr) up ??= true;
  return { dev, ...(cidr && { cidr }), ...(up !== undefined && { up }) };
}

/** ifconfig: the address replaces the interface's first one and gets a broadcast address. */
export function ifconfig(sh: Shell, args: string[]): number {
  const request = parseIfconfig(args);
  if ('error' in request) {
    if (!request.supported) return unsupported(sh, request.error);
    sh.err(request.error);
    return 1;
  }
  const link = sh.kernel.find(sh.ns, request.dev);
  if (!link) {
    sh.err(request.cidr ? 'SIOCSIFADDR: No such device' : `${request.dev}: ERROR while getting interface flags: No such device`);
    return 1;
  }
  const cidr = request.cidr;
  if (cidr) {
    const first = sh.kernel.addresses(link)[0];
    if (first?.address !== cidr.address) {
      if (first) setAddress(sh, link, 'del', first, false);
      const status = setAddress(sh, link, 'add', cidr, true);
      if (status !== 0) return status;
    }
  }
  return request.up === undefined ? 0 : (ipLink(sh, ['set', request.dev, request.up ? 'up' : 'down']) ?? 0);
}

/** inet_abc_len: the class A/B/C prefix an address without a netmask gets. */
function classfulLength(a: number): number {
  if (a >>> 31 === 0) return 8;
  if (a >>> 30 === 2) return 16;
  return 24;
}

function maskLength(mask: number): number {
  for (let len = 32; len >= 0; len--) if (prefixMask(len) === mask) return len;
  return 32;
}
