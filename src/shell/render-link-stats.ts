import type { LinkCounters } from './link-counters.js';

/**
 * Each column's least width in print_stats64 (iproute2 6.1 ip/ipaddress.c): the
 * first is `*X errors:`'s, the others their headings'. A value with more digits
 * widens its column in both rows (size_columns).
 */
const WIDTHS = ['*X errors:'.length, 'packets'.length, 'errors'.length, 'dropped'.length, 'heartbt'.length, 'overrun'.length];
/** The seventh column, `compressed`, is printed empty when nothing was compressed: its width in spaces ends each heading. */
const COMPRESSED = 'compressed'.length;

/**
 * What `ip -s` prints after a device (print_stats64, one -s): the RX and TX
 * headings and counters, each value right-aligned and followed by a space.
 * Errors, drops, misses, multicast, carrier errors and collisions are 0: a veth
 * and a bridge count none of them in what hoplab simulates (oracle I18S-stats).
 */
export function statsLines(c: LinkCounters): string[] {
  const rx = [c.rxBytes, c.rxPackets, 0, 0, 0, 0];
  const tx = [c.txBytes, c.txPackets, 0, 0, 0, 0];
  const widths = WIDTHS.map((w, i) => Math.max(w, String(rx[i]).length, String(tx[i]).length));
  const heading = (label: string, names: string[]): string =>
    `    ${label}: ${names.map((n, i) => n.padStart(i === 0 ? widths[0]! - 4 : widths[i]!)).join(' ')} ${''.padStart(COMPRESSED)}`;
  const values = (row: number[]): string => `    ${row.map((v, i) => `${String(v).padStart(widths[i]!)} `).join('')}`;
  return [
    heading('RX', ['bytes', 'packets', 'errors', 'dropped', 'missed', 'mcast']),
    values(rx),
    heading('TX', ['bytes', 'packets', 'errors', 'dropped', 'carrier', 'collsns']),
    values(tx),
  ];
}

/** `ip -s -j link`'s stats64 object (print_stats64's JSON keys at one -s). */
export function statsJson(c: LinkCounters): Record<string, unknown> {
  return {
    rx: { bytes: c.rxBytes, packets: c.rxPackets, errors: 0, dropped: 0, over_errors: 0, multicast: 0 },
    tx: { bytes: c.txBytes, packets: c.txPackets, errors: 0, dropped: 0, carrier_errors: 0, collisions: 0 },
  };
}
