/**
 * tcpdump's default timestamp (print.c, ts_format with -t unset): the time of
 * day, `HH:MM:SS.uuuuuu`, in the local zone. hoplab's time 0 is the capture
 * start (capture-start.ts, 2000-01-01 00:00:00 UTC, a midnight), shown in UTC,
 * so a line's stamp is the virtual time of day; microseconds are truncated, as
 * libpcap hands tcpdump a struct timeval.
 */
export function tcpdumpTime(ns: number): string {
  const seconds = Math.floor(ns / 1e9);
  const micros = Math.floor((ns % 1e9) / 1e3);
  const day = seconds % 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(day / 3600))}:${two(Math.floor(day / 60) % 60)}:${two(day % 60)}.${String(micros).padStart(6, '0')}`;
}
