import { describe, expect, it } from 'vitest';
import { insertionIndex, isSecondary, secondariesOf } from '../../src/tables/address-list.js';
import { parseCidr } from '../../src/wire/ipv4-address.js';

// __inet_insert_ifa and __inet_del_ifa (net/ipv4/devinet.c); the order and flags
// are oracle A1-addresses' (9.1, 10.1, 9.2 secondary, 9.3 secondary, 10.2 secondary).
const list = ['10.0.9.1/24', '10.0.10.1/24', '10.0.9.2/24', '10.0.9.3/24', '10.0.10.2/24'].map(parseCidr);

describe('address list', () => {
  it('flags an address secondary when an earlier one has its network and mask', () => {
    expect(list.map((_, i) => isSecondary(list, i))).toEqual([false, false, true, true, true]);
    expect(isSecondary([parseCidr('10.0.9.1/24'), parseCidr('10.0.9.2/16')], 1)).toBe(false);
  });

  it('puts a new primary after the last primary, a new secondary last', () => {
    expect(insertionIndex(list, parseCidr('10.0.11.1/24'))).toBe(2);
    expect(insertionIndex(list, parseCidr('10.0.10.3/24'))).toBe(5);
    expect(insertionIndex([], parseCidr('10.0.11.1/24'))).toBe(0);
  });

  it("deletes a primary's secondaries with it, a secondary alone", () => {
    expect(secondariesOf(list, 0)).toEqual([list[2], list[3]]);
    expect(secondariesOf(list, 2)).toEqual([]);
  });
});
