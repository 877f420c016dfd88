import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addConnected,
  bootRoutes,
  deviceForGateway,
  rebuildDevice,
  removeDevice,
  staticRoute,
  type RouteChange,
} from '../../src/tables/fib.js';
import { RouteTable, describeRoute } from '../../src/tables/route-table.js';
import { parseCidr, parseIpv4, type Cidr } from '../../src/wire/ipv4-address.js';

const ip = parseIpv4;
const cidr = parseCidr;

function shown(t: RouteTable): string[] {
  return t.routes().map(describeRoute);
}

function copy(t: RouteTable): RouteTable {
  const c = new RouteTable();
  for (const r of t.routes()) c.add(r);
  return c;
}

/** What a follower of the announcements does: each change applied to its own copy of the table. */
function apply(t: RouteTable, changes: readonly RouteChange[]): void {
  for (const { op, route } of changes) {
    if (op === 'add') expect(t.add(route)).toBe('ok');
    else expect(t.remove(route)).toEqual(route);
  }
}

describe('the FIB reacting to addresses and interfaces (fib_frontend.c)', () => {
  it('boots a namespace: connected routes of its up interfaces, then statics through the gateways they reach', () => {
    const t = new RouteTable();
    bootRoutes(
      t,
      [
        { name: 'eth0', addresses: [cidr('10.0.0.1/24')], up: true },
        { name: 'eth1', addresses: [cidr('10.9.0.1/24')], up: false },
      ],
      [
        { destination: ip('10.7.0.0'), prefixLength: 16, via: ip('10.0.0.2') },
        { destination: ip('10.8.0.0'), prefixLength: 16, via: ip('10.9.0.2') },
        { destination: ip('0.0.0.0'), prefixLength: 0, dev: 'eth1' },
      ],
    );
    expect(shown(t)).toEqual([
      'default dev eth1 scope link',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1',
      '10.7.0.0/16 via 10.0.0.2 dev eth0',
    ]);
  });

  it('finds the interface a gateway is on only through a route without a gateway of its own', () => {
    const t = new RouteTable();
    addConnected(t, 'eth0', [cidr('10.0.0.1/24')]);
    t.add(staticRoute(t, { destination: ip('10.7.0.0'), prefixLength: 16, via: ip('10.0.0.2') })!);
    expect(deviceForGateway(t, ip('10.0.0.9'))).toBe('eth0');
    expect(deviceForGateway(t, ip('10.7.0.9'))).toBeUndefined();
    expect(staticRoute(t, { destination: ip('10.6.0.0'), prefixLength: 16, via: ip('10.7.0.9') })).toBeUndefined();
  });

  it('a second address in the same prefix adds no route; removing the first moves the route to the second', () => {
    const t = new RouteTable();
    expect(addConnected(t, 'eth0', [cidr('10.0.0.1/24'), cidr('10.0.0.5/24')]).map(describeRoute)).toEqual([
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1',
    ]);
    const changes = rebuildDevice(t, 'eth0', [cidr('10.0.0.5/24')], true);
    expect(changes.map((c) => `${c.op} ${describeRoute(c.route)}`)).toEqual([
      'del 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1',
      'add 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5',
    ]);
  });

  it('an interface going down takes every route through it', () => {
    const t = new RouteTable();
    addConnected(t, 'eth0', [cidr('10.0.0.1/24')]);
    addConnected(t, 'eth1', [cidr('10.9.0.1/24')]);
    t.add(staticRoute(t, { destination: ip('0.0.0.0'), prefixLength: 0, via: ip('10.9.0.2') })!);
    expect(removeDevice(t, 'eth1').map(describeRoute)).toEqual([
      'default via 10.9.0.2 dev eth1',
      '10.9.0.0/24 dev eth1 proto kernel scope link src 10.9.0.1',
    ]);
    expect(shown(t)).toEqual(['10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1']);
  });

  it('the changes a rebuild announces turn a copy of the table into the rebuilt table', () => {
    const addresses = fc.array(
      fc.record({ address: fc.integer({ min: 0x0a000001, max: 0x0a0003ff }), prefixLength: fc.constantFrom(22, 24, 30, 32) }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(addresses, addresses, fc.boolean(), fc.boolean(), (eth0, eth1, up, statics) => {
        const t = new RouteTable();
        addConnected(t, 'eth0', eth0 as Cidr[]);
        addConnected(t, 'eth1', eth1 as Cidr[]);
        if (statics) {
          const r = staticRoute(t, { destination: ip('0.0.0.0'), prefixLength: 0, via: eth0[0]?.address ?? 0 });
          if (r) t.add(r);
        }
        const follower = copy(t);
        apply(follower, rebuildDevice(t, 'eth0', eth0.slice(1) as Cidr[], up));
        expect(shown(follower)).toEqual(shown(t));
      }),
      { numRuns: 300 },
    );
  });
});
