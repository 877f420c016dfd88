import type { EventFilter } from '../store/recording.js';

export interface EventsFlags {
  from?: number;
  to?: number;
  kind?: string[];
  node?: string[];
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
