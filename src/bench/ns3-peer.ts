import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from './workload-process.js';

/**
 * The ns-3 companion of issue 21, item 4: bench/ns3/storm.cc (the peer the
 * issue's ns-3 figures were measured with) built with g++ against Debian's
 * libns3-dev into the bench's temporary directory, and run on the same
 * four-switch full-mesh storm as `hoplab run`, pcap of every device on.
 * Machines without ns-3 (CI) skip the row and say why.
 */
const SOURCE = fileURLToPath(new URL('../../bench/ns3/storm.cc', import.meta.url));
const PKG_MODULES = ['ns3-core', 'ns3-network', 'ns3-csma', 'ns3-bridge'];
/**
 * By name, not `pkg-config --libs`: Debian's ns3 .pc files also name libgsl.so,
 * which only libgsl-dev installs; the ns-3 libraries carry their own dependencies.
 */
const LIBS = ['-lns3-core', '-lns3-network', '-lns3-csma', '-lns3-bridge', '-lns3-internet', '-lns3-applications'];
/** Simulated seconds of storm: about two seconds of wall time here, 450,000 transmissions (run.sh's default). */
const STOP_SECONDS = 0.4;

export type Ns3Build = { binary: string } | { skipped: string };

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

/** Builds the ns-3 storm into `dir`, or says why it cannot (no g++, no libns3-dev, a failed build). `env` is the tools' environment. */
export function buildNs3Storm(dir: string, env: NodeJS.ProcessEnv = process.env): Ns3Build {
  if (env.HOPLAB_BENCH_NS3 === '0') return { skipped: 'HOPLAB_BENCH_NS3=0' };
  const gxx = spawnSync('g++', ['--version'], { encoding: 'utf8', env });
  if (gxx.error || gxx.status !== 0) return { skipped: 'g++ is not installed' };
  const flags = spawnSync('pkg-config', ['--cflags', ...PKG_MODULES], { encoding: 'utf8', env });
  if (flags.error) return { skipped: 'pkg-config is not installed' };
  if (flags.status !== 0) return { skipped: `libns3-dev is not installed (pkg-config finds no ${PKG_MODULES.join(', ')})` };
  const binary = join(dir, 'ns3-storm');
  const cflags = flags.stdout.trim().split(/\s+/).filter(Boolean);
  const built = spawnSync('g++', ['-O2', '-std=c++17', '-o', binary, SOURCE, ...cflags, ...LIBS], { encoding: 'utf8', env });
  if (built.status !== 0 || !existsSync(binary)) return { skipped: `g++ could not build bench/ns3/storm.cc: ${firstLine(built.stderr)}` };
  return { binary };
}

function bytesUnder(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** One run of the ns-3 storm: its frame transmissions (PhyTxBegin) per second of Simulator::Run, as hoplab's tx per second. */
export function runNs3Storm(binary: string, dir: string): Result {
  const pcap = join(dir, 'ns3-pcap');
  rmSync(pcap, { recursive: true, force: true });
  mkdirSync(pcap);
  const r = spawnSync(
    binary,
    ['--topo=mesh', '--switches=4', '--hosts=1', `--stop=${STOP_SECONDS}`, '--pcap=1', `--prefix=${join(pcap, 'storm')}`],
    { encoding: 'utf8' },
  );
  const line = /^RESULT (\{.*\})$/m.exec(r.stdout)?.[1];
  if (r.status !== 0 || !line) return { name: 'ns3-storm', error: firstLine(r.stderr) || `exit ${r.status}` };
  const ns3 = JSON.parse(line) as Record<string, number>;
  const pcapBytes = bytesUnder(pcap);
  rmSync(pcap, { recursive: true, force: true });
  return {
    name: 'ns3-storm',
    tx: ns3.tx_begin!,
    events: ns3.events!,
    seconds: ns3.run_s!,
    txPerSecond: Math.round(ns3.frame_tx_per_s!),
    eventsPerSecond: Math.round(ns3.events_per_s!),
    pcapMb: Math.round(pcapBytes / 2 ** 20),
    peakRssMb: Math.round(ns3.maxrss_MB!),
  };
}
