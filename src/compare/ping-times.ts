import type { SimEvent } from '../events/event.js';
import type { Pair } from './diff-report.js';
import { table } from './text-format.js';

/**
 * Ping's round-trip times, per host, per address pinged and per icmp_seq, as
 * ping printed them (`64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=8.23 ms`,
 * an `app` event): two topologies that forward alike can still differ in how
 * long the answer takes (a longer path, a slower link). Bounded by the
 * scenario: one number per reply.
 */
const REPLY = /^\d+ bytes from ([^\s:]+)(?: \([^)]*\))?: icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms/;

/** Host -> `ADDRESS icmp_seq=N` -> round-trip time in ms (the first reply; a duplicate is not a new time). */
export type PingTimes = Record<string, Record<string, number>>;

export function notePingTime(times: PingTimes, host: string, e: SimEvent): void {
  if (e.kind !== 'app' || e.text === undefined) return;
  const m = REPLY.exec(e.text);
  if (!m) return;
  const mine = (times[host] ??= {});
  const key = `${m[1]} icmp_seq=${m[2]}`;
  if (!(key in mine)) mine[key] = Number(m[3]);
}

/** Every host's replies as [A, B] pairs, in ms; null where that side printed no reply (lost, or not sent). */
export function pairPingTimes(a: PingTimes, b: PingTimes): Record<string, Record<string, Pair>> {
  const out: Record<string, Record<string, Pair>> = {};
  for (const host of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const [ta, tb] = [a[host] ?? {}, b[host] ?? {}];
    const keys = [...new Set([...Object.keys(ta), ...Object.keys(tb)])].sort(byAddressThenSeq);
    out[host] = Object.fromEntries(keys.map((k) => [k, [ta[k] ?? null, tb[k] ?? null] as Pair]));
  }
  return out;
}

function byAddressThenSeq(x: string, y: string): number {
  const [ax, sx] = x.split(' icmp_seq=');
  const [ay, sy] = y.split(' icmp_seq=');
  return ax === ay ? Number(sx) - Number(sy) : ax! < ay! ? -1 : 1;
}

/** One reply of one ping as the diff lists it: A's time, B's, and B - A (empty when a side has no reply). */
export interface PingTimeRow {
  host: string;
  address: string;
  /** `icmp_seq=N` */
  seq: string;
  a: string;
  b: string;
  change: string;
  differs: boolean;
}

/** Every reply of every host, in order, as words: `0.26 ms`, `no reply`, `+4.2 ms`. */
export function pingTimeRows(rtt: Record<string, Record<string, Pair>>): PingTimeRow[] {
  const ms = (v: number | null): string => (v === null ? 'no reply' : `${v} ms`);
  return Object.entries(rtt).flatMap(([host, replies]) =>
    Object.entries(replies).map(([key, [a, b]]) => {
      const [address, seq] = key.split(' ') as [string, string];
      const change = b !== null && a !== null ? `${b > a ? '+' : ''}${round(b - a)} ms` : '';
      return { host, address, seq, a: ms(a), b: ms(b), change, differs: a !== b };
    }),
  );
}

/** The text section: per host and address, each icmp_seq whose times differ, A's and B's. */
export function pingTimesText(rtt: Record<string, Record<string, Pair>>, names: [string, string]): string[] {
  const all = pingTimeRows(rtt);
  const differ = all.filter((r) => r.differs);
  if (!differ.length) return [];
  const rows: Array<string[] | string> = [];
  let to = '';
  for (const r of differ) {
    if (`${r.host} ${r.address}` !== to) rows.push(`  ${r.host} pinging ${r.address}`);
    to = `${r.host} ${r.address}`;
    rows.push([`    ${r.seq}`, r.a, r.b, r.change]);
  }
  const same = all.length - differ.length;
  const equal = same ? `; ${same} other ${same === 1 ? 'reply' : 'replies'} the same` : '';
  return ['', `ping round-trip times that differ${equal}`, ...table([['', `A ${names[0]}`, `B ${names[1]}`, 'B - A'], ...rows])];
}

/** A difference of two times ping printed with three decimals at most, without float noise. */
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
