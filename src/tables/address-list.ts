import { type Cidr, networkOf } from '../wire/ipv4-address.js';

/**
 * An interface's IPv4 addresses as the kernel lists them (struct in_device's
 * ifa_list, net/ipv4/devinet.c): an address whose network and mask an
 * earlier one already has is that one's secondary (IFA_F_SECONDARY, shown by
 * `ip addr` as `secondary`); a primary goes after the last primary, a
 * secondary at the end (__inet_insert_ifa). Every address here has scope
 * global, so scope never reorders them. Pure: the list is passed in.
 */

/** Whether `b` is in `a`'s network with `a`'s mask (inet_ifa_match with equal ifa_mask). */
function sameSubnet(a: Cidr, b: Cidr): boolean {
  return a.prefixLength === b.prefixLength && networkOf(a.address, a.prefixLength) === networkOf(b.address, b.prefixLength);
}

/** Whether the address at `index` is a secondary: an earlier address has its network and mask. */
export function isSecondary(addresses: readonly Cidr[], index: number): boolean {
  const a = addresses[index]!;
  return addresses.slice(0, index).some((b) => sameSubnet(a, b));
}

/** Where __inet_insert_ifa puts a new address: at the end if it is a secondary, else after the last primary. */
export function insertionIndex(addresses: readonly Cidr[], a: Cidr): number {
  if (addresses.some((b) => sameSubnet(a, b))) return addresses.length;
  let last = 0;
  addresses.forEach((_, i) => {
    if (!isSecondary(addresses, i)) last = i + 1;
  });
  return last;
}

/**
 * The addresses that go with the one at `index` when it is deleted: with
 * promote_secondaries=0 (a fresh namespace's), a primary takes its
 * secondaries with it (__inet_del_ifa), in list order; a secondary goes alone.
 */
export function secondariesOf(addresses: readonly Cidr[], index: number): Cidr[] {
  if (isSecondary(addresses, index)) return [];
  const primary = addresses[index]!;
  return addresses.filter((b, i) => i > index && sameSubnet(primary, b));
}
