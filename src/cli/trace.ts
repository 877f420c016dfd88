import { openRecording } from '../api/recording.js';
import { outcomeOf, type CauseNode } from '../events/causality.js';
import type { SimEvent } from '../events/event.js';
import { formatEvent } from '../events/format-event.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { UsageError } from './usage-error.js';

export interface TraceFlags {
  json?: boolean;
  depth?: number;
  limit?: number;
}

/** `hoplab trace REC.db SEQ`: what led to an event, back to its scenario command, and what it led to. */
export async function traceCommand(path: string, seqText: string, flags: TraceFlags): Promise<number> {
  if (!/^\d+$/.test(seqText)) throw new UsageError(`SEQ: '${seqText}' is not an event number`);
  const recording = openRecording(path);
  const out = new LineWriter(1);
  try {
    const seq = Number(seqText);
    if (!recording.event(seq)) throw new UsageError(`SEQ: no event #${seq} in ${path} (it has ${recording.status().events})`);
    const {
      event,
      causes: chain,
      consequences: tree,
      outcomes,
    } = recording.trace(seq, {
      ...(flags.depth !== undefined && { depth: flags.depth }),
      ...(flags.limit !== undefined && { limit: flags.limit }),
    });
    if (flags.json) {
      const strip = ({ bytes, ...e }: SimEvent): Omit<SimEvent, 'bytes'> => e;
      const node = (n: CauseNode): object => ({
        ...strip(n.event),
        ...(outcomeOf(n, tree.complete) && { outcome: outcomeOf(n, tree.complete) }),
        children: n.children.map(node),
      });
      out.line(
        JSON.stringify({
          event: strip(event),
          causes: chain.map(strip),
          consequences: node(tree.root),
          size: tree.size,
          outcomes,
          ...(tree.cutShort && { cutShort: tree.cutShort }),
        }),
      );
      return 0;
    }
    out.line(line(event));
    out.line(`  why: ${event.why}`);
    if (event.copy !== undefined) out.line(`  copy: ${lineage(event, chain)}`);
    out.line('');
    if (chain.length === 0) out.line(event.kind === 'command' ? 'a scenario command: nothing caused it' : 'nothing recorded caused it');
    else {
      const first = chain[chain.length - 1]!;
      out.line(`caused by, back to ${first.kind === 'command' ? 'the scenario command' : 'the first recorded cause'}:`);
      for (const c of chain) out.line(`  ${line(c)}`);
    }
    out.line('');
    out.line(`led to ${tree.size - 1} event${tree.size === 2 ? '' : 's'}:`);
    renderTree(tree.root, tree.complete, '', '', (l) => out.line(l));
    if (tree.cutShort) out.line(`(${tree.cutShort})`);
    const summary = Object.entries(outcomes)
      .map(([o, n]) => `${n} ${o}`)
      .join(', ');
    if (summary) out.line(`where the branches ended: ${summary}`);
    return 0;
  } finally {
    out.flush();
    recording.close();
  }
}

/**
 * Which copy of its frame the event concerns and where that copy came from:
 * the txs of the same frame among its causes are the copies it was made
 * from, nearest first (events/frame-copy.ts).
 */
function lineage(event: SimEvent, chain: SimEvent[]): string {
  const before = chain.filter((c) => c.kind === 'tx' && c.frame === event.frame && c.seq !== event.copy);
  const first = before[before.length - 1];
  if (!first) return `#${event.copy}, the first: ${event.kind === 'tx' ? event.node : 'its sender'} built the frame`;
  if (before.length === 1) return `#${event.copy}, made from #${first.seq} (${first.node}:${first.port})`;
  return `#${event.copy}, made from #${before[0]!.seq}; ${before.length} copies back to the first, #${first.seq} (${first.node}:${first.port})`;
}

/** The event's line without its `(#cause)` suffix: in a tree the cause is the line above. */
function line(e: SimEvent): string {
  const text = formatEvent(e);
  const suffix = e.cause !== undefined ? ` (#${e.cause})` : '';
  return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

function renderTree(n: CauseNode, complete: boolean, lead: string, childLead: string, emit: (l: string) => void): void {
  const outcome = outcomeOf(n, complete);
  emit(`${lead}${line(n.event)}${outcome ? `  => ${outcome}` : ''}`);
  n.children.forEach((c, i) => {
    const last = i === n.children.length - 1;
    renderTree(c, complete, `${childLead}${last ? '└─ ' : '├─ '}`, `${childLead}${last ? '   ' : '│  '}`, emit);
  });
}
