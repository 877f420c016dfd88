import { isAbsolute, join } from 'node:path';
import type { SimEvent } from '../events/event.js';
import { captureStartSeconds } from '../export/capture-start.js';
import { PcapWriter } from '../export/pcap-writer.js';
import { summarizeFrame, summarizeFrameWithLinkHeader } from '../wire/decode.js';
import type { Link } from './kernel.js';
import { unsupported, type Shell, type Status } from './shell.js';
import { tcpdumpTime } from './tcpdump-time.js';

/** What a tcpdump line asked for (tcpdump 4.99's options that hoplab reads). */
interface TcpdumpOptions {
  iface?: string;
  /** -e: each line starts with the MAC header. */
  linkHeader: boolean;
  /** -c N: stop after N packets. */
  count?: number;
  /** -w FILE: packets go to a classic pcap file instead of lines. */
  file?: string;
}

/** Options that change nothing in hoplab: -n (it never resolves names), -l and -U (its lines are never buffered), -p. */
const IGNORED_FLAGS = new Set(['n', 'l', 'U', 'p']);
const SUPPORTED = 'hoplab reads tcpdump -i IFACE, -n, -e, -c N, -w FILE (and -l, -U, -p, which change nothing here)';
/** libpcap's default snapshot length (MAXIMUM_SNAPLEN), which the listening line names. */
const SNAPLEN = 262144;

/**
 * `tcpdump -i IFACE [-n] [-e] [-c N] [-w FILE]` (tcpdump 4.99.3, libpcap
 * 1.10.3): every frame that leaves or reaches the interface while the next
 * lines run, one line each as tcpdump prints it, stamped with virtual time
 * (time 0 is 2000-01-01 00:00:00 UTC, capture-start.ts). It ends after -c N
 * packets or, in the background, when the script's last line has run (as
 * Ctrl-C ends it), in the foreground without -c at the line's interrupt time,
 * with its counts on stderr.
 */
export function tcpdump(sh: Shell, args: string[]): Status {
  const o = readOptions(sh, args);
  if (typeof o === 'number') return o;
  if (o.iface === undefined) return unsupported(sh, `hoplab's tcpdump needs the interface to watch: tcpdump -i IFACE`);
  const link = sh.kernel.find(sh.ns, o.iface);
  // pcap_activate's refusals, as tcpdump words them (PCAP_ERROR_NO_SUCH_DEVICE, PCAP_ERROR_IFACE_NOT_UP).
  if (!link) {
    sh.err(`tcpdump: ${o.iface}: No such device exists`);
    sh.err('(No such device exists)');
    return 1;
  }
  if (!sh.kernel.isUp(link)) {
    sh.err(`tcpdump: ${o.iface}: That device is not up`);
    return 1;
  }
  if (link.kind === 'loopback') return unsupported(sh, "hoplab's tcpdump watches veths and bridges; lo carries no frames here");
  const capture = new Capture(sh, link, o);
  capture.start();
  // In the foreground without -c it would run until Ctrl-C: the line is interrupted as every such line is.
  if (o.count === undefined && !sh.background) sh.untilInterrupted(() => capture.interrupt());
  return undefined;
}

function readOptions(sh: Shell, args: string[]): TcpdumpOptions | number {
  const o: TcpdumpOptions = { linkHeader: false };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (!w.startsWith('-') || w === '-')
      return unsupported(sh, `hoplab's tcpdump takes no filter expression ('${w}'): it shows every frame`);
    // getopt: flags cluster (-ne), and an option's value is the rest of the word or the next word.
    for (let k = 1; k < w.length; k++) {
      const flag = w[k]!;
      if (flag === 'e') o.linkHeader = true;
      else if (IGNORED_FLAGS.has(flag)) continue;
      else if (flag === 'i' || flag === 'c' || flag === 'w') {
        const value = k + 1 < w.length ? w.slice(k + 1) : args[++i];
        if (value === undefined) return unsupported(sh, `tcpdump -${flag} needs a value`);
        if (flag === 'i') o.iface = value;
        else if (flag === 'w') o.file = value;
        else if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 0x7fffffff) {
          sh.err(`tcpdump: invalid packet count ${value}`);
          return 1;
        } else o.count = Number(value);
        break;
      } else return unsupported(sh, `${SUPPORTED}, not -${flag}`);
    }
  }
  return o;
}

/** One running tcpdump: it taps the simulation's events and keeps those of its interface. */
class Capture {
  private packets = 0;
  private untap: () => void = () => {};
  private readonly writer: PcapWriter | undefined;
  private ended = false;

  constructor(
    private readonly sh: Shell,
    private readonly link: Link,
    private readonly o: TcpdumpOptions,
  ) {
    this.writer = o.file === undefined ? undefined : this.open(o.file);
  }

  start(): void {
    const { sh, link } = this;
    // -w prints the listening line alone, prefixed with the program's name (tcpdump.c, main).
    if (this.o.file === undefined) sh.err('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode');
    sh.err(
      `${this.o.file === undefined ? '' : 'tcpdump: '}listening on ${link.name}, link-type EN10MB (Ethernet), snapshot length ${SNAPLEN} bytes`,
    );
    this.untap = sh.kernel.network.sim.tap((e) => this.see(e));
    sh.onScriptEnd(() => this.end(true));
  }

  /** A frame leaving (tx) or reaching (rx) the interface's end of its cable is what the packet socket sees. */
  private see(e: SimEvent): void {
    if ((e.kind !== 'tx' && e.kind !== 'rx') || !e.bytes || this.ended) return;
    const at = this.sh.kernel.endpoint(this.link);
    if (e.node !== at.node || e.port !== at.port) return;
    this.packets++;
    if (this.o.file !== undefined) this.writer?.writePacket(0, e.t, e.bytes);
    else {
      const text = this.o.linkHeader ? summarizeFrameWithLinkHeader(e.bytes) : summarizeFrame(e.bytes);
      this.sh.out(`${tcpdumpTime(e.t)} ${text}`, e.seq);
    }
    if (this.packets === this.o.count) this.end(false);
  }

  /** SIGINT: the capture ends as Ctrl-C ends it. */
  interrupt(): void {
    this.end(true);
  }

  /** Ends the capture; SIGINT first ends the line on stdout (the oracle's blank line), then info() counts. */
  private end(interrupted: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.untap();
    this.close();
    const { sh } = this;
    if (interrupted) sh.out('');
    const n = this.packets;
    sh.err(`${n} packet${n === 1 ? '' : 's'} captured`);
    sh.err(`${n} packet${n === 1 ? '' : 's'} received by filter`);
    sh.err('0 packets dropped by kernel');
    sh.finish(0);
  }

  /** -w FILE, relative to the run's output folder; a run that keeps no files writes none. */
  private open(file: string): PcapWriter | undefined {
    const folder = this.sh.outputFolder;
    if (folder === undefined) return undefined;
    try {
      return PcapWriter.create(isAbsolute(file) ? file : join(folder, file), { startSeconds: captureStartSeconds() });
    } catch (e) {
      this.sh.writeFailed(e);
      return undefined;
    }
  }

  private close(): void {
    try {
      this.writer?.close();
    } catch (e) {
      this.sh.writeFailed(e);
    }
  }
}
