import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RouteTable, describeRoute, type Route } from '../../src/tables/route-table.js';
import { parseIpv4, prefixMask, type Ipv4 } from '../../src/wire/ipv4-address.js';

const ip = parseIpv4;

function connected(cidr: string, device: string, src: string, metric = 0): Route {
  const [net, len] = cidr.split('/');
  return { destination: ip(net!), prefixLength: Number(len), device, source: ip(src), kind: 'connected', metric };
}

function via(cidr: string, gateway: string, device: string, metric = 0): Route {
  const [net, len] = cidr.split('/');
  return { destination: ip(net!), prefixLength: Number(len), gateway: ip(gateway), device, kind: 'static', metric };
}

function shown(t: RouteTable): string[] {
  return t.routes().map(describeRoute);
}

describe('RouteTable longest-prefix match (RFC 1812 5.2.4.3)', () => {
  const table = (): RouteTable => {
    const t = new RouteTable();
    t.add(via('0.0.0.0/0', '10.0.0.254', 'eth0'));
    t.add(connected('10.0.0.0/24', 'eth0', '10.0.0.1'));
    t.add(via('10.0.0.5/32', '10.0.0.9', 'eth0'));
    t.add(connected('192.168.1.0/24', 'eth1', '192.168.1.1'));
    return t;
  };

  it('picks /32 over /24 over the default', () => {
    const t = table();
    expect(describeRoute(t.lookup(ip('10.0.0.5'))!)).toBe('10.0.0.5 via 10.0.0.9 dev eth0');
    expect(describeRoute(t.lookup(ip('10.0.0.6'))!)).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1');
    expect(describeRoute(t.lookup(ip('8.8.8.8'))!)).toBe('default via 10.0.0.254 dev eth0');
  });

  it('matches addresses with the top bit set (unsigned arithmetic)', () => {
    const t = table();
    expect(t.lookup(ip('192.168.1.77'))?.device).toBe('eth1');
    expect(t.lookup(ip('192.168.2.77'))?.device).toBe('eth0');
    expect(t.lookup(ip('255.255.255.255'))?.gateway).toBe(ip('10.0.0.254'));
  });

  it('answers undefined ("Network is unreachable") with no covering route', () => {
    const t = new RouteTable();
    t.add(connected('10.0.0.0/24', 'eth0', '10.0.0.1'));
    expect(t.lookup(ip('10.0.1.1'))).toBeUndefined();
    expect(new RouteTable().lookup(ip('10.0.0.1'))).toBeUndefined();
  });

  it('a longer prefix wins even against a lower metric', () => {
    const t = new RouteTable();
    t.add(via('10.1.0.0/16', '10.0.0.1', 'eth0', 0));
    t.add(via('10.1.2.0/24', '10.0.0.2', 'eth0', 1000));
    expect(t.lookup(ip('10.1.2.3'))?.gateway).toBe(ip('10.0.0.2'));
    expect(t.lookup(ip('10.1.3.3'))?.gateway).toBe(ip('10.0.0.1'));
  });

  it('breaks a tie between equal prefixes by the lower metric, whatever the insertion order', () => {
    const t = new RouteTable();
    expect(t.add(via('10.0.2.0/24', '10.0.1.1', 'eth0', 100))).toBe('ok');
    expect(t.add(via('10.0.2.0/24', '10.0.1.2', 'eth0', 50))).toBe('ok');
    expect(t.add(via('10.0.2.0/24', '10.0.1.3', 'eth0', 200))).toBe('ok');
    expect(t.lookup(ip('10.0.2.9'))?.gateway).toBe(ip('10.0.1.2'));
    t.remove({ destination: ip('10.0.2.0'), prefixLength: 24, gateway: ip('10.0.1.2') });
    expect(t.lookup(ip('10.0.2.9'))?.gateway).toBe(ip('10.0.1.1'));
  });

  it('refuses an exact duplicate (same destination, length and metric) as "File exists", whatever the gateway', () => {
    const t = new RouteTable();
    expect(t.add(via('10.0.2.0/24', '10.0.1.1', 'eth0'))).toBe('ok');
    expect(t.add(via('10.0.2.0/24', '10.0.1.1', 'eth0'))).toBe('exists');
    expect(t.add(via('10.0.2.0/24', '10.0.1.7', 'eth1'))).toBe('exists');
    expect(t.size).toBe(1);
    expect(t.lookup(ip('10.0.2.1'))?.gateway).toBe(ip('10.0.1.1'));
    expect(t.add(via('10.0.2.0/23', '10.0.1.7', 'eth1'))).toBe('ok');
  });

  it('rejects what the kernel rejects', () => {
    const t = new RouteTable();
    expect(() => t.add(via('10.0.0.1/24', '10.0.0.254', 'eth0'))).toThrow(/Invalid prefix/);
    expect(() => t.add({ ...via('10.0.0.0/24', '10.0.0.254', 'eth0'), prefixLength: 33 })).toThrow(RangeError);
    expect(() => t.add({ ...connected('10.0.0.0/24', 'eth0', '10.0.0.1'), gateway: ip('10.0.0.2') })).toThrow(RangeError);
    expect(() => t.add({ ...via('10.0.0.0/24', '10.0.0.254', 'eth0'), metric: -1 })).toThrow(RangeError);
    expect(t.size).toBe(0);
  });

  it('keeps its own frozen copy of a route', () => {
    const t = new RouteTable();
    const r = via('10.0.2.0/24', '10.0.1.1', 'eth0');
    t.add(r);
    r.device = 'eth9';
    const found = t.lookup(ip('10.0.2.1'))!;
    expect(found.device).toBe('eth0');
    expect(Object.isFrozen(found)).toBe(true);
  });
});

