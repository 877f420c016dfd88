import type { CaptureFormat } from './capture-format.js';
import type { CaptureStats } from './capture-sink.js';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * One line for stderr: what went where. Classic pcap has no interfaces, so with more
 * than one capture point the reader cannot tell them apart; say so.
 */
export function captureSummary(stats: CaptureStats, format: CaptureFormat, path: string): string[] {
  const lines = [
    `hoplab: exported ${count(stats.tx + stats.rx, 'packet')} (${stats.tx} outbound, ${stats.rx} inbound) on ${count(stats.interfaces, 'capture point')} to ${path}`,
  ];
  if (stats.lost > 0) {
    const frames = stats.lost === 1 ? '1 frame was' : `${stats.lost} frames were`;
    lines.push(
      stats.lostWritten > 0
        ? `hoplab: ${frames} lost at a port without crossing it: written on 'node:port lost' interfaces, marked 'not sent' or 'not received', and counted in each interface's statistics`
        : format === 'pcapng'
          ? `hoplab: ${frames} lost at a port without crossing it: counted in each interface's statistics (isb_ifdrop); --with-drops also writes them as packets`
          : `hoplab: ${frames} lost at a port without crossing it: classic pcap has no place to show them (use --format pcapng)`,
    );
  }
  if (format === 'pcap' && stats.interfaces > 1) {
    lines.push(
      `hoplab: note: classic pcap has no interfaces: the ${stats.interfaces} capture points are merged in time order and their names are lost (use --format pcapng, or one --at)`,
    );
  }
  if (stats.unshown > 0) {
    const what = stats.unshown === 1 ? '1 drop or collision has' : `${stats.unshown} drops or collisions have`;
    lines.push(`hoplab: note: ${what} no packet in this file to be shown on (hoplab events --kind drop,collision lists them)`);
  }
  return lines;
}
