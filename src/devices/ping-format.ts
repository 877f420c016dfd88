/**
 * ping's printed text, as iputils 20221126 prints it (ping_common.c):
 * times in microseconds, shown with the precision iputils picks for their size.
 */
export function formatTripTime(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

function msWithMicros(us: number): string {
  return `${Math.floor(us / 1000)}.${String(Math.floor(us % 1000)).padStart(3, '0')}`;
}

export interface PingStatistics {
  destination: string;
  transmitted: number;
  received: number;
  errors: number;
  /** Time from the start to the last transmission, in ms (iputils' "time"). */
  elapsedMs: number;
  /** Round-trip times in microseconds. */
  rtts: RttSums;
  /** Whether round trips were timed (a payload of 16 bytes or more): without, no rtt figures. */
  timing: boolean;
  pipe: number;
}

/**
 * Round-trip times as iputils keeps them (ping_common.c gather_statistics):
 * running sums, a minimum and a maximum, so a ping of any count holds no list.
 */
export class RttSums {
  count = 0;
  sum = 0;
  sum2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  add(us: number): void {
    this.count++;
    this.sum += us;
    this.sum2 += us * us;
    if (us < this.min) this.min = us;
    if (us > this.max) this.max = us;
  }
}

/** The lines ping prints when it ends, starting with the blank line before `---`. */
export function statisticsLines(s: PingStatistics): string[] {
  const lines = ['', `--- ${s.destination} ping statistics ---`];
  let line = `${s.transmitted} packets transmitted, ${s.received} received`;
  if (s.errors) line += `, +${s.errors} errors`;
  if (s.transmitted) {
    const loss = ((s.transmitted - s.received) * 100) / s.transmitted;
    line += `, ${formatPercent(loss)}% packet loss, time ${s.elapsedMs}ms`;
  }
  lines.push(line);
  let last = '';
  // finish(): the rtt figures need replies and timing; the line (maybe empty) ends either way.
  if (s.received && s.timing) {
    const { count: n, sum, sum2, min, max } = s.rtts;
    const avg = Math.floor(sum / n);
    const mdev = Math.floor(Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2)));
    last = `rtt min/avg/max/mdev = ${msWithMicros(min)}/${msWithMicros(avg)}/${msWithMicros(max)}/${msWithMicros(mdev)} ms`;
  }
  if (s.pipe > 1) last += `${last ? ', ' : ''}pipe ${s.pipe}`;
  lines.push(last);
  return lines;
}

/** printf's %g for a loss percentage: 0, 50, 33.3333, 100. */
function formatPercent(x: number): string {
  return String(Number(x.toPrecision(6)));
}
