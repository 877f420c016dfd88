import { hostDivergence } from './host-divergence.js';
import { BadRequest, NotFound } from './http-error.js';
import type { ViewContext } from './context.js';
import type { ViewSession } from './session.js';

/**
 * The JSON API the page reads, one path per question, the recording chosen
 * by index (`/api/r/0/...`; the second of two is 1):
 *
 *   /api/info                         both recordings: names, sizes, drawings
 *   /api/r/I/at?seq=N                 frames on the wires just after #N, drops, bridge ports' STP states, a script's shape
 *   /api/r/I/chunk?from=A&to=B        the same for playing from #A to #B, with each event's time
 *   /api/r/I/events?seq=N&before=B&after=A&filter=F   a page of the event list
 *   /api/r/I/step?seq=N&dir=1|-1&filter=F             the next/previous event through the filter
 *   /api/r/I/event?seq=N              the event: why, causes, frame by layer, its cause (previous hop)
 *   /api/r/I/copy?seq=N&go=next|prev|child|parent   along the event's copy of its frame, or to the copies made from it
 *   /api/r/I/tables?seq=N&node=X      the node's tables as `state --at N --node X` prints them
 *   /api/r/I/time?t=NS                the last event at or before a time
 *   /api/r/I/stats                    `hoplab stats --json`'s counts and buckets
 *   /api/r/I/chart                    `hoplab stats --svg`'s plot
 *   /api/diff                         `hoplab diff --json` of the two (with view's --map), and under `shown`
 *                                     what the Diff tab lists in diff's words: pairing, warnings, RTTs, chains
 *   /api/diff/host?name=H             the first frame host H (A's name) received in one and not the other
 */
export async function route(ctx: ViewContext, url: URL): Promise<object> {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 2 && parts[1] === 'info') return { recordings: ctx.sessions.map((s) => s.info()), diff: ctx.diff !== undefined };
  if (parts[1] === 'diff' && parts.length <= 3) {
    if (!ctx.diff) throw new NotFound('a diff needs two recordings: hoplab view A.db B.db');
    if (parts.length === 2) return ctx.diff();
    if (parts[2] === 'host') {
      return hostDivergence(ctx.sessions[0]!, ctx.sessions[1]!, required(url.searchParams, 'name'), ctx.pairing);
    }
    throw new NotFound(`no such API: ${url.pathname}`);
  }
  if (parts.length !== 4 || parts[1] !== 'r') throw new NotFound(`no such API: ${url.pathname}`);
  const index = Number(parts[2]);
  const s = ctx.sessions[index];
  if (!Number.isInteger(index) || !s)
    throw new NotFound(`no recording ${parts[2]} (there ${ctx.sessions.length === 1 ? 'is 1' : `are ${ctx.sessions.length}`})`);
  const q = url.searchParams;
  switch (parts[3]) {
    case 'at':
      return s.at(int(q, 'seq'));
    case 'chunk':
      return s.chunk(int(q, 'from'), int(q, 'to'));
    case 'events':
      return s.page(int(q, 'seq'), int(q, 'before', 0), int(q, 'after', 100), q.get('filter') ?? '');
    case 'step':
      return step(s, q);
    case 'event':
      return s.detail(int(q, 'seq'));
    case 'copy':
      return s.copyStep(int(q, 'seq'), required(q, 'go'));
    case 'tables':
      return s.tables(int(q, 'seq'), required(q, 'node'));
    case 'time':
      return { seq: s.seqAtTime(int(q, 't')) };
    case 'stats':
      return s.statistics();
    case 'chart':
      return s.chart();
    default:
      throw new NotFound(`no such API: ${url.pathname}`);
  }
}

function step(s: ViewSession, q: URLSearchParams): object {
  const seq = int(q, 'seq');
  s.checkSeq(seq, true);
  const dir = int(q, 'dir');
  if (dir !== 1 && dir !== -1) throw new BadRequest(`dir must be 1 or -1, not ${dir}`);
  return { seq: s.step(seq, dir, q.get('filter') ?? '') ?? null };
}

function required(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (v === null || v === '') throw new BadRequest(`missing parameter '${name}'`);
  return v;
}

function int(q: URLSearchParams, name: string, fallback?: number): number {
  const v = q.get(name);
  if (v === null || v === '') {
    if (fallback !== undefined) return fallback;
    throw new BadRequest(`missing parameter '${name}'`);
  }
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new BadRequest(`'${name}' must be a whole number, not '${v}'`);
  return Number(v);
}
