import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { oracleLines, runScriptLines, type ScriptRun } from '../helpers/oracle-script.js';
import { normalise } from '../shell/harness.js';

// Issue 18 item 6, `ip -s`, through the real CLI: `hoplab run` on
// test/fixtures/iproute-stats.sh, whose every line run-oracle-i6.sh ran on
// kernel 6.18 with iproute2 6.1 (oracle I18S-stats): the packet and byte
// counters of two hosts' veths, a bridge's ports and the bridge itself, and lo,
// as ARP and pings move frames, in the text, one-line and JSON forms.

const { lines: LINES, notes: NOTES } = oracleLines('iproute-stats.sh', 'oracle/I18S-stats/notes.txt');

/**
 * What hoplab does not simulate: each time br0 comes up, Linux's bridge joins
 * 224.0.0.106 (br_multicast_join_snoopers) and sends two 54-byte IGMPv3
 * reports, the second after a random delay, flooded to its ports that are up
 * by then. So the oracle's counters hold up to two more packets than
 * hoplab's, of 54 bytes each, on br0's TX, its ports' TX and the hosts' RX
 * (one run of the oracle counted two at s1 and one at s2), and nowhere else.
 */
const IGMP_REPORT = 54;
const IGMP_REPORTS = 2;
const IGMP_COUNTED: Record<string, 'RX' | 'TX'> = { eth0: 'RX', p1: 'TX', p2: 'TX', br0: 'TX' };

/** How many IGMP reports the oracle's (bytes, packets) hold beyond hoplab's: undefined unless that explains the whole difference. */
function reportsIn(oracle: [number, number], hoplab: [number, number]): number | undefined {
  const k = oracle[1] - hoplab[1];
  return k >= 0 && k <= IGMP_REPORTS && oracle[0] - hoplab[0] === k * IGMP_REPORT ? k : undefined;
}

/** The oracle's output with the IGMP reports its counters hold and hoplab's do not taken out, each number kept at its column's right edge. */
function withoutIgmp(oracle: string[], printed: string[]): string[] {
  // A one-line listing (-o) is the same lines joined by `\`.
  if (oracle.length === 1 && oracle[0]!.includes('\\'))
    return [withoutIgmp(oracle[0]!.split('\\'), printed[0]?.split('\\') ?? []).join('\\')];
  let device = '';
  return oracle.map((line, i) => {
    const ours = printed[i] ?? '';
    if (line.startsWith('[{') && ours.startsWith('[{')) return JSON.stringify(jsonWithoutIgmp(JSON.parse(line), JSON.parse(ours)));
    device = /^\d+: ([^:@]+)/.exec(line)?.[1] ?? device;
    const heading = /^ {4}(RX|TX):/.exec(oracle[i - 1] ?? '')?.[1];
    if (heading === undefined || IGMP_COUNTED[device] !== heading) return line;
    const k = reportsIn(numbers(line), numbers(ours));
    if (k === undefined) return line;
    let column = 0;
    return line.replace(/ *\d+ /g, (field) => {
      const value = Number(field) - (column === 0 ? k * IGMP_REPORT : column === 1 ? k : 0);
      column++;
      return `${String(value).padStart(field.length - 1)} `;
    });
  });
}

function numbers(row: string): [number, number] {
  const [bytes, packets] = row.trim().split(/ +/).map(Number);
  return [bytes ?? Number.NaN, packets ?? Number.NaN];
}

interface LinkJson {
  ifname: string;
  stats64: Record<'rx' | 'tx', { bytes: number; packets: number }>;
}

function jsonWithoutIgmp(oracle: LinkJson[], ours: LinkJson[]): LinkJson[] {
  return oracle.map((link, i) => {
    const side = IGMP_COUNTED[link.ifname]?.toLowerCase() as 'rx' | 'tx' | undefined;
    const mine = ours[i]?.stats64?.[side ?? 'rx'];
    const theirs = side && link.stats64[side];
    const k = theirs && mine ? reportsIn([theirs.bytes, theirs.packets], [mine.bytes, mine.packets]) : undefined;
    if (theirs && k !== undefined) {
      theirs.bytes -= k * IGMP_REPORT;
      theirs.packets -= k;
    }
    return link;
  });
}

/** Lines with two -s: the error counters' lines, which hoplab does not keep; it says so and fails. */
const twice = (text: string): boolean => /-s -s/.test(text);

let printed: ScriptRun['printed'];
let failed: ScriptRun['failed'];

beforeAll(() => {
  ({ printed, failed } = runScriptLines('iproute-stats.sh', join(tempDir(), 'stats.db')));
});

describe('ip -s on kernel 6.18, line by line (oracle I18S-stats)', () => {
  it('runs the very commands the oracle ran', () => {
    expect(LINES.map((l) => l.text)).toEqual(NOTES.map((b) => b.command));
  });

  it("takes out only whole IGMP reports, on the sides that count them, and both of br0's", () => {
    const bridge = [
      '    TX:  bytes packets errors dropped carrier collsns           ',
      '           248       4      0       0       0       0 ',
    ];
    const ours = [
      '    TX:  bytes packets errors dropped carrier collsns           ',
      '           140       2      0       0       0       0 ',
    ];
    expect(withoutIgmp(['4: br0: <UP>', ...bridge], ['4: br0: <UP>', ...ours])).toEqual(['4: br0: <UP>', ...ours]);
    // Three packets more, or bytes that are not whole reports, or the side that counts none: left as they are, so they differ.
    const three = [
      '    TX:  bytes packets errors dropped carrier collsns           ',
      '            86       1      0       0       0       0 ',
    ];
    expect(withoutIgmp(['4: br0: <UP>', ...bridge], ['4: br0: <UP>', ...three])[2]).toBe(bridge[1]);
    expect(withoutIgmp(['2: p1@if2: <UP>', ...bridge], ['2: p1@if2: <UP>', ...ours])[2]).toBe(ours[1]);
    expect(withoutIgmp(['1: lo: <UP>', ...bridge], ['1: lo: <UP>', ...ours])[2]).toBe(bridge[1]);
  });

  it.each(LINES.filter((l) => !twice(l.text)).map((l) => [l.line, l.text, l] as const))('line %i: %s', (line, _text, l) => {
    const ours = printed.get(line) ?? [];
    expect(ours.map(normalise)).toEqual(withoutIgmp(l.oracle.output, ours).map(normalise));
    expect(failed.get(line) ?? 0).toBe(l.oracle.status);
  });

  it('says that it prints one level of counters when asked for two', () => {
    for (const l of LINES.filter((x) => twice(x.text))) {
      expect(printed.get(l.line)).toEqual([
        expect.stringMatching(new RegExp(`iproute-stats\\.sh:${l.line}: hoplab does not support ip -s -s`)),
      ]);
      expect(failed.get(l.line)).toBe(1);
    }
  });
});
