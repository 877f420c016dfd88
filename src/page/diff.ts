import { get } from './api.js';
import type { Picture } from './picture.js';

type Pair = [number | null, number | null];
interface Link {
  seq: number;
  node: string;
  kind: string;
  why: string;
}
/** A collapsed chain's row: a link, or the line standing for a block's repeats (compare/chain-collapse.ts). */
type ChainRow = Link | { repeat: string; from: number; to: number };
interface Side extends Link {
  chain: Link[];
  chainLength: number;
}
interface RttRow {
  host: string;
  address: string;
  seq: string;
  a: string;
  b: string;
  change: string;
  differs: boolean;
}
/** `/api/diff`: `hoplab diff --json`, and what to list in its words (src/view/diff-pane.ts). */
interface Report {
  names: [string, string];
  hosts: Record<string, Record<string, Pair | Record<string, Pair>>>;
  firstDivergence: { summary: string; frame: string | null; step: number | null; a: Side | null; b: Side | null } | null;
  notes: string[];
  shown: {
    pairing: string;
    hostsInB: Record<string, string>;
    warnings: string[];
    cut: string | null;
    rtt: RttRow[];
    chains: [ChainRow[] | null, ChainRow[] | null];
  };
}

const FIELD_WORDS: Record<string, string> = {
  seen: 'saw (rx)',
  delivered: 'delivered',
  sent: 'sent (tx)',
  notForMe: 'not for it (dropped)',
  dropped: 'dropped',
};

type Go = (index: number, seq: number) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function seekLink(text: string, index: number, seq: number, go: Go): HTMLAnchorElement {
  const a = el('a', text, 'link');
  a.setAttribute('href', '#');
  a.dataset.seq = String(seq);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    go(index, seq);
  });
  return a;
}

/**
 * The Diff tab, for two recordings of the same traffic: `hoplab diff` made
 * visible, in its words (the server composes them). Which nodes of B stand
 * for differently named nodes of A; a warning for a run cut short; the first
 * forwarding decision that differs, marked on both pictures (each at its own
 * recording's node), with both cause chains, repeated blocks collapsed (each
 * link a step to that moment on the shared clock); every host whose view
 * differs, with a link to the first frame it saw in one and not the other;
 * each ping reply's round-trip time on both sides.
 */
export async function loadDiff(pane: HTMLElement, pictures: Picture[], go: Go): Promise<void> {
  pane.replaceChildren(el('p', 'Comparing the two recordings…'));
  let report: Report;
  try {
    report = await get<Report>('/api/diff');
  } catch (e) {
    pane.replaceChildren(el('p', (e as Error).message, 'diverge'));
    return;
  }
  pane.replaceChildren();
  const { shown } = report;
  if (shown.pairing) {
    const p = el('p', `paired ${shown.pairing} (the lists use A's names)`);
    p.id = 'pairing';
    pane.append(p);
  }
  if (shown.warnings.length) {
    const warnings = el('ul', undefined, 'warnings');
    warnings.id = 'truncation';
    warnings.setAttribute('aria-label', 'Runs cut short');
    for (const w of shown.warnings) warnings.append(el('li', w, 'diverge'));
    pane.append(warnings);
  }
  divergence(pane, report, pictures, go);
  hosts(pane, report, go);
  pingTimes(pane, report);
  for (const n of report.notes ?? []) pane.append(el('p', n));
  document.body.dataset.diff = 'shown';
}

function divergence(pane: HTMLElement, report: Report, pictures: Picture[], go: Go): void {
  const d = report.firstDivergence;
  pane.append(el('h3', 'first divergent forwarding decision'));
  pictures[0]?.mark(d?.a?.node, 'diverge');
  pictures[1]?.mark(d?.b?.node, 'diverge');
  if (!d) {
    pane.append(el('p', report.shown.cut ?? 'None: every forwarding decision is the same in both.'));
    return;
  }
  const summary = el('p', d.summary, 'diverge why');
  summary.id = 'divergence';
  const where = d.step === null ? 'outside the scenario' : `step ${d.step}`;
  pane.append(summary, el('p', `${where}${d.frame ? `, the frame: ${d.frame}` : ''}`));
  for (const index of [0, 1] as const) {
    const side = index === 0 ? d.a : d.b;
    const rows = report.shown.chains[index];
    const name = `${index === 0 ? 'A' : 'B'} ${report.names[index]}`;
    if (!side || !rows) {
      pane.append(el('h3', `${name}: no such decision`));
      continue;
    }
    const longer = side.chainLength > side.chain.length ? ` (last ${side.chain.length} of ${side.chainLength} links)` : '';
    pane.append(el('h3', `${name}: how it got there${longer}`));
    const list = el('ol', undefined, 'chain mono');
    list.dataset.recording = String(index);
    list.setAttribute('aria-label', `Cause chain in ${report.names[index]}`);
    for (const row of rows) {
      const li = el('li');
      if ('repeat' in row) {
        li.className = 'repeat';
        li.append(seekLink(row.repeat, index, row.to, go));
      } else {
        li.append(seekLink(`#${row.seq} ${row.node} ${row.kind}: ${row.why}`, index, row.seq, go));
        if (row.seq === side.seq) li.classList.add('diverge');
      }
      list.append(li);
    }
    pane.append(list);
  }
}

function hosts(pane: HTMLElement, report: Report, go: Go): void {
  pane.append(el('h3', 'hosts that saw different traffic'));
  const list = el('ul', undefined, 'lines');
  list.setAttribute('aria-label', 'Per-host differences');
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
    const inB = report.shown.hostsInB[host];
    const link = el('a', `${host}${inB ? ` (${inB} in B)` : ''}: ${differ.join(', ')}`, 'link');
    link.setAttribute('href', '#');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      void get<{ side?: number; seq?: number }>(`/api/diff/host?name=${encodeURIComponent(host)}`).then((r) => {
        if (r.side !== undefined && r.seq !== undefined) go(r.side, r.seq);
      });
    });
    li.append(link);
    list.append(li);
  }
  if (!list.children.length) list.append(el('li', 'none: every host saw the same frames'));
  pane.append(list);
}

/** Every reply, A's time beside B's, those that differ marked: `hoplab diff`'s RTT section, whole. */
function pingTimes(pane: HTMLElement, report: Report): void {
  const rows = report.shown.rtt;
  if (!rows.length) return;
  const differ = rows.filter((r) => r.differs).length;
  pane.append(el('h3', `ping round-trip times (${differ} of ${rows.length} differ)`));
  const table = el('table', undefined, 'rtt mono');
  table.setAttribute('aria-label', 'Ping round-trip times');
  const head = el('tr');
  for (const h of ['host', 'pinging', '', `A ${report.names[0]}`, `B ${report.names[1]}`, 'B - A']) head.append(el('th', h));
  table.append(head);
  for (const r of rows) {
    const tr = el('tr', undefined, r.differs ? 'differs' : undefined);
    tr.dataset.host = r.host;
    const inB = report.shown.hostsInB[r.host];
    for (const cell of [inB ? `${r.host} (${inB})` : r.host, r.address, r.seq, r.a, r.b, r.change]) tr.append(el('td', cell));
    table.append(tr);
  }
  pane.append(table);
}
