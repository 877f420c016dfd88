import type { RouteFact } from '../events/config-change.js';
import { formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../wire/ipv4-address.js';
import type { Route } from './route-table.js';

/** A route of the table as the recording states it (its device aside). */
export function routeFact(r: Route): RouteFact {
  const f: RouteFact = {
    destination: formatCidr({ address: r.destination, prefixLength: r.prefixLength }),
    proto: r.kind === 'connected' ? 'kernel' : 'boot',
    metric: r.metric,
  };
  if (r.gateway !== undefined) f.gateway = formatIpv4(r.gateway);
  if (r.source !== undefined) f.source = formatIpv4(r.source);
  return f;
}

/** The route a recording states, through `device`, as the table holds it. */
export function routeFromFact(device: string, f: RouteFact): Route {
  const { address, prefixLength } = parseCidr(f.destination);
  const r: Route = { destination: address, prefixLength, device, kind: f.proto === 'kernel' ? 'connected' : 'static', metric: f.metric };
  if (f.gateway !== undefined) r.gateway = parseIpv4(f.gateway);
  if (f.source !== undefined) r.source = parseIpv4(f.source);
  return r;
}
