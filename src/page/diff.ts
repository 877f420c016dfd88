import { get } from './api.js';
import type { Picture } from './picture.js';

type Pair = [number | null, number | null];
interface Side {
  seq: number;
  node: string;
  kind: string;
  why: string;
  chain: Array<{ seq: number; node: string; kind: string; why: string }>;
}
interface Report {
  names: [string, string];
  hosts: Record<string, Record<string, Pair | Record<string, Pair>>>;
  firstDivergence: { summary: string; frame: string; step: number; a: Side | null; b: Side | null } | null;
  notes: string[];
}

const FIELD_WORDS: Record<string, string> = {
  seen: 'saw (rx)',
  delivered: 'delivered',
  sent: 'sent (tx)',
  notForMe: 'not for it (dropped)',
  dropped: 'dropped',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/**
 * The Diff tab, for two recordings of the same traffic: `hoplab diff` made
 * visible. The first forwarding decision that differs is named, marked on
 * both pictures, with both cause chains (each step a link to that moment on
 * the shared clock), and every host whose view differs is listed with a
 * link to the first frame it saw in one and not in the other.
 */
export async function loadDiff(pane: HTMLElement, pictures: Picture[], go: (index: number, seq: number) => void): Promise<void> {
  pane.replaceChildren(el('p', 'Comparing the two recordings…'));
  let report: Report;
  try {
    report = await get<Report>('/api/diff');
  } catch (e) {
    pane.replaceChildren(el('p', (e as Error).message, 'diverge'));
    return;
  }
  pane.replaceChildren();
  const d = report.firstDivergence;
  pane.append(el('h3', 'first divergent forwarding decision'));
  if (!d?.a || !d.b) {
    pane.append(el('p', d ? d.summary : 'None: every forwarding decision is the same in both.'));
  } else {
    const summary = el('p', d.summary, 'diverge why');
    summary.id = 'divergence';
    pane.append(summary, el('p', `step ${d.step}, the frame: ${d.frame}`));
    pictures[0]?.mark(d.a.node, 'diverge');
    pictures[1]?.mark(d.b.node, 'diverge');
    for (const [index, side] of [
      [0, d.a],
      [1, d.b],
    ] as const) {
      pane.append(el('h3', `${report.names[index]}: how it got there`));
      const list = el('ol', undefined, 'chain mono');
      list.dataset.recording = String(index);
      list.setAttribute('aria-label', `Cause chain in ${report.names[index]}`);
      for (const c of side.chain) {
        const li = el('li');
        const a = el('a', `#${c.seq} ${c.node} ${c.kind}: ${c.why}`, 'link');
        a.setAttribute('href', '#');
        a.dataset.seq = String(c.seq);
        if (c.seq === side.seq) li.classList.add('diverge');
        a.addEventListener('click', (e) => {
          e.preventDefault();
          go(index, c.seq);
        });
        li.append(a);
        list.append(li);
      }
      pane.append(list);
    }
  }
  pane.append(el('h3', 'hosts that saw different traffic'));
  const table = el('ul', undefined, 'lines');
  table.setAttribute('aria-label', 'Per-host differences');
  for (const [host, counts] of Object.entries(report.hosts)) {
    const differ = Object.entries(counts).flatMap(([k, v]) => {
      if (Array.isArray(v)) return v[0] === v[1] ? [] : [`${FIELD_WORDS[k] ?? k} ${v[0] ?? '-'} vs ${v[1] ?? '-'}`];
      return Object.entries(v)
        .filter(([, p]) => p[0] !== p[1])
        .map(([to, p]) => `frames for ${to} ${p[0] ?? '-'} vs ${p[1] ?? '-'}`);
    });
    if (differ.length === 0) continue;
    const li = el('li');
    li.dataset.host = host;
    const link = el('a', `${host}: ${differ.join(', ')}`, 'link');
    link.setAttribute('href', '#');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      void get<{ side?: number; seq?: number }>(`/api/diff/host?name=${encodeURIComponent(host)}`).then((r) => {
        if (r.side !== undefined && r.seq !== undefined) go(r.side, r.seq);
      });
    });
    li.append(link);
    table.append(li);
  }
  if (!table.children.length) table.append(el('li', 'none: every host saw the same frames'));
  pane.append(table);
  for (const n of report.notes ?? []) pane.append(el('p', n));
  document.body.dataset.diff = 'shown';
}