describe('RouteTable remove and removeByDevice', () => {
  it('remove deletes the lowest-metric route matching every given field', () => {
    const t = new RouteTable();
    t.add(via('10.0.2.0/24', '10.0.1.1', 'eth0', 10));
    t.add(via('10.0.2.0/24', '10.0.1.2', 'eth1', 20));
    t.add(via('10.0.2.0/24', '10.0.1.3', 'eth1', 30));
    const dst = ip('10.0.2.0');
    expect(t.remove({ destination: dst, prefixLength: 24, gateway: ip('10.0.9.9') })).toBeUndefined();
    expect(t.remove({ destination: dst, prefixLength: 23 })).toBeUndefined();
    expect(t.remove({ destination: dst, prefixLength: 24, device: 'eth1' })?.metric).toBe(20);
    expect(t.remove({ destination: dst, prefixLength: 24, metric: 30 })?.gateway).toBe(ip('10.0.1.3'));
    expect(t.remove({ destination: dst, prefixLength: 24 })?.metric).toBe(10);
    expect(t.size).toBe(0);
    expect(t.lookup(ip('10.0.2.1'))).toBeUndefined();
    expect(t.routes()).toEqual([]);
  });

  it('removeByDevice drops every route out of that interface, in listing order', () => {
    const t = new RouteTable();
    t.add(via('0.0.0.0/0', '10.0.0.254', 'eth0'));
    t.add(via('172.16.0.0/12', '192.168.1.254', 'eth1'));
    t.add(connected('192.168.1.0/24', 'eth1', '192.168.1.1'));
    t.add(connected('10.0.0.0/24', 'eth0', '10.0.0.1'));
    expect(t.removeByDevice('eth1').map(describeRoute)).toEqual([
      '172.16.0.0/12 via 192.168.1.254 dev eth1',
      '192.168.1.0/24 dev eth1 proto kernel scope link src 192.168.1.1',
    ]);
    expect(t.lookup(ip('192.168.1.5'))?.gateway).toBe(ip('10.0.0.254'));
    expect(shown(t)).toEqual(['default via 10.0.0.254 dev eth0', '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1']);
    expect(t.removeByDevice('eth1')).toEqual([]);
  });
});

