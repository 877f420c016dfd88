// What the real commands printed in the oracle's runs (results/<scenario>/notes.txt),
// so the router tests compare hoplab's printed lines with Linux's own.

import { readFileSync } from 'node:fs';
import { ORACLE_RESULTS } from '../helpers/fixtures.js';

/** The lines `ip netns exec NS <command>` printed, exactly as notes.txt holds them. */
export function oracleOutput(scenario: string, command: string): string[] {
  const lines = readFileSync(`${ORACLE_RESULTS}/${scenario}/notes.txt`, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\$ ip netns exec \S+ /.test(l) && l.endsWith(` ${command}`));
  if (start < 0) throw new Error(`${scenario}/notes.txt never ran ${command}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('[exit code:'));
  return lines.slice(start + 1, end);
}

/** Times differ between a real run and a virtual one: mask them (ping's rtt and totals, traceroute's probes). */
export function maskTimes(lines: string[]): string[] {
  return lines.map((l) =>
    l
      .replace(/ = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/, ' = T ms')
      .replace(/time=[\d.]+ ms/, 'time=T ms')
      .replace(/time \d+ms/, 'time Tms')
      .replace(/\d+\.\d{3} ms/g, 'T ms'),
  );
}
