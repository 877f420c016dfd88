import { unsupported, type Shell } from './shell.js';

/** What ip's global options ask of the output (iproute2 6.1 ip/ip.c main). */
export interface IpOptions {
  /** -4: IPv4 only (hoplab has no other family), which changes how `addr` lists links. */
  inet: boolean;
  /** -d, -details. */
  details: boolean;
  /** -br, -brief: one short line per device or neighbour. */
  brief: boolean;
  /** -o, -oneline: each record on one line, `\` where a line would end. */
  oneline: boolean;
  /** -j, -json. */
  json: boolean;
  /** -p, -pretty: the JSON laid out (ip-json.ts). */
  pretty: boolean;
  /** -s, -stats, -statistics: a device's counters after it (link-counters.ts); hoplab prints the first level. */
  stats: boolean;
}

export const DEFAULT_IP_OPTIONS: IpOptions = {
  inet: false,
  details: false,
  brief: false,
  oneline: false,
  json: false,
  pretty: false,
  stats: false,
};

/**
 * ip.c's options in its own order of matches(), so that an abbreviation means
 * there what it means here (`-b` is -batch, tried before -brief; `-n` is
 * -netns). A leading `--` reads as `-`. Options hoplab does not emulate are its note.
 */
const OPTIONS: ReadonlyArray<[keyword: string, set: keyof IpOptions | undefined]> = [
  ['-loops', undefined],
  ['-family', undefined],
  ['-stats', 'stats'],
  ['-statistics', 'stats'],
  ['-details', 'details'],
  ['-resolve', undefined],
  ['-oneline', 'oneline'],
  ['-timestamp', undefined],
  ['-tshort', undefined],
  ['-Version', undefined],
  ['-force', undefined],
  ['-batch', undefined],
  ['-rcvbuf', undefined],
  ['-help', undefined],
  ['-netns', undefined],
  ['-Numeric', undefined],
  ['-all', undefined],
  ['-brief', 'brief'],
  ['-json', 'json'],
  ['-pretty', 'pretty'],
];

/** Reads one option into `o`: true when taken, else the status of hoplab's note. -n/-netns is the caller's. */
export function readOption(sh: Shell, word: string, o: IpOptions): true | number {
  const opt = word.startsWith('--') ? word.slice(1) : word;
  if (opt === '-4') {
    o.inet = true;
    return true;
  }
  const found = opt.length > 1 ? OPTIONS.find(([k]) => k.startsWith(opt)) : undefined;
  if (found?.[1] === undefined) return unsupported(sh, `hoplab does not support the ip option ${word}`);
  // A second -s asks for the error counters' lines (RX errors, TX errors, transns), which hoplab does not keep.
  if (found[1] === 'stats' && o.stats)
    return unsupported(sh, `hoplab does not support ip -s -s: it prints the packet and byte counters of one -s`);
  o[found[1]] = true;
  return true;
}