describe('ip route show', () => {
  it('lists default first, then by destination, longer prefix and lower metric first', () => {
    const t = new RouteTable();
    t.add(connected('192.168.1.0/24', 'eth1', '192.168.1.1'));
    t.add(via('10.0.0.0/8', '10.0.0.254', 'eth0'));
    t.add(via('10.0.2.0/24', '10.0.1.1', 'eth0', 100));
    t.add(connected('10.0.0.0/24', 'eth0', '10.0.0.1'));
    t.add(via('10.0.2.0/24', '10.0.1.2', 'eth0', 20));
    t.add(via('0.0.0.0/0', '10.0.0.254', 'eth0'));
    expect(shown(t)).toEqual([
      'default via 10.0.0.254 dev eth0',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1',
      '10.0.0.0/8 via 10.0.0.254 dev eth0',
      '10.0.2.0/24 via 10.0.1.2 dev eth0 metric 20',
      '10.0.2.0/24 via 10.0.1.1 dev eth0 metric 100',
      '192.168.1.0/24 dev eth1 proto kernel scope link src 192.168.1.1',
    ]);
  });

  it('describes each kind of route as iproute2 prints it', () => {
    expect(describeRoute(via('0.0.0.0/0', '10.0.0.254', 'eth0'))).toBe('default via 10.0.0.254 dev eth0');
    expect(describeRoute(connected('10.0.0.0/24', 'eth0', '10.0.0.1'))).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1');
    expect(describeRoute(via('10.0.2.0/24', '10.0.1.1', 'eth0'))).toBe('10.0.2.0/24 via 10.0.1.1 dev eth0');
    expect(describeRoute(via('10.0.2.0/24', '10.0.1.1', 'eth0', 100))).toBe('10.0.2.0/24 via 10.0.1.1 dev eth0 metric 100');
    expect(describeRoute(via('10.9.9.9/32', '10.0.1.1', 'eth0'))).toBe('10.9.9.9 via 10.0.1.1 dev eth0');
    expect(describeRoute({ destination: ip('10.0.3.0'), prefixLength: 24, device: 'eth1', kind: 'static', metric: 0 })).toBe(
      '10.0.3.0/24 dev eth1 scope link',
    );
    expect(describeRoute({ destination: 0, prefixLength: 0, device: 'ppp0', kind: 'static', metric: 0 })).toBe(
      'default dev ppp0 scope link',
    );
    expect(describeRoute(connected('10.0.0.0/24', 'eth0', '10.0.0.1', 100))).toBe(
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 metric 100',
    );
  });
});

// ---- property test against a naive linear scan ---------------------------------------

const SEEDS: Ipv4[] = ['0.0.0.0', '10.0.0.0', '10.0.1.7', '10.1.2.3', '128.0.0.1', '192.168.1.77', '255.255.255.255'].map(ip);
/** The order `ip route show` lists routes in; see RouteTable.routes(). */
const listingOrder = (a: Route, b: Route): number =>
  a.destination - b.destination || b.prefixLength - a.prefixLength || a.metric - b.metric;
const DEVICES = ['eth0', 'eth1', 'eth2'];
const GATEWAYS: Ipv4[] = ['10.0.0.254', '10.0.1.1'].map(ip);

const addrArb: fc.Arbitrary<Ipv4> = fc.oneof(
  fc.constantFrom(...SEEDS),
  fc.integer({ min: 0, max: 0xffffffff }),
  // near a seed: shares its high bits, differs low
  fc.tuple(fc.constantFrom(...SEEDS), fc.integer({ min: 0, max: 0xffff })).map(([s, x]) => (s ^ x) >>> 0),
);
const net = (a: Ipv4, len: number): Ipv4 => (a & prefixMask(len)) >>> 0;

type RouteOp =
  | { op: 'add'; addr: Ipv4; len: number; gw: number; dev: number; metric: number }
  | { op: 'remove'; addr: Ipv4; len: number; gw: number; dev: number; metric: number }
  | { op: 'removeByDevice'; dev: number };

const fields = {
  addr: addrArb,
  len: fc.oneof(fc.constantFrom(0, 8, 16, 24, 32), fc.integer({ min: 0, max: 32 })),
  gw: fc.integer({ min: -1, max: GATEWAYS.length - 1 }),
  dev: fc.integer({ min: -1, max: DEVICES.length - 1 }),
  metric: fc.integer({ min: -1, max: 3 }),
};
const routeOpArb: fc.Arbitrary<RouteOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add' as const), ...fields }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), ...fields }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('removeByDevice' as const), dev: fc.nat(DEVICES.length - 1) }), weight: 1 },
);

