import type { RecordingHeader, RecordingStatus } from '../store/recording.js';
import type { StoredSnapshots } from '../store/stored-snapshots.js';
import type { RunSummary } from '../pipeline/live-run.js';
import { snapshotSink } from '../store/snapshots.js';
import { SNAPSHOT_VERSIONS_READ } from '../state/state-snapshot.js';
import { cadenceOf } from '../store/snapshot-cadence.js';
import { decodeSnapshot } from '../store/snapshot-codec.js';
import type { Topology } from '../topology/model.js';
import type { SimEvent } from '../events/event.js';
import { parseDuration } from '../topology/units.js';

/**
 * What `verify` checks besides the events: that the recording's header (its
 * nodes and their ports, MACs and cables), its meta (limits, counts, how it
 * stopped) and its snapshots are what the re-simulation gives. Each returns
 * sentences, one per difference.
 */

/** The nodes and ports the recording lists against those the re-simulated network has. */
export function headerDifferences(recorded: RecordingHeader, resimulated: RecordingHeader): string[] {
  const out: string[] = [];
  const nodes = (h: RecordingHeader): string[] => h.nodes.map((n) => `${n.name} (${n.kind})`);
  const ports = (h: RecordingHeader): string[] =>
    h.ports.map((p) => `${p.node}:${p.port}${p.mac ? ` mac ${p.mac}` : ''}${p.peerNode ? ` to ${p.peerNode}:${p.peerPort}` : ''}`);
  for (const [what, a, b] of [
    ['node', nodes(recorded), nodes(resimulated)],
    ['port', ports(recorded), ports(resimulated)],
  ] as const) {
    const extra = a.filter((x) => !b.includes(x));
    const missing = b.filter((x) => !a.includes(x));
    if (extra.length) out.push(`its ${what}s list ${extra.slice(0, 3).join(', ')}, which the topology does not make`);
    if (missing.length) out.push(`its ${what}s lack ${missing.slice(0, 3).join(', ')}, which the topology makes`);
  }
  return out;
}

/**
 * The limits and seed meta names against those its command line and topology give
 * (a recording whose tail was cut and whose `max_events` was edited to match is caught here).
 * Only for `hoplab run` command lines, whose flags are known, and only for limits that they
 * or the topology name: a default limit is not compared, since the defaults have changed
 * without a change of version number (recordings from before the 10,000,000-event one say
 * 2^53 - 1).
 */
export function limitDifferences(header: RecordingHeader, topology: Topology): string[] {
  const words = header.commandLine.split(/\s+/);
  if (words[0] !== 'hoplab' || words[1] !== 'run') return [];
  const flag = (name: string): string | undefined => {
    const at = words.findIndex((w) => w === name || w.startsWith(`${name}=`));
    if (at < 0) return undefined;
    return words[at]!.includes('=') ? words[at]!.slice(name.length + 1) : words[at + 1];
  };
  const out: string[] = [];
  const until = flag('--until');
  const max = flag('--max-events');
  const seed = flag('--seed');
  const expectedUntil = until !== undefined ? parseDuration(until) : topology.limits.untilNs;
  const expectedMax = max !== undefined ? Number(max) : (topology.limits.maxEvents ?? Number.NaN);
  const expectedSeed = seed !== undefined ? Number(seed) : topology.seed;
  if (header.untilNs !== undefined && expectedUntil !== undefined && header.untilNs !== expectedUntil)
    out.push(`its meta until_ns is ${header.untilNs}, but its command line and topology give ${expectedUntil}`);
  if (header.maxEvents !== undefined && Number.isFinite(expectedMax) && header.maxEvents !== expectedMax)
    out.push(`its meta max_events is ${header.maxEvents}, but its command line and topology give ${expectedMax}`);
  if (Number.isFinite(expectedSeed) && header.seed !== expectedSeed)
    out.push(`its meta seed is ${header.seed}, but its command line and topology give ${expectedSeed}`);
  return out;
}

/** How the recording says the run ended, against the events it holds and how the re-simulation ended. */
export function statusDifferences(status: RecordingStatus, read: number, summary: RunSummary | undefined): string[] {
  const out: string[] = [];
  if (status.events !== read) out.push(`its meta says ${status.events} events, but it holds ${read}`);
  const completes = status.stopReason === 'idle' || status.stopReason === 'until';
  if (status.complete !== completes)
    out.push(`its meta says ${status.complete ? 'complete' : 'incomplete'}, but a run that stopped by ${status.stopReason} is not`);
  // A run that ended by itself must end the same way again; one cut short (interrupted, killed, failed) was re-run to its length.
  if (summary && (completes || status.stopReason === 'max-events')) {
    if (summary.stopReason !== status.stopReason)
      out.push(`it stopped by ${status.stopReason}, the re-simulation by ${summary.stopReason}`);
    else if (summary.events !== status.events) out.push(`its meta says ${status.events} events, the re-simulation made ${summary.events}`);
    else if (summary.endTime !== status.endTime)
      out.push(`its meta says it ended at ${status.endTime} ns, the re-simulation at ${summary.endTime} ns`);
  }
  return out;
}

/**
 * Checks stored snapshots as the re-simulation passes them: the same sink a run
 * records them with (snapshotSink) folds the re-simulated events, and each state
 * it would store must be the stored one, text for text; a snapshot where the run
 * would have stored none is a difference too.
 */
export class SnapshotCheck {
  readonly differences: string[] = [];
  private readonly sink: ReturnType<typeof snapshotSink> | undefined;
  private pending: IteratorResult<[number, string | Uint8Array]>;
  private format = '';

  constructor(
    header: RecordingHeader,
    private readonly stored: StoredSnapshots,
    notes: string[],
  ) {
    this.pending = stored.rows.next();
    if (this.pending.done) {
      this.sink = undefined;
      return;
    }
    const format = stored.format;
    if (format === undefined || !SNAPSHOT_VERSIONS_READ.has(format) || !Number.isSafeInteger(stored.interval) || stored.interval! < 1) {
      notes.push(`its snapshots are of another fold (${stored.format ?? 'none named'}): not checked`);
      this.sink = undefined;
      return;
    }
    this.format = format;
    this.sink = snapshotSink(header, { snapshot: (seq, state) => this.compare(seq, state) }, cadenceOf(format, stored.interval!), format);
  }

  next(e: SimEvent): void {
    this.sink?.next?.(e);
  }

  /** After the last event: any stored snapshot not met is past the events or off the interval. */
  end(): void {
    if (this.sink && !this.pending.done)
      this.differences.push(`it stores a snapshot after event ${this.pending.value[0]}, where the run stores none`);
    this.stored.close();
  }

  private compare(seq: number, state: string | Uint8Array): void {
    while (!this.pending.done && this.pending.value[0] < seq) {
      this.differences.push(`it stores a snapshot after event ${this.pending.value[0]}, where the run stores none`);
      this.pending = this.stored.rows.next();
    }
    if (this.pending.done || this.pending.value[0] !== seq) return;
    if (!this.same(this.pending.value[1], state)) this.differences.push(`its snapshot after event ${seq} is not the state the events give`);
    this.pending = this.stored.rows.next();
  }

  /** A stored snapshot against the re-simulation's, compared as JSON text (another zlib may compress the same text to other bytes). */
  private same(stored: string | Uint8Array, resimulated: string | Uint8Array): boolean {
    try {
      return decodeSnapshot(stored, this.format) === decodeSnapshot(resimulated, this.format);
    } catch {
      return false;
    }
  }
}
