import type { SimEvent } from '../events/event.js';
import type { RecordingReader } from '../store/recording.js';
import { summarizeFrame } from '../wire/summarize.js';
import { causeChain, type ChainLink } from './cause-chain.js';
import { counterpartOf } from './counterpart.js';
import type { Decision, Divergence } from './decision-matcher.js';
import type { DivergenceSide, FirstDivergence } from './diff-report.js';
import { NO_STEP } from './event-lineage.js';
import type { RecordingView } from './recording-view.js';
import { Renamer, towardB, type Pairing } from './pairing.js';

interface Side {
  reader: RecordingReader;
  view: RecordingView;
  name: string;
}

/**
 * The first divergence in full: each side's decision event with its why and
 * cause chain (read back from the recording by seq), the frame it concerned,
 * and one sentence setting the two decisions side by side:
 * "#12 hub1 floods it out of p1 (to h1), p3 (to h3) vs #12 sw1 forwards it out of p1 (to h1)".
 */
export function describeDivergence(d: Divergence, a: Side, b: Side, pairing?: Pairing): FirstDivergence {
  // A side with no decision there is asked what its frame did at that port instead (counterpart.ts).
  const decidedA = d.a && a.reader.event(d.a.seq);
  const decidedB = d.b && b.reader.event(d.b.seq);
  const ea = decidedA ?? (decidedB && counterpartOf(decidedB, b.reader, a.reader, new Renamer(pairing)));
  const eb = decidedB ?? (decidedA && counterpartOf(decidedA, a.reader, b.reader, towardB(pairing)));
  const first = (d.a ?? d.b) as Decision;
  const withFrame = ea?.frame !== undefined ? { e: ea, s: a } : eb?.frame !== undefined ? { e: eb, s: b } : undefined;
  const bytes = withFrame?.s.reader.frame(withFrame.e.frame!);
  const sa = ea ? sentence(ea, a.view) : `nothing happens there in ${a.name}`;
  const sb = eb ? sentence(eb, b.view) : `nothing happens there in ${b.name}`;
  return {
    step: first.step === NO_STEP ? null : first.step + 1,
    depth: first.depth,
    index: [d.a?.ord ?? null, d.b?.ord ?? null],
    frame: bytes ? summarizeFrame(bytes) : null,
    summary: `${sa} vs ${sb}`,
    a: ea ? side(ea, a.reader) : null,
    b: eb ? side(eb, b.reader) : null,
  };
}

function side(e: SimEvent, reader: RecordingReader): DivergenceSide {
  const chain = causeChain(reader, e);
  const context = contextOf(e, reader);
  return {
    seq: e.seq,
    node: e.node,
    kind: e.kind,
    why: e.why,
    ...(e.port !== undefined && { port: e.port }),
    ...(e.out !== undefined && { out: e.out }),
    ...(e.reason !== undefined && { reason: e.reason }),
    chain: chain.links,
    chainLength: chain.length,
    context,
  };
}

/** SPEC §3: learn, age, move and neigh events are a divergence's context, not divergences. */
const CONTEXT_KINDS = new Set(['learn', 'move', 'age', 'neigh']);
/** How far back from the decision to look for its siblings: they come right before it. */
const CONTEXT_WINDOW = 64;

/** What the device noted on the way to its decision: the context events that share the decision's cause (sw1 learns h2 behind p2, then forwards). */
function contextOf(e: SimEvent, reader: RecordingReader): ChainLink[] {
  if (e.cause === undefined) return [];
  const out: ChainLink[] = [];
  for (const x of reader.events({ from: Math.max(e.cause + 1, e.seq - CONTEXT_WINDOW), to: e.seq - 1 })) {
    if (x.cause === e.cause && CONTEXT_KINDS.has(x.kind)) out.push({ seq: x.seq, node: x.node, kind: x.kind, why: x.why });
  }
  return out;
}

function sentence(e: SimEvent, view: RecordingView): string {
  const ports = (e.out ?? []).map((p) => {
    const peer = view.peer(e.node, p);
    return peer ? `${p} (to ${peer})` : p;
  });
  const outText = ports.length ? ports.join(', ') : 'no port';
  const at = e.port ? ` at ${e.port}` : '';
  switch (e.kind) {
    case 'flood':
      return `#${e.seq} ${e.node} floods it out of ${outText}`;
    case 'forward':
      return `#${e.seq} ${e.node} forwards it out of ${outText}`;
    case 'filter':
      return `#${e.seq} ${e.node} filters it${at}`;
    case 'drop':
      return `#${e.seq} ${e.node} drops it${at} (${e.reason ?? 'no reason'})`;
    case 'deliver':
      return `#${e.seq} ${e.node} accepts it${at}`;
    case 'tx': {
      const peer = e.port ? view.peer(e.node, e.port) : undefined;
      return `#${e.seq} ${e.node} sends it out of ${e.port ?? 'a port'}${peer ? ` (to ${peer})` : ''}, no decision made there`;
    }
    case 'rx':
      return `#${e.seq} ${e.node} receives it${at}, no decision made there`;
    default:
      return `#${e.seq} ${e.node} ${e.kind}`;
  }
}
