import type { EventFilter, RecordingHeader } from '../store/recording.js';
import { UsageError } from './usage-error.js';

export interface EventsFlags {
  from?: number;
  to?: number;
  kind?: string[];
  node?: string[];
  /** `events` only: ports (PORT or NODE:PORT) and protocols, as the stepper's port= and proto= filter. */
  port?: string[];
  proto?: string[];
  json?: boolean;
  bytes?: boolean;
}

/** The --from/--to/--kind/--node flags as the store's filter (shared by events, replay). */
export function eventFilter(flags: EventsFlags): EventFilter {
  return {
    ...(flags.from !== undefined && { from: flags.from }),
    ...(flags.to !== undefined && { to: flags.to }),
    ...(flags.kind && { kinds: flags.kind }),
    ...(flags.node && { nodes: flags.node }),
  };
}

/** `--node` names checked against the recording, as `state --node` checks its one: an unknown name is bad input. */
export function checkNodes(flags: EventsFlags, header: Pick<RecordingHeader, 'nodes'>): void {
  if (!flags.node) return;
  const nodes = new Set(header.nodes.map((n) => n.name));
  const unknown = flags.node.filter((n) => !nodes.has(n));
  if (unknown.length === 0) return;
  const names = [...nodes];
  const listed = names.length <= 30 ? names.join(', ') : `${names.slice(0, 30).join(', ')} and ${names.length - 30} more`;
  throw new UsageError(`--node: no node ${unknown.map((n) => `'${n}'`).join(', ')} in this recording (nodes: ${listed})`);
}

/** `--port` names checked against the recording's ports (PORT or NODE:PORT): an unknown one is bad input, as an unknown node is. */
export function checkPorts(flags: EventsFlags, header: Pick<RecordingHeader, 'ports'>): void {
  if (!flags.port) return;
  const known = new Set(header.ports.flatMap((p) => [p.port, `${p.node}:${p.port}`]));
  const unknown = flags.port.filter((p) => !known.has(p));
  if (unknown.length > 0) throw new UsageError(`--port: no port ${unknown.map((p) => `'${p}'`).join(', ')} in this recording`);
}
