/**
 * Durations and rates as the topology file writes them (SPEC §1):
 * durations in ns, us, ms, s; rates in bps, Kbps, Mbps, Gbps.
 * Each parser returns undefined for text it does not accept, so the caller
 * can name the place in the file.
 */
const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
const RATE_UNITS: Record<string, number> = { bps: 1, kbps: 1e3, mbps: 1e6, gbps: 1e9 };

/** '5us' -> 5000 (ns). A bare number is seconds, as ping's -i and -W take it. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.round(text * 1e9) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|ms|s)?\s*$/.exec(text);
  if (!m) return undefined;
  const unit = DURATION_UNITS[m[2] ?? 's']!;
  return Math.round(Number(m[1]) * unit);
}

/** '100Mbps' -> 100000000 (bits per second). */
export function parseRate(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? text : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?bps)\s*$/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!;
  return value > 0 ? value : undefined;
}
