import { describe, expect, it } from 'vitest';
import { PathMtuCache } from '../../src/tables/path-mtu-cache.js';
import { parseIpv4 } from '../../src/wire/ipv4-address.js';

// __ip_rt_update_pmtu's rules (net/ipv4/route.c), with a fresh namespace's
// mtu_expires 600 s and min_pmtu 552 (oracle P1-pmtu's sysctl block).
const DST = parseIpv4('10.0.8.1');
const HOP = { device: 'eth0', gateway: parseIpv4('10.0.7.254') };
const S = 1e9;

describe('PathMtuCache', () => {
  it('keeps a reported MTU for 600 s, then forgets it', () => {
    const cache = new PathMtuCache();
    cache.update(DST, HOP, 1400, 1500, 2 * S);
    expect(cache.lookup(DST, HOP, 602 * S)?.mtu).toBe(1400);
    expect(cache.lookup(DST, HOP, 602 * S + 1)).toBeUndefined();
    expect(cache.entries(602 * S + 1)).toEqual([]);
  });

  it('ignores an MTU above the path MTU it has, and belongs to its next hop', () => {
    const cache = new PathMtuCache();
    cache.update(DST, HOP, 1400, 1500, 0);
    expect(cache.update(DST, HOP, 1450, 1400, S)).toBeUndefined();
    expect(cache.lookup(DST, { device: 'eth1', gateway: undefined }, S)).toBeUndefined();
  });

  it('raises an MTU under min_pmtu to 552 and locks it', () => {
    const cache = new PathMtuCache();
    expect(cache.update(DST, HOP, 300, 1500, 0)).toMatchObject({ mtu: 552, locked: true });
  });

  it('renews the same MTU only once half its life is gone', () => {
    const cache = new PathMtuCache();
    cache.update(DST, HOP, 1400, 1500, 0);
    expect(cache.update(DST, HOP, 1400, 1400, 299 * S)).toBeUndefined();
    expect(cache.update(DST, HOP, 1400, 1400, 301 * S)?.expiresAt).toBe(901 * S);
  });
});
