/**
 * Which capture format a file gets: the one asked for, else the one its name
 * says. Wireshark and tcpdump users name classic files `.pcap` and expect them
 * to be classic pcap (libpcap's format), so `-o x.pcap` must not hold pcapng.
 */

export const CAPTURE_FORMATS = ['pcapng', 'pcap'] as const;

export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];

/** `format` when given; otherwise pcap for a `.pcap` name (any case), pcapng for anything else. */
export function captureFormatFor(path: string, format?: CaptureFormat): CaptureFormat {
  if (format !== undefined) return format;
  return /\.pcap$/i.test(path) ? 'pcap' : 'pcapng';
}
