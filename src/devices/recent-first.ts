/**
 * A few things a device keeps, most recently used first: the sentences it
 * said last and their hints (description-hint.ts). Small enough that a scan
 * beats any map, and nothing is allocated to use one.
 */

/** Moves `list[i]` to the front, those before it down one; returns it. */
export function toFront<T>(list: T[], i: number): T {
  const item = list[i]!;
  for (let j = i; j > 0; j--) list[j] = list[j - 1]!;
  list[0] = item;
  return item;
}

/** Puts `item` at the front, forgetting the last one when `list` already holds `size`; returns it. */
export function addFront<T>(list: T[], item: T, size: number): T {
  if (list.length === size) list.pop();
  list.unshift(item);
  return item;
}