describe('RouteTable property', () => {
  it('lookup, add, remove and routes agree with a naive linear scan', () => {
    fc.assert(
      fc.property(fc.array(routeOpArb, { maxLength: 60 }), fc.array(addrArb, { maxLength: 30 }), (ops, probes) => {
        const t = new RouteTable();
        let model: Route[] = []; // insertion order
        for (const o of ops) {
          if (o.op === 'add') {
            const r: Route = {
              destination: net(o.addr, o.len),
              prefixLength: o.len,
              device: DEVICES[Math.max(0, o.dev)]!,
              kind: o.gw < 0 ? 'connected' : 'static',
              metric: Math.max(0, o.metric),
            };
            if (o.gw >= 0) r.gateway = GATEWAYS[o.gw]!;
            const dup = model.some((m) => m.destination === r.destination && m.prefixLength === r.prefixLength && m.metric === r.metric);
            expect(t.add(r)).toBe(dup ? 'exists' : 'ok');
            if (!dup) model.push({ ...r });
          } else if (o.op === 'remove') {
            const match = {
              destination: net(o.addr, o.len),
              prefixLength: o.len,
              ...(o.gw >= 0 ? { gateway: GATEWAYS[o.gw]! } : {}),
              ...(o.dev >= 0 ? { device: DEVICES[o.dev]! } : {}),
              ...(o.metric >= 0 ? { metric: o.metric } : {}),
            };
            const candidates = model
              .filter(
                (m) =>
                  m.destination === match.destination &&
                  m.prefixLength === match.prefixLength &&
                  (match.gateway === undefined || m.gateway === match.gateway) &&
                  (match.device === undefined || m.device === match.device) &&
                  (match.metric === undefined || m.metric === match.metric),
              )
              .sort((a, b) => a.metric - b.metric);
            const victim = candidates[0];
            expect(t.remove(match)).toEqual(victim);
            model = model.filter((m) => m !== victim);
          } else {
            const dev = DEVICES[o.dev]!;
            const gone = model.filter((m) => m.device === dev);
            gone.sort(listingOrder);
            expect(t.removeByDevice(dev)).toEqual(gone);
            model = model.filter((m) => m.device !== dev);
          }
        }

        for (const dst of [...probes, ...SEEDS]) {
          let best: Route | undefined;
          for (const m of model) {
            if (net(dst, m.prefixLength) !== m.destination) continue;
            if (
              best === undefined ||
              m.prefixLength > best.prefixLength ||
              (m.prefixLength === best.prefixLength && m.metric < best.metric)
            ) {
              best = m;
            }
          }
          expect(t.lookup(dst)).toEqual(best);
        }
        expect(t.size).toBe(model.length);
        expect(t.routes()).toEqual([...model].sort(listingOrder));
      }),
      { numRuns: 500 },
    );
  });
});

describe('RouteTable renameDevice (ip link set X name N)', () => {
  it("keeps the renamed device's routes where they were among appended ones, and lookups and deletions find them by the new name", () => {
    const t = new RouteTable();
    t.add(connected('10.0.9.0/24', 'eth0', '10.0.9.1'));
    t.add(connected('10.0.8.0/24', 'eth1', '10.0.8.1'));
    t.add(via('10.0.10.0/24', '10.0.9.2', 'eth0'));
    expect(t.add(via('10.0.10.0/24', '10.0.8.2', 'eth1'), true)).toBe('ok');
    expect(t.add(via('10.0.10.0/24', '10.0.9.3', 'eth0'), true)).toBe('ok');
    t.renameDevice('eth0', 'uplink');
    expect(shown(t)).toEqual([
      '10.0.8.0/24 dev eth1 proto kernel scope link src 10.0.8.1',
      '10.0.9.0/24 dev uplink proto kernel scope link src 10.0.9.1',
      '10.0.10.0/24 via 10.0.9.2 dev uplink',
      '10.0.10.0/24 via 10.0.8.2 dev eth1',
      '10.0.10.0/24 via 10.0.9.3 dev uplink',
    ]);
    expect(t.lookup(ip('10.0.10.7'))?.device).toBe('uplink');
    expect(t.routesOf('eth0')).toEqual([]);
    expect(t.removeByDevice('uplink').map(describeRoute)).toEqual([
      '10.0.9.0/24 dev uplink proto kernel scope link src 10.0.9.1',
      '10.0.10.0/24 via 10.0.9.2 dev uplink',
      '10.0.10.0/24 via 10.0.9.3 dev uplink',
    ]);
  });
});
