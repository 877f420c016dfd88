import type { SimEvent } from '../events/event.js';
import type { RecordingReader } from '../store/recording.js';

export interface ChainLink {
  seq: number;
  node: string;
  kind: string;
  why: string;
}

/** Links shown at most; a storm's copy can sit thousands of decisions below its command. */
export const CHAIN_MAX = 40;

/**
 * What led to an event: its `cause` links back to the scenario command,
 * fetched one by one by seq (the reader's point lookup), so memory is the
 * chain, not the recording. Returned command first, the event last; when the
 * chain is longer than `max`, only the links nearest the event are kept and
 * `length` says how long it really is.
 */
export function causeChain(reader: RecordingReader, event: SimEvent, max = CHAIN_MAX): { links: ChainLink[]; length: number } {
  const links: ChainLink[] = [];
  let length = 0;
  let e: SimEvent | undefined = event;
  while (e) {
    length++;
    if (links.length < max) links.push({ seq: e.seq, node: e.node, kind: e.kind, why: e.why });
    e = e.cause !== undefined && e.cause < e.seq ? reader.event(e.cause) : undefined;
  }
  return { links: links.reverse(), length };
}
